#!/bin/bash
# Measures the search index on a generated corpus: the build's "search index"
# stage against the whole build (GONGKAI_TIMINGS=1, median of RUNS), the size
# of search/, and the bytes the browser downloads for some queries (metadata
# plus the files of the query's tokens: document lists, and positions for
# phrases; all gzip already). The bytes in Chromium, against Pagefind:
# benches/query-bytes.mjs.
#
#   benches/search.sh [PAGES]          default: 10000
#
# Environment: SEED (default 1), WORK (default /tmp/gongkai-search-bench),
# RUNS (default 3), QUERIES (default "卫生 医保报销 整改落实 人大代表 镇"),
# PAGEFIND=1 to also time Pagefind on the same HTML (needs `npm install
# pagefind` in $WORK/pagefind first; never inside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-10000}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/gongkai-search-bench}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-"卫生 医保报销 整改落实 人大代表 镇"}

mkdir -p "$WORK"
cargo build --release --bin gongkai --example gen_corpus --example search_query
# Time copies, so a concurrent `cargo build` cannot swap a binary mid-run.
cp target/release/gongkai "$WORK/gongkai"
cp target/release/examples/search_query "$WORK/search_query"
site="$WORK/site-$PAGES"
out="$WORK/out-$PAGES"
target/release/examples/gen_corpus --pages "$PAGES" --seed "$SEED" --out "$site"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
walls=(); stages=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$out"
  sync
  log="$WORK/build-$i.txt"
  GONGKAI_TIMINGS=1 /usr/bin/time -v "$WORK/gongkai" build --root "$site" --output "$out" >"$log.out" 2>"$log"
  wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  stage=$(awk '/^timing search index:/ {print $4/1000}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$log")
  echo "run=$i wall=${wall}s search_index=${stage}s peak_rss=${rss}KB load=$(cut -d' ' -f1 /proc/loadavg)"
  walls+=("$wall"); stages+=("$stage")
done
mw=$(printf '%s\n' "${walls[@]}" | median)
ms=$(printf '%s\n' "${stages[@]}" | median)
echo "pages=$PAGES median_wall=${mw}s median_search_index=${ms}s share=$(awk "BEGIN {printf \"%.1f%%\", 100*$ms/$mw}")"

idx="$out/search"
gz() { gzip -9 -c "$@" | wc -c; }
echo "index: $(find "$idx" -type f | wc -l) files, $(du -sb "$idx" | cut -f1) bytes" \
  "(document lists $(cat "$idx"/s/*.bin | wc -c), positions $(cat "$idx"/p/*.bin | wc -c)," \
  "grams $(cat "$idx"/g/*.bin | wc -c)," \
  "text chunks $(cat "$idx"/c/*.bin | wc -c) in $(ls "$idx"/c | wc -l) files," \
  "meta.json $(wc -c <"$idx/meta.json"), docs.bin $(wc -c <"$idx/docs.bin"); all gzip but meta.json)"
echo "search page scripts: $(cat "$out/js/search.js" "$out/js/search-core.js" | wc -c) bytes," \
  "$(gz "$out/js/search.js") + $(gz "$out/js/search-core.js") gzipped"
for q in $QUERIES; do
  json=$("$WORK/search_query" "$out" "$q")
  files=$(echo "$json" | sed 's/.*"files":\[\([^]]*\)\].*/\1/' | tr -d '"' | tr ',' ' ')
  hits=$(echo "$json" | grep -o '\],\[' | wc -l)
  paths=("$idx/meta.json" "$idx/docs.bin")
  for f in $files; do paths+=("$idx/$f"); done
  raw=$(cat "${paths[@]}" | wc -c)
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
