#!/bin/bash
# Times `gongkai build` on generated corpora: 3 runs per size, prints each run
# (wall, user, sys, peak RSS from /usr/bin/time -v) and the median wall time.
#
#   benches/run.sh [SIZES...]        default: 1000 10000
#
# Environment: SEED (default 1), WORK (default /tmp/gongkai-bench), RUNS (default 3),
# GONGKAI (a gongkai binary to time instead of building target/release/gongkai).
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-1}
WORK=${WORK:-/tmp/gongkai-bench}
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)

mkdir -p "$WORK"
if [ -n "${GONGKAI:-}" ]; then
  cargo build --release --example gen_corpus
  cp "$GONGKAI" "$WORK/gongkai"
else
  cargo build --release --bin gongkai --example gen_corpus
  # Time a copy, so a concurrent `cargo build` cannot swap the binary mid-run.
  cp target/release/gongkai "$WORK/gongkai"
fi

for n in "${SIZES[@]}"; do
  site="$WORK/site-$n"
  out="$WORK/out-$n"
  target/release/examples/gen_corpus --pages "$n" --seed "$SEED" --out "$site"
  walls=()
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$out"
    sync  # flush the previous run's writes, so runs start alike
    log="$WORK/time-$n-$i.txt"
    if ! /usr/bin/time -v "$WORK/gongkai" build --root "$site" --output "$out" >"$log.out" 2>"$log"; then
      echo "gongkai build of $site failed:" >&2
      tail -n 20 "$log.out" >&2
      exit 1
    fi
    wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$log")
    secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
    usr=$(awk -F': ' '/User time/ {print $2}' "$log")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log")
    echo "pages=$n run=$i wall=${secs}s user=${usr}s sys=${sys}s peak_rss=${rss}KB load=$(cut -d' ' -f1 /proc/loadavg)"
    walls+=("$secs")
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "pages=$n median_wall=${median}s"
done
