#!/bin/bash
# Measures the search index on a generated corpus: the build's "search index"
# stage against the whole build (GONGKAI_TIMINGS=1, median of RUNS), what the
# index adds to the build (each run also builds the same site with
# `[search] enabled = false`, right after, into the same kind of folder), the size
# of search/, and the bytes the browser downloads for some queries (metadata
# plus the files of the query's tokens: document lists, and positions for
# phrases, as built: lists gzip, positions and text not). In Chromium,
# against Pagefind:
# benches/query-bytes.mjs.
#
#   benches/search.sh [PAGES]          default: 10000
#
# Environment: SEED (default 1), WORK (default /tmp/gongkai-search-bench),
# RUNS (default 3), QUERIES (default "卫生 医保报销 整改落实 人大代表
# 人大常委会 人民代表大会 代表联络站 镇"),
# PAGEFIND=1 to also time Pagefind on the same HTML (needs `npm install
# pagefind` in $WORK/pagefind first; never inside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-10000}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/gongkai-search-bench}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-"卫生 医保报销 整改落实 人大代表 人大常委会 人民代表大会 代表联络站 镇"}

mkdir -p "$WORK"
cargo build --release --bin gongkai --example gen_corpus --example search_query
# Time copies, so a concurrent `cargo build` cannot swap a binary mid-run.
cp target/release/gongkai "$WORK/gongkai"
cp target/release/examples/search_query "$WORK/search_query"
site="$WORK/site-$PAGES"
out="$WORK/out-$PAGES"
target/release/examples/gen_corpus --pages "$PAGES" --seed "$SEED" --out "$site"
# The same site without search (a copy: gongkai does not follow links out of a site).
bare="$WORK/site-$PAGES-nosearch"
rm -rf "$bare" && mkdir -p "$bare"
cp -r "$site/content" "$bare/"
{ cat "$site/site.toml"; printf '\n[search]\nenabled = false\n'; } >"$bare/site.toml"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall_of() { awk -F': ' '/Elapsed \(wall/ {print $2}' "$1" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
walls=(); stages=(); added=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$out" "$out-nosearch"
  sync
  log="$WORK/build-$i.txt"
  GONGKAI_TIMINGS=1 /usr/bin/time -v "$WORK/gongkai" build --root "$site" --output "$out" >"$log.out" 2>"$log"
  wall=$(wall_of "$log")
  stage=$(awk '/^timing search index:/ {print $4/1000}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
  /usr/bin/time -v "$WORK/gongkai" build --root "$bare" --output "$out-nosearch" >"$log.bare.out" 2>"$log.bare"
  bare_wall=$(wall_of "$log.bare")
  add=$(awk "BEGIN {print $wall - $bare_wall}")
  echo "run=$i wall=${wall}s search_index=${stage}s without_search=${bare_wall}s added=${add}s peak_rss=${rss}KB load=$(cut -d' ' -f1 /proc/loadavg)"
  grep '^timing search index,' "$log" | sed 's/^/  /'
  walls+=("$wall"); stages+=("$stage"); added+=("$add")
done
mw=$(printf '%s\n' "${walls[@]}" | median)
ms=$(printf '%s\n' "${stages[@]}" | median)
ma=$(printf '%s\n' "${added[@]}" | median)
echo "pages=$PAGES median_wall=${mw}s median_search_index=${ms}s share=$(awk "BEGIN {printf \"%.1f%%\", 100*$ms/$mw}")" \
  "median_added_by_search=${ma}s ($(awk "BEGIN {printf \"%.1f%%\", 100*$ma/$mw}") of the build)"

idx="$out/search"
gz() { gzip -9 -c "$@" | wc -c; }
# Format 9: blobs packed by kind (pack/s0.bin …): sizes by kind of pack.
kind() { cat "$idx"/pack/"$1"*.bin | wc -c; }
echo "index: $(find "$idx" -type f ! -name index.html | wc -l) files, $(du -sb "$idx" | cut -f1) bytes" \
  "(document lists $(kind s), positions $(kind p), grams $(kind g), gram positions $(kind q)," \
  "text chunks $(kind c) in $(ls "$idx"/pack | grep -c '^c') packs, meta.bin $(wc -c <"$idx/meta.bin"); lists gzip)"
echo "search page scripts: $(cat "$out/js/search.js" "$out/js/search-core.js" | wc -c) bytes," \
  "$(gz "$out/js/search.js") + $(gz "$out/js/search-core.js") gzipped"
for q in $QUERIES; do
  json=$("$WORK/search_query" "$out" "$q")
  files=$(echo "$json" | sed 's/.*"files":\[\([^]]*\)\].*/\1/' | tr -d '"' | tr ',' ' ')
  # Hits are [doc, score] pairs: one more than the "],[" between them, if any.
  hits=$(echo "$json" | { grep -o '\],\[' || true; } | wc -l)
  case "$json" in *'"hits":[]'*) hits=-1 ;; esac
  # The meta and the byte ranges of the query's blobs (search_query adds them up).
  meta=$(echo "$json" | sed 's/.*"metadata_bytes":\([0-9]*\).*/\1/')
  blobs=$(echo "$json" | sed 's/.*"shard_bytes":\([0-9]*\).*/\1/')
  raw=$((meta + blobs))
  echo "query=$q files=[$files] results=$((hits + 1)) fetched=${raw}B (before the text of results shown)"
done

if [ "${PAGEFIND:-}" = 1 ]; then
  pf="$WORK/pagefind"
  rm -rf "$WORK/pagefind-out"
  (cd "$pf" && /usr/bin/time -v npx pagefind --site "$out" --output-path "$WORK/pagefind-out" \
    >"$WORK/pagefind.out" 2>"$WORK/pagefind.txt")
  echo "pagefind: wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$WORK/pagefind.txt")" \
    "peak_rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/pagefind.txt")KB" \
    "index=$(du -sb "$WORK/pagefind-out" | cut -f1) bytes in $(find "$WORK/pagefind-out" -type f | wc -l) files"
fi
