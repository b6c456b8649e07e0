#!/usr/bin/env bash
# Vulnerability database benchmark:
#  - import of all of ../shared/osv (the real snapshot: Go, PyPI, crates.io, npm) through a
#    file:// mirror, from an empty database (median of BENCH_ROUNDS), and an update that finds
#    nothing changed;
#  - import of a generated 500,000-record database (BENCH_RECORDS) in the same bulk layout;
#  - matching 1,000 packages once the database is open (target <= 100 ms);
#  - database size on disk.
# No peer runs here (Trivy and Grype download their own databases, which this machine cannot);
# the figures are printed against the issue's targets.
#   bash bench/vulndb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-3}
records=${BENCH_RECORDS:-500000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
osv=${DRYDOCK_OSV_DIR:-../shared/osv}
[ -f "$osv/Go/all.zip" ] || osv=test/fixtures/osv-snapshot
osv="$(cd "$osv" && pwd)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # prints "seconds rss_kib" of a command
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; return 1; }
  cat "$work/t"
}

: > "$work/real"; : > "$work/noop"
for i in $(seq 1 "$rounds"); do
  rm -f "$work/real.db"*
  read -r s _ < <(measure node bin/drydock.js db update --db "$work/real.db" --mirror "file://$osv" --ecosystem Go PyPI crates.io npm)
  echo "$s" >> "$work/real"
  read -r s _ < <(measure node bin/drydock.js db update --db "$work/real.db" --mirror "file://$osv" --ecosystem Go PyPI crates.io npm)
  echo "$s" >> "$work/noop"
  echo "[vulndb-bench] round $i: snapshot import $(tail -1 "$work/real")s, unchanged update $(tail -1 "$work/noop")s"
done
real_records=$(node bin/drydock.js db status --db "$work/real.db" --format json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).records))')
real_bytes=$(node bin/drydock.js db status --db "$work/real.db" --format json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).bytes))')

echo "[vulndb-bench] generating $records records..."
npx tsx bench/vulndb-gen.ts "$work/gen" "$records"
gen_zip=$(du -sb "$work/gen" | cut -f1)
read -r gen_s gen_rss < <(measure node bin/drydock.js db update --db "$work/gen.db" --mirror "file://$work/gen" --ecosystem npm PyPI Go Maven Debian)
gen_bytes=$(node bin/drydock.js db status --db "$work/gen.db" --format json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).bytes))')
npx tsx bench/vulndb-match.ts "$work/gen.db" 21 | tee "$work/match"
match=$(awk -F= '/match_median_ms/ {print $2}' "$work/match")
match_max=$(awk -F= '/match_max_ms/ {print $2}' "$work/match")
findings=$(awk -F= '/match_findings/ {print $2}' "$work/match")

real=$(median < "$work/real"); noop=$(median < "$work/noop")
mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
printf '\n%-52s %14s %s\n' metric drydock target
printf '%-52s %14s %s\n' "import ../shared/osv ($real_records records), s (median of $rounds)" "$real" "-"
printf '%-52s %14s %s\n' "update with nothing changed, s (median)" "$noop" "-"
printf '%-52s %14s %s\n' "import $records generated records, s" "$gen_s" "-"
printf '%-52s %14s %s\n' "  records/s" "$(awk -v n="$records" -v s="$gen_s" 'BEGIN {printf "%d", n / s}')" "-"
printf '%-52s %14s %s\n' "  peak RSS of that import, MiB" "$(awk -v k="$gen_rss" 'BEGIN {printf "%.0f", k / 1024}')" "-"
printf '%-52s %14s %s\n' "match 1,000 packages, ms (median of 21; $findings findings)" "$match" "<= 100 ms"
printf '%-52s %14s %s\n' "  slowest of the 21 runs (cold page cache), ms" "$match_max" "-"
printf '%-52s %14s %s\n' "database on disk: snapshot, MiB" "$(mib "$real_bytes")" "-"
printf '%-52s %14s %s\n' "database on disk: $records records, MiB" "$(mib "$gen_bytes")" "-"
printf '%-52s %14s %s\n' "  (the generated zips, MiB)" "$(mib "$gen_zip")" "-"
