#!/usr/bin/env bash
# Secret scanner benchmark: `drydock scan secrets` on a ~260 MB tree of ~17,000 real source
# files (popular npm packages, pinned by bench/secrets-tree/package-lock.json), on half of
# those files, and secretlint 12 with @secretlint/secretlint-rule-preset-recommend on the same
# tree in chunks of 500 files, in the same run; medians of BENCH_ROUNDS (3) rounds. Recall and
# false hits come from test/secrets/recall.test.ts, run here too.
#   bash bench/secrets.sh        exit 0 when every target is met, 3 otherwise
# Needs the npm registry (the tree and secretlint are installed into a temporary directory,
# never into the project). Nothing listens on the network.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-3}
chunk=${BENCH_CHUNK:-500}
# secretlint 12.1 and later declare Node >= 22; 12.0.0 is the last 12.x for Node 20.
secretlint_version=${SECRETLINT_VERSION:-12.0.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

echo "[secrets-bench] installing the tree (npm ci of bench/secrets-tree)..."
mkdir -p "$work/install"
cp bench/secrets-tree/package.json bench/secrets-tree/package-lock.json "$work/install/"
(cd "$work/install" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
# A source tree, not an install: no directory named node_modules, no symlinks (.bin).
mv "$work/install/node_modules" "$work/tree"
find "$work/tree" -depth -type d -name node_modules -execdir mv {} nm \;
find "$work/tree" -type l -delete
(cd "$work/tree" && find . -type f | LC_ALL=C sort) > "$work/files"
files=$(wc -l < "$work/files")
bytes=$(cd "$work/tree" && find . -type f -printf '%s\n' | awk '{s += $1} END {print s}')
# Half of the files with half of the bytes (every other file in size order, hard links): the
# scaling check, 2x the files (and the bytes) against 1x.
(cd "$work/tree" && find . -type f -printf '%s %p\n' | LC_ALL=C sort -k1,1n -k2 | awk 'NR % 2 == 1' |
  cut -d' ' -f2-) > "$work/half-files"
mkdir -p "$work/half"
(cd "$work/tree" && xargs -d '\n' cp --parents -l -t "$work/half" < "$work/half-files")
half_files=$(wc -l < "$work/half-files")
half_bytes=$(cd "$work/half" && find . -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "[secrets-bench] tree: $files files, $((bytes / 1000000)) MB; half: $half_files files, $((half_bytes / 1000000)) MB; $(nproc) cores"

echo "[secrets-bench] installing secretlint $secretlint_version..."
mkdir -p "$work/sl"
(cd "$work/sl" && echo '{"name":"sl","private":true}' > package.json &&
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
    "secretlint@$secretlint_version" "@secretlint/secretlint-rule-preset-recommend@$secretlint_version" >/dev/null)
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$work/sl/.secretlintrc.json"
secretlint_installed=$(node -p "require('$work/sl/node_modules/secretlint/package.json').version")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # prints "seconds rss_kib" of a command
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" > /dev/null 2> "$work/err" || {
    cat "$work/err" >&2
    return 1
  }
  cat "$work/t"
}
drydock() { measure node bin/drydock.js scan secrets "$1" --format json --no-progress --exit-code 0 -o "$work/report-$2.json"; }
# secretlint exits 1 when it finds something: a result, not a failure; other codes are counted.
secretlint_chunk() {
  node "$work/sl/node_modules/secretlint/bin/secretlint.js" --secretlintrc "$work/sl/.secretlintrc.json" \
    --format json "$@" > /dev/null 2>> "$work/sl_err" || { code=$?; [ "$code" -eq 1 ] || echo "$code" >> "$work/sl_fail"; }
}
export -f secretlint_chunk
export work
: > "$work/sl_fail"

: > "$work/whole"; : > "$work/half_t"; : > "$work/sl_t"; : > "$work/rss"; : > "$work/sl_rss"
for i in $(seq 1 "$rounds"); do
  read -r s rss < <(drydock "$work/tree" whole)
  echo "$s" >> "$work/whole"; echo "$rss" >> "$work/rss"
  read -r s rss < <(drydock "$work/half" half)
  echo "$s" >> "$work/half_t"; echo "$rss" >> "$work/rss"
  # secretlint: the whole tree, $chunk files per process (the way it is run on large trees).
  start=$(date +%s.%N)
  (cd "$work/tree" && split -l "$chunk" -d -a 4 "$work/files" "$work/chunk-" &&
    for c in "$work"/chunk-*; do
      /usr/bin/time -f "%M" -a -o "$work/sl_rss" bash -c 'mapfile -t f < "$1"; secretlint_chunk "${f[@]}"' _ "$c"
    done)
  rm -f "$work"/chunk-*
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f\n", b - a}' >> "$work/sl_t"
  echo "[secrets-bench] round $i: drydock whole $(tail -1 "$work/whole")s, half $(tail -1 "$work/half_t")s; secretlint $(tail -1 "$work/sl_t")s"
done

echo "[secrets-bench] recall (test/secrets/recall.test.ts)..."
DRYDOCK_RECALL_OUT="$work/recall.json" node --import tsx --test test/secrets/recall.test.ts > "$work/recall.log" 2>&1 || true
recall=$(node -p "try { const r = require('$work/recall.json'); (r.recall * 100).toFixed(2) + ' ' + r.falseHits + ' ' + r.planted } catch { 'n/a n/a n/a' }")
read -r recall_pct false_hits planted <<< "$recall"

whole=$(median < "$work/whole"); half=$(median < "$work/half_t"); sl=$(median < "$work/sl_t")
peak=$(sort -n "$work/rss" | tail -1)
sl_peak=$(grep -E '^[0-9]+$' "$work/sl_rss" | sort -n | tail -1)
found=$(node -p "require('$work/report-whole.json').findings.length")
scanned=$(node -p "require('$work/report-whole.json').stats.files")
mbs=$(awk -v b="$bytes" -v s="$whole" 'BEGIN {printf "%.1f", b / 1e6 / s}')
sl_mbs=$(awk -v b="$bytes" -v s="$sl" 'BEGIN {printf "%.1f", b / 1e6 / s}')
speedup=$(awk -v a="$sl" -v b="$whole" 'BEGIN {printf "%.1f", a / b}')
scaling=$(awk -v a="$whole" -v b="$half" 'BEGIN {printf "%.2f", a / b}')
check() { if awk "BEGIN {exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
c1=$(check "$whole <= 5"); c2=$(check "$speedup >= 10"); c3=$(check "$peak / 1024 <= 300")
c4=$(check "$scaling <= 2.2")
if [ "$recall_pct" = "n/a" ]; then c5=MISSED; else c5=$(check "$recall_pct >= 96"); fi
pass=0; [ "$c1$c2$c3$c4$c5" = "okokokokok" ] && pass=1
sl_failed=$(wc -l < "$work/sl_fail")
[ "$sl_failed" -eq 0 ] || echo "[secrets-bench] note: $sl_failed secretlint chunk(s) exited with an error (see its stderr above)" >&2
[ "$sl_failed" -eq 0 ] || head -5 "$work/sl_err" >&2

printf '\n%s files, %s MB (%s scanned by drydock, %s findings); %s cores; secretlint %s; %s rounds, medians\n' \
  "$files" "$((bytes / 1000000))" "$scanned" "$found" "$(nproc)" "$secretlint_installed" "$rounds"
printf '%-40s %12s %12s %8s  %-24s %s\n' metric drydock secretlint ratio target result
printf '%-40s %12s %12s %8s  %-24s %s\n' "whole tree: wall s" "$whole" "$sl" "${speedup}x" "<= 5 s; >= 10x secretlint" "$c1 / $c2"
printf '%-40s %12s %12s %8s  %-24s %s\n' "whole tree: MB/s" "$mbs" "$sl_mbs" "-" "-" "-"
printf '%-40s %12s %12s %8s  %-24s %s\n' "half the files: wall s" "$half" "-" "${scaling}x" "2x files <= 2.2x time" "$c4"
printf '%-40s %12s %12s %8s  %-24s %s\n' "peak RSS MiB" "$((peak / 1024))" "$((${sl_peak:-0} / 1024))" "-" "<= 300 MiB" "$c3"
printf '%-40s %12s %12s %8s  %-24s %s\n' "recall % ($planted planted) / false hits" "$recall_pct / $false_hits" "-" "-" ">= 96%" "$c5"
if [ "$pass" = 1 ]; then exit 0; else exit 3; fi
