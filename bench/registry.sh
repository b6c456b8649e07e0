#!/usr/bin/env bash
# Registry benchmark: drydock vs CNCF Distribution (Debian `docker-registry`), side by side on
# 127.0.0.1, measured in the same run with skopeo and wrk.
#
#   1. push MB/s   skopeo copy oci:DIR:TAG docker://127.0.0.1:PORT/bench/img:TAG
#   2. pull MB/s   skopeo copy docker://127.0.0.1:PORT/bench/img:TAG oci:OUT:TAG (fresh OUT)
#   3. manifest GET req/s   wrk -t2 -c8 -d10s, Accept: OCI image manifest; drydock's requests
#                           carry a bearer token (verified, scope- and role-checked, audited on
#                           every request), Distribution's carry nothing (it runs without auth)
#   4. token issue req/s    wrk against drydock's GET /token with a robot's Basic credentials
#                           (a secret check, a role check, an ES256 signature per request)
#   5. drydock peak RSS     VmHWM from /proc/PID/status at the end of the run
#
# drydock runs as shipped: authentication on. skopeo pushes and pulls with the admin's
# credentials through the token flow; Distribution gets no credentials.
#
# Every round generates a fresh ~200 MB multi-layer image (new random bytes, so no blob can be
# deduplicated) and pushes it to both registries under a new tag; the order of the two registries
# alternates between rounds so neither one always runs first on the shared machine. Medians of the
# rounds are compared against the targets and printed as a table.
#
# Usage (from the repo root):  bash bench/registry.sh
#
# Environment knobs (all optional):
#   BENCH_ROUNDS=3        push/pull/GET rounds per registry (medians are reported)
#   BENCH_LAYERS=8        layers per generated image
#   BENCH_LAYER_MB=25     uncompressed (random, so ~= compressed) MB per layer
#   BENCH_WRK_SECONDS=10  duration of each wrk run
#   DRYDOCK_PORT, DIST_PORT   fixed ports (default: free ports picked at start)
#   BENCH_SKIP_DRYDOCK=1  measure Distribution only (drydock columns show n/a)
#   BENCH_KEEP=1          keep the temp dir (logs, registry data) instead of deleting it
#
# Exit status: 0 when every target passes, 3 when a target fails or a figure is missing, other
# non-zero on setup errors.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT=$(pwd)

ROUNDS=${BENCH_ROUNDS:-3}
LAYERS=${BENCH_LAYERS:-8}
LAYER_MB=${BENCH_LAYER_MB:-25}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
REPO=bench/img
MANIFEST_TYPE=application/vnd.oci.image.manifest.v1+json

# Targets (drydock relative to Distribution, and an absolute RSS ceiling).
TARGET_PUSH=1.2
TARGET_PULL=1.2
TARGET_GET=5
TARGET_TOKENS=1000
TARGET_RSS_MIB=300
ADMIN_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# --- tools -------------------------------------------------------------------------------------
# Install the measuring tools and Distribution itself when missing (Debian/Ubuntu).
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v skopeo >/dev/null || missing+=(skopeo)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]} > 0)); then
  log "installing missing packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) != 0 ]]; then SUDO=sudo; fi
  $SUDO apt-get update -qq || log "apt-get update failed; trying the install anyway"
  $SUDO apt-get install -y "${missing[@]}" || die "apt-get install ${missing[*]} failed"
fi
command -v node >/dev/null || die "node is required"
TSX="$REPO_ROOT/node_modules/.bin/tsx"
[[ -x $TSX ]] || die "node_modules/.bin/tsx missing; run npm ci first"

# --- temp dir, process bookkeeping, cleanup ----------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drydock-bench.XXXXXX")
STARTED_PIDS=() # servers started by this script (only these, and their children, are killed)

# descendants PID: every descendant of PID, from /proc (children first listed, breadth first).
descendants() {
  local queue=("$1") pid child
  while ((${#queue[@]} > 0)); do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null || true); do
      echo "$child"
      queue+=("$child")
    done
  done
}

cleanup() {
  local pid i kids=()
  for pid in "${STARTED_PIDS[@]}"; do
    # shellcheck disable=SC2207 # pids are plain integers
    kids+=($(descendants "$pid"))
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for ((i = 0; i < 50; i++)); do # up to 5 s for a graceful exit
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  done
  for pid in "${STARTED_PIDS[@]}" "${kids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

port_in_use() {
  # bash's /dev/tcp: succeeds when something accepts connections on the port.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_ready NAME PID PORT LOG: poll GET /v2/ until 200, at most 60 s; fail if the process dies.
wait_ready() {
  local name=$1 pid=$2 port=$3 logf=$4 i code
  for ((i = 0; i < 120; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during startup; last log lines:"
      tail -n 20 "$logf" >&2 || true
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/v2/" || true)
    # 401: up, and asking for credentials (drydock with authentication on).
    if [[ $code == 200 || $code == 401 ]]; then return 0; fi
    sleep 0.5
  done
  log "$name did not answer 200 on /v2/ within 60 s (last status: ${code:-none}); last log lines:"
  tail -n 20 "$logf" >&2 || true
  return 1
}

# peak_rss_kib PID: largest VmHWM (KiB) of PID and its descendants, so a wrapper that forks the
# real server is still measured.
peak_rss_kib() {
  local best=0 v pid
  for pid in "$1" $(descendants "$1"); do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    if [[ -n $v && $v -gt $best ]]; then best=$v; fi
  done
  echo "$best"
}

# check_pid NAME PID WORD: $! must be the server itself (a plain `cmd &` in a script without job
# control execs cmd in the forked child), otherwise the kill and RSS bookkeeping would be wrong.
check_pid() {
  local i
  for ((i = 0; i < 20; i++)); do # the fork may not have exec'd yet: up to 2 s
    if tr '\0' ' ' <"/proc/$2/cmdline" 2>/dev/null | grep -q -- "$3"; then return 0; fi
    sleep 0.1
  done
  die "$1: pid $2 is not the server process"
}

# --- start the registries ----------------------------------------------------------------------
DIST_PORT=${DIST_PORT:-$(free_port)}
DRYDOCK_PORT=${DRYDOCK_PORT:-$(free_port)}
for p in "$DIST_PORT" "$DRYDOCK_PORT"; do
  if port_in_use "$p"; then die "port $p is already in use"; fi
done

# Distribution: minimal filesystem config (the upstream default blob descriptor cache included).
mkdir -p "$WORK/dist-data"
cat >"$WORK/dist-config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $WORK/dist-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$DIST_PORT
EOF
docker-registry serve "$WORK/dist-config.yml" >"$WORK/dist.log" 2>&1 &
DIST_PID=$!
STARTED_PIDS+=("$DIST_PID")
check_pid distribution "$DIST_PID" docker-registry
log "distribution pid $DIST_PID on 127.0.0.1:$DIST_PORT"
wait_ready distribution "$DIST_PID" "$DIST_PORT" "$WORK/dist.log" || die "distribution failed to start"

# drydock: straight from the TypeScript sources (no build step).
DRYDOCK_OK=0
DRYDOCK_PID=""
if [[ ${BENCH_SKIP_DRYDOCK:-0} == 1 ]]; then
  log "BENCH_SKIP_DRYDOCK=1: measuring Distribution only"
elif [[ ! -f src/cli/main.ts && ! -f bin/drydock.js ]]; then
  log "neither src/cli/main.ts nor bin/drydock.js found: measuring Distribution only"
else
  # Prefer the TypeScript entry point; fall back to the bin wrapper.
  if [[ -f src/cli/main.ts ]]; then
    DRYDOCK_CMD=(node --import tsx src/cli/main.ts)
  else
    DRYDOCK_CMD=(node bin/drydock.js)
  fi
  mkdir -p "$WORK/drydock-data"
  DRYDOCK_ADMIN_PASSWORD=$ADMIN_PASSWORD "${DRYDOCK_CMD[@]}" serve --host 127.0.0.1 \
    --port "$DRYDOCK_PORT" --data-dir "$WORK/drydock-data" --log-level warn >"$WORK/drydock.log" 2>&1 &
  DRYDOCK_PID=$!
  STARTED_PIDS+=("$DRYDOCK_PID")
  check_pid drydock "$DRYDOCK_PID" serve
  log "drydock pid $DRYDOCK_PID on 127.0.0.1:$DRYDOCK_PORT"
  if wait_ready drydock "$DRYDOCK_PID" "$DRYDOCK_PORT" "$WORK/drydock.log"; then
    DRYDOCK_OK=1
  else
    log "drydock failed to start: measuring Distribution only"
  fi
fi

TARGETS=(distribution)
if ((DRYDOCK_OK)); then TARGETS+=(drydock); fi

# A namespace and a robot that may pull from it, for the token and authenticated GET figures.
ROBOT_BASIC=""
if ((DRYDOCK_OK)); then
  api() { # METHOD PATH JSON
    curl -sf --max-time 10 -u "admin:$ADMIN_PASSWORD" -X "$1" -H 'content-type: application/json' \
      --data "$3" "http://127.0.0.1:$DRYDOCK_PORT/api/v1$2"
  }
  api POST /namespaces '{"name":"bench"}' >/dev/null || die "could not create the bench namespace"
  robot_json=$(api POST /namespaces/bench/robots \
    '{"name":"reader","permissions":[{"repositories":"**","actions":["pull"]}]}') ||
    die "could not create the bench robot"
  ROBOT_BASIC=$(node -e 'const c=JSON.parse(process.argv[1]).credential;
    process.stdout.write(Buffer.from(c.username+":"+c.secret).toString("base64"))' "$robot_json")
fi
creds_for() { # REGISTRY FLAG: skopeo credential flag for drydock, nothing for Distribution
  if [[ $1 == drydock ]]; then echo "$2=admin:$ADMIN_PASSWORD"; fi
}
port_of() { if [[ $1 == drydock ]]; then echo "$DRYDOCK_PORT"; else echo "$DIST_PORT"; fi; }

# --- measurements ------------------------------------------------------------------------------
declare -A SAMPLES=() # "<metric>_<registry>" -> space-separated per-round figures
declare -A ERRORS=()  # "<metric>_<registry>" -> count of failed rounds
add_sample() { SAMPLES[$1]="${SAMPLES[$1]:-} $2"; }
add_error() { ERRORS[$1]=$((${ERRORS[$1]:-0} + 1)); }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / 1e6 / s }'; }

# push REGISTRY TAG: times skopeo pushing the round's image; appends MB/s to push_REGISTRY.
push() {
  local reg=$1 tag=$2 port t0 t1 secs
  port=$(port_of "$reg")
  t0=$(now)
  # shellcheck disable=SC2046 # an empty flag for Distribution
  if skopeo --insecure-policy copy --quiet --retry-times 0 "$IMAGE_REF" \
    "docker://127.0.0.1:$port/$REPO:$tag" --dest-tls-verify=false $(creds_for "$reg" --dest-creds) \
    >>"$WORK/skopeo.log" 2>&1; then
    t1=$(now)
    secs=$(elapsed "$t0" "$t1")
    add_sample "push_$reg" "$(mbps "$IMAGE_BYTES" "$secs")"
    log "  push $reg: ${secs}s = $(mbps "$IMAGE_BYTES" "$secs") MB/s"
  else
    add_error "push_$reg"
    log "  push $reg: FAILED (see skopeo output below)"
    tail -n 5 "$WORK/skopeo.log" >&2
  fi
}

# pull REGISTRY TAG: times skopeo pulling into a fresh OCI layout and checks the manifest digest.
pull() {
  local reg=$1 tag=$2 port out t0 t1 secs
  port=$(port_of "$reg")
  out="$WORK/pull-$reg-$tag"
  rm -rf "$out"
  t0=$(now)
  # shellcheck disable=SC2046 # an empty flag for Distribution
  if skopeo --insecure-policy copy --quiet --retry-times 0 \
    "docker://127.0.0.1:$port/$REPO:$tag" "oci:$out:$tag" --src-tls-verify=false \
    $(creds_for "$reg" --src-creds) >>"$WORK/skopeo.log" 2>&1; then
    t1=$(now)
    secs=$(elapsed "$t0" "$t1")
    if grep -q "$IMAGE_DIGEST" "$out/index.json"; then
      add_sample "pull_$reg" "$(mbps "$IMAGE_BYTES" "$secs")"
      log "  pull $reg: ${secs}s = $(mbps "$IMAGE_BYTES" "$secs") MB/s"
    else
      add_error "pull_$reg"
      log "  pull $reg: pulled manifest digest differs from pushed $IMAGE_DIGEST"
    fi
  else
    add_error "pull_$reg"
    log "  pull $reg: FAILED (see skopeo output below)"
    tail -n 5 "$WORK/skopeo.log" >&2
  fi
  rm -rf "$out"
}

# get_rps REGISTRY TAG: checks one manifest GET by hand, then runs wrk; appends requests/s.
get_rps() {
  local reg=$1 tag=$2 port url hdrs out rps non2xx auth=()
  port=$(port_of "$reg")
  url="http://127.0.0.1:$port/v2/$REPO/manifests/$tag"
  if [[ $reg == drydock ]]; then
    # A bearer token for the robot, fetched like a client does; valid for the whole wrk run.
    local token
    token=$(curl -sf --max-time 10 -H "Authorization: Basic $ROBOT_BASIC" \
      "http://127.0.0.1:$port/token?service=drydock&scope=repository:$REPO:pull" |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token))') || true
    auth=(-H "Authorization: Bearer $token")
  fi
  hdrs=$(curl -s -D - -o /dev/null --max-time 10 -H "Accept: $MANIFEST_TYPE" "${auth[@]}" "$url" || true)
  if ! grep -qE '^HTTP/[0-9.]+ 200' <<<"$hdrs" || ! grep -qi "$IMAGE_DIGEST" <<<"$hdrs"; then
    add_error "get_$reg"
    log "  GET $reg: manifest GET not 200 or wrong Docker-Content-Digest:"
    head -n 10 <<<"$hdrs" >&2
    return 0
  fi
  out=$(wrk -t2 -c8 "-d${WRK_SECONDS}s" --timeout 5s -H "Accept: $MANIFEST_TYPE" "${auth[@]}" "$url" 2>&1 || true)
  echo "$out" >>"$WORK/wrk-$reg.log"
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2}' <<<"$out")
  if [[ -z $rps ]]; then
    add_error "get_$reg"
    log "  GET $reg: wrk produced no figure:"
    echo "$out" >&2
  elif [[ -n $non2xx && $non2xx != 0 ]]; then
    add_error "get_$reg"
    log "  GET $reg: $non2xx non-2xx responses during wrk run; figure $rps discarded"
  else
    add_sample "get_$reg" "$rps"
    log "  GET $reg: $rps req/s $(awk '/Socket errors/' <<<"$out")"
  fi
}

# token_rps: wrk against drydock's token endpoint with the robot's Basic credentials.
token_rps() {
  local url out rps non2xx code
  url="http://127.0.0.1:$DRYDOCK_PORT/token?service=drydock&scope=repository:$REPO:pull"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Basic $ROBOT_BASIC" "$url" || true)
  if [[ $code != 200 ]]; then
    add_error token_drydock
    log "  token: GET /token answered $code"
    return 0
  fi
  out=$(wrk -t2 -c8 "-d${WRK_SECONDS}s" --timeout 5s -H "Authorization: Basic $ROBOT_BASIC" "$url" 2>&1 || true)
  echo "$out" >>"$WORK/wrk-token.log"
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  non2xx=$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2}' <<<"$out")
  if [[ -z $rps || (-n $non2xx && $non2xx != 0) ]]; then
    add_error token_drydock
    log "  token: no figure or non-2xx answers (${non2xx:-0})"
  else
    add_sample token_drydock "$rps"
    log "  token: $rps tokens/s"
  fi
}

# log_rss WHEN: drydock's current and peak RSS, to see which phase drives the peak.
log_rss() {
  if ((DRYDOCK_OK)) && [[ -r /proc/$DRYDOCK_PID/status ]]; then
    log "  drydock memory $1: $(awk '/^Vm(RSS|HWM):/ {printf "%s %d MiB  ", $1, $2 / 1024}' \
      "/proc/$DRYDOCK_PID/status")"
  fi
  return 0
}
log_rss "at start (idle)"

for ((round = 1; round <= ROUNDS; round++)); do
  tag="r$round-$(date +%s)"
  img="$WORK/image-$round"
  log "round $round/$ROUNDS: generating fresh image ($LAYERS x $LAYER_MB MB random layers)"
  facts=$("$TSX" bench/make-image.ts "$img" "$tag" "$LAYERS" "$LAYER_MB") ||
    die "image generation failed"
  IMAGE_REF=$(sed -n 's/^ref=//p' <<<"$facts")
  IMAGE_DIGEST=$(sed -n 's/^manifest_digest=//p' <<<"$facts")
  IMAGE_BYTES=$(sed -n 's/^total_bytes=//p' <<<"$facts")
  log "  image $IMAGE_DIGEST, $IMAGE_BYTES compressed bytes"

  # Alternate which registry goes first so neither always gets the quieter/warmer slot.
  order=("${TARGETS[@]}")
  if ((round % 2 == 0 && ${#order[@]} == 2)); then order=("${order[1]}" "${order[0]}"); fi

  for reg in "${order[@]}"; do push "$reg" "$tag"; done
  log_rss "after push"
  for reg in "${order[@]}"; do pull "$reg" "$tag"; done
  log_rss "after pull"
  for reg in "${order[@]}"; do get_rps "$reg" "$tag"; done
  log_rss "after GET"
  if ((DRYDOCK_OK)); then token_rps; fi
  log_rss "after token issue"
  rm -rf "$img"
done

DRYDOCK_RSS_KIB=""
DIST_RSS_KIB=$(peak_rss_kib "$DIST_PID")
if ((DRYDOCK_OK)); then
  if kill -0 "$DRYDOCK_PID" 2>/dev/null; then
    DRYDOCK_RSS_KIB=$(peak_rss_kib "$DRYDOCK_PID")
  else
    log "drydock is no longer running; peak RSS unavailable. Last log lines:"
    tail -n 20 "$WORK/drydock.log" >&2 || true
  fi
fi

# --- report ------------------------------------------------------------------------------------
median() { # median of the whitespace-separated numbers in $1, empty when there are none
  tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { # $1 / $2 formatted, empty when either is missing
  if [[ -z $1 || -z $2 ]]; then return 0; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b }'
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

ALL_PASS=1
ROWS=()
# row METRIC DRYDOCK DIST RATIO TARGET PASS
row() { ROWS+=("$(printf '%-26s | %12s | %12s | %7s | %-18s | %s' "$@")"); }
fig() { if [[ -n $1 ]]; then echo "$1"; else echo "n/a"; fi; }
errs() {
  local n=${ERRORS[$1]:-0}
  if ((n > 0)); then echo " ($n failed)"; fi
  return 0
}

throughput_row() { # KEY LABEL TARGET_RATIO
  local key=$1 label=$2 target=$3 d s r verdict
  d=$(median "${SAMPLES[${key}_drydock]:-}")
  s=$(median "${SAMPLES[${key}_distribution]:-}")
  r=$(ratio "$d" "$s")
  if [[ -n $r ]] && ge "${r%x}" "$target"; then verdict=PASS; else
    verdict=FAIL
    ALL_PASS=0
  fi
  row "$label" "$(fig "$d")" "$(fig "$s")" "$(fig "$r")" ">= ${target}x dist" \
    "$verdict$(errs "${key}_drydock")$(errs "${key}_distribution")"
}

throughput_row push "push MB/s (median of $ROUNDS)" "$TARGET_PUSH"
throughput_row pull "pull MB/s (median of $ROUNDS)" "$TARGET_PULL"
throughput_row get "manifest GET req/s (c=8)" "$TARGET_GET"

tok=$(median "${SAMPLES[token_drydock]:-}")
if [[ -n $tok ]] && ge "$tok" "$TARGET_TOKENS"; then tok_verdict=PASS; else
  tok_verdict=FAIL
  ALL_PASS=0
fi
row "token issue req/s (c=8)" "$(fig "$tok")" "n/a" "" ">= $TARGET_TOKENS/s" "$tok_verdict$(errs token_drydock)"

d_mib=""
s_mib=""
if [[ -n $DRYDOCK_RSS_KIB && $DRYDOCK_RSS_KIB != 0 ]]; then
  d_mib=$(awk -v k="$DRYDOCK_RSS_KIB" 'BEGIN { printf "%.1f", k / 1024 }')
fi
if [[ -n $DIST_RSS_KIB && $DIST_RSS_KIB != 0 ]]; then
  s_mib=$(awk -v k="$DIST_RSS_KIB" 'BEGIN { printf "%.1f", k / 1024 }')
fi
if [[ -n $d_mib ]] && lt "$d_mib" "$TARGET_RSS_MIB"; then rss_verdict=PASS; else
  rss_verdict=FAIL
  ALL_PASS=0
fi
row "peak RSS MiB (VmHWM)" "$(fig "$d_mib")" "$(fig "$s_mib")" "$(fig "$(ratio "$d_mib" "$s_mib")")" \
  "drydock < $TARGET_RSS_MIB MiB" "$rss_verdict"

echo
echo "Registry benchmark: drydock vs Distribution $(docker-registry --version 2>/dev/null | awk '{print $3}')," \
  "$ROUNDS rounds, image $LAYERS x $LAYER_MB MB, $(nproc) CPUs, load $(cut -d" " -f1-3 /proc/loadavg)," \
  "$(date -u +%Y-%m-%dT%H:%MZ)"
echo "per-round samples:"
for key in push pull get token; do
  for reg in drydock distribution; do
    printf '  %-5s %-13s %s\n' "$key" "$reg" "$(fig "${SAMPLES[${key}_$reg]:-}")"
  done
done
echo
printf '%-26s | %12s | %12s | %7s | %-18s | %s\n' metric drydock distribution ratio target pass
printf '%s\n' "---------------------------+--------------+--------------+---------+--------------------+------"
printf '%s\n' "${ROWS[@]}"
echo

if ((DRYDOCK_OK == 0)); then log "drydock was not measured"; fi
if ((ALL_PASS)); then exit 0; else exit 3; fi
