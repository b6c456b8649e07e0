#!/usr/bin/env bash
# Scanner benchmark: `drydock scan image` on a ~200 MB compressed image (real dpkg database,
# thousands of files, node_modules, random data), cold (empty layer cache) and warm, next to
# the floor measured in the same run: a node process doing nothing but gunzipping the same
# layers with node:zlib (bench/gunzip-floor.mjs), timed as a whole process like drydock.
#   bash bench/scan.sh            (BENCH_ROUNDS=3 by default; BENCH_BIG=1 adds a 5 GB image for RSS)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

echo "[scan-bench] building the image..."
npx tsx bench/scan-image.ts make "$work/img" 200 | tee "$work/facts"
ref="oci:$work/img:bench"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # prints "seconds rss_kib cpu_seconds" of a command (cpu: user + system, all threads)
  # Wall time to the millisecond (time's own %e is rounded to 10 ms, as coarse as the warm
  # target's margin); /usr/bin/time gives peak RSS and CPU.
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; return 1; }
  end=$(date +%s%N)
  awk -v ms=$(( (end - start) / 1000000 )) '{printf "%.3f %s %.2f\n", ms / 1000, $1, $2 + $3}' "$work/t"
}

: > "$work/floor"; : > "$work/cold"; : > "$work/warm"; : > "$work/rss"; : > "$work/cpu"; : > "$work/floorcpu"
for i in $(seq 1 "$rounds"); do
  read -r s _ c < <(measure node bench/gunzip-floor.mjs "$work/img")
  echo "$s" >> "$work/floor"; echo "$c" >> "$work/floorcpu"
  rm -rf "$work/cache"
  read -r s rss c < <(measure node bin/drydock.js scan image "$ref" --format json --cache-dir "$work/cache")
  echo "$s" >> "$work/cold"; echo "$rss" >> "$work/rss"; echo "$c" >> "$work/cpu"
  read -r s rss _ < <(measure node bin/drydock.js scan image "$ref" --format json --cache-dir "$work/cache")
  echo "$s" >> "$work/warm"; echo "$rss" >> "$work/rss"
  echo "[scan-bench] round $i: floor $(tail -1 "$work/floor")s cold $(tail -1 "$work/cold")s warm $(tail -1 "$work/warm")s"
done
# Process start-up alone (node + tsx + module graph), to read the warm figure against.
read -r startup _ _ < <(measure node bin/drydock.js --version)
read -r nodeonly _ _ < <(measure node -e 0)
# NODE_EXTRA_CA_CERTS makes node read and parse that CA bundle before running any code (Node 20
# does it at start-up): ~80 ms on our machines, in every figure above, drydock's and the floor's.
extra=""
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then
  read -r bare _ _ < <(measure env -u NODE_EXTRA_CA_CERTS node -e 0)
  read -r warmbare _ _ < <(measure env -u NODE_EXTRA_CA_CERTS node bin/drydock.js scan image "$ref" --format json --cache-dir "$work/cache")
  extra="; without NODE_EXTRA_CA_CERTS: node -e 0 ${bare}s, warm scan ${warmbare}s"
fi

floor=$(median < "$work/floor"); cold=$(median < "$work/cold"); warm=$(median < "$work/warm")
cpu=$(median < "$work/cpu"); floorcpu=$(median < "$work/floorcpu")
peak=$(sort -n "$work/rss" | tail -1)
ratio=$(awk -v c="$cold" -v f="$floor" 'BEGIN {printf "%.2f", c / f}')
# Each round's cold scan over the floor measured just before it: the machine's speed drifts
# (shared), and a pair measured together cancels the drift.
paired=$(paste "$work/cold" "$work/floor" | awk '{print $1 / $2}' | median | awk '{printf "%.2f", $1}')
printf '\n%-34s %10s %10s %8s %s\n' metric drydock floor ratio target
printf '%-34s %10s %10s %8s %s\n' "cold scan wall s (median of $rounds)" "$cold" "$floor" "${ratio}x" "<= 1.3x floor (median of the rounds' own ratios: ${paired}x)"
printf '%-34s %10s %10s %8s %s\n' "cold scan CPU s, all threads" "$cpu" "$floorcpu" "$(awk -v c="$cpu" -v f="$floorcpu" 'BEGIN {printf "%.2f", c / f}')x" "(2 cores: layers are read side by side)"
printf '%-34s %10s %10s %8s %s\n' "warm scan wall s (median)" "$warm" "-" "-" "<= 0.2 s (start-up alone: drydock --version ${startup}s, node -e 0 ${nodeonly}s${extra})"
printf '%-34s %10s %10s %8s %s\n' "peak RSS MiB" "$((peak / 1024))" "-" "-" "<= 200 MiB"

if [ "${BENCH_BIG:-0}" = "1" ]; then
  echo "[scan-bench] building a 5 GB image..."
  npx tsx bench/scan-image.ts make "$work/big" 5000 > /dev/null
  read -r s rss _ < <(measure node bin/drydock.js scan image "oci:$work/big:bench" --format json --no-cache)
  printf '%-34s %10s %10s %8s %s\n' "5 GB image: wall s / peak RSS MiB" "$s" "$((rss / 1024))" "-" "<= 1024 MiB"
fi
