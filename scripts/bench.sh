#!/usr/bin/env bash
# Load test for twofold, recorded in docs/PERFORMANCE.md. It measures, on loopback only and with
# bounded durations:
#   1. start time: process spawn until GET /readyz answers 200 (several fresh starts, one restart);
#   2. resident memory (VmRSS from /proc/PID/status) when idle, after the load, and its peak;
#   3. GET /healthz and authenticated GET /api/v1/me requests per second, in the same server run;
#   4. successful sign-ins per second (POST /api/v1/sessions), next to raw Argon2id hashes per
#      second from the criterion bench (`--criterion` runs it before and after the server's runs
#      and takes the mean; otherwise its last results under target/criterion are used).
# Before each measurement it waits for the machine to be quiet, and it reports the CPU share
# other processes took meanwhile. The server's log (every request, ~300 bytes each) is kept in
# a temporary directory for the run (~1 GB) and removed at the end.
#
# Usage: scripts/bench.sh [--postgres URL] [--duration SECS] [--signin-duration SECS]
#                         [--connections N] [--signin-connections N] [--starts N]
#                         [--rounds N] [--no-build] [--criterion]
#
# --postgres URL runs the server on that PostgreSQL database instead of a fresh SQLite file. The
# database is not emptied; a new account with a unique email is made for each run.
set -euo pipefail
# The load's accounts sign up from one address and sign in at once: what is measured here is not
# sign-up, so the proof of address and the per-source sign-up limit are off.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
LUA=$ROOT/scripts/load.lua

PG_URL=""
DURATION=10
SIGNIN_DURATION=15
CONNS=32
SIGNIN_CONNS=8
THREADS=2
STARTS=5
ROUNDS=3
IDLE_WAIT=15
SIGNIN_BURST=3
BUILD=1
CRITERION=0
PASSWORD="correct horse battery staple"

while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --signin-duration) SIGNIN_DURATION=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --signin-connections) SIGNIN_CONNS=$2; shift 2 ;;
        --starts) STARTS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --criterion) CRITERION=1; shift ;;
        -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for n in "$DURATION" "$SIGNIN_DURATION" "$CONNS" "$SIGNIN_CONNS" "$STARTS" "$ROUNDS"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 && $n -le 600 ]] || { echo "bad number: $n" >&2; exit 2; }
done
if [[ -n $PG_URL && ! $PG_URL =~ ^postgres(ql)?://([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\])[:/] ]]; then
    echo "--postgres must point at a loopback address" >&2
    exit 2
fi

log() { printf '>> %s\n' "$*" >&2; }

# Jiffies of the whole machine from /proc/stat, into REPLY: busy in processes (user, nice,
# system, steal), idle (idle, iowait), interrupts (irq, softirq: loopback TCP is mostly here).
cpu_sample() {
    local _c u n s i w q sq st _rest
    read -r _c u n s i w q sq st _rest < /proc/stat
    REPLY="$((u + n + s + st)) $((i + w)) $((q + sq))"
}

# Waits (up to 2 minutes) for three quiet seconds in a row, so another build or test run does
# not skew the next measurement; warns when they never come.
wait_quiet() {
    local a b busy=0 quiet=0 waited=0
    while ((waited < 120)); do
        cpu_sample; read -r -a a <<< "$REPLY"
        sleep 1
        cpu_sample; read -r -a b <<< "$REPLY"
        waited=$((waited + 1))
        busy=$((100 * (b[0] - a[0] + b[2] - a[2]) / (b[0] - a[0] + b[1] - a[1] + b[2] - a[2] + 1)))
        if ((busy <= 10)); then
            quiet=$((quiet + 1))
            ((quiet < 3)) || return 0
        else
            ((quiet == 0 && waited % 10 != 1)) ||
                log "the machine is busy (${busy}% CPU from other processes), waiting"
            quiet=0
        fi
    done
    log "WARNING: the machine is still busy (${busy}% CPU); figures will be low"
    NOISY=1
}
NOISY=0

# --- tools -------------------------------------------------------------------------------------
if ! command -v wrk > /dev/null; then
    log "installing wrk from Debian's packages"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get install -y wrk > /dev/null 2>&1 ||
        { $SUDO apt-get update > /dev/null && $SUDO apt-get install -y wrk > /dev/null; }
fi
command -v curl > /dev/null || { echo "curl is needed" >&2; exit 1; }

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold"
    cargo build --release -p twofold
fi
[[ -x $BIN ]] || { echo "no $BIN; build it or drop --no-build" >&2; exit 1; }

# --- server control ----------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/twofold-bench.XXXXXX)
SERVER_PID=""
PORT=""
cleanup() {
    stop_server || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Microseconds since the epoch, without a subprocess.
now_us() { local t=$EPOCHREALTIME; REPLY=${t/[.,]/}; }

# Sends GET /readyz over bash's /dev/tcp (no process spawned) and succeeds on a 200.
readyz_ok() {
    local status=""
    { exec 5<> "/dev/tcp/127.0.0.1/$PORT"; } 2> /dev/null || return 1
    printf 'GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&5
    read -r -t 5 status <&5 || true
    exec 5<&- 5>&-
    [[ $status == "HTTP/1.1 200"* ]]
}

# Starts the server on data dir $1 and sets SERVER_PID, PORT, LISTEN_MS (spawn until the
# "listening" line) and READY_MS (spawn until /readyz answers 200).
start_server() {
    local dir=$1 line t0 t1 t2
    local -a db=()
    [[ -n $PG_URL ]] && db=(--database-url "$PG_URL")
    rm -f "$WORK/stdout"
    mkfifo "$WORK/stdout"
    now_us; t0=$REPLY
    "$BIN" serve --listen 127.0.0.1:0 --data-dir "$dir" "${db[@]}" \
        > "$WORK/stdout" 2>> "$WORK/server.log" &
    SERVER_PID=$!
    # Held open until the server stops, so a later line on stdout cannot hit a closed pipe.
    exec 4< "$WORK/stdout"
    if ! read -r -t 30 line <&4 || [[ ! $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then
        echo "the server did not start; its log:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    now_us; t1=$REPLY
    PORT=${BASH_REMATCH[1]}
    local deadline=$((t0 + 30000000))
    until readyz_ok; do
        now_us
        ((REPLY < deadline)) || { echo "/readyz never answered 200" >&2; exit 1; }
    done
    now_us; t2=$REPLY
    LISTEN_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
    READY_MS=$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
}

stop_server() {
    [[ -n $SERVER_PID ]] || return 0
    kill -TERM "$SERVER_PID" 2> /dev/null || true
    for _ in $(seq 50); do
        kill -0 "$SERVER_PID" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
    exec 4<&-
    SERVER_PID=""
}

# VmRSS / VmHWM of the server in MB (MiB, as /proc reports KiB).
rss() { awk -v k="$1:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

URL() { printf 'http://127.0.0.1:%s%s' "$PORT" "$1"; }

# utime + stime of a process (all its threads), in jiffies; 0 without one.
proc_jiffies() {
    if [[ -n $1 && -r /proc/$1/stat ]]; then
        awk '{ print $14 + $15 }' "/proc/$1/stat"
    else
        echo 0
    fi
}

# Runs a command ($2…) with its stdout into file $1, then appends a line with how the machine's
# CPU was used meanwhile, as shares of all cores: by the server (when one runs), by the command
# and its children, idle, and by other processes (another build or test run skews figures).
# Loopback TCP work done in interrupts is charged partly to the processes, so the process
# shares are approximate; "other processes" is what matters.
measured() {
    local out=$1 a b s0 s1 cmd_cpu
    shift
    wait_quiet
    cpu_sample; read -r -a a <<< "$REPLY"
    s0=$(proc_jiffies "$SERVER_PID")
    local TIMEFORMAT='%U %S'
    { time "$@" > "$out"; } 2> "$WORK/time" || { cat "$WORK/time" >&2; return 1; }
    cpu_sample; read -r -a b <<< "$REPLY"
    s1=$(proc_jiffies "$SERVER_PID")
    cmd_cpu=$(tail -1 "$WORK/time" | awk '{ printf "%d", ($1 + $2) * 100 }')
    sed '$d' "$WORK/time" >&2
    awk -v busy=$((b[0] - a[0])) -v idle=$((b[1] - a[1])) -v irq=$((b[2] - a[2])) \
        -v srv=$((s1 - s0)) -v c="$cmd_cpu" -v name="$(basename "$1")" \
        'BEGIN { f = busy - srv - c; if (f < 0) f = 0; all = busy + idle + irq
                 printf "cpu: server %.0f%%, %s %.0f%%, idle %.0f%%, other processes %.0f%%\n",
                     100 * srv / all, name, 100 * c / all, 100 * idle / all, 100 * f / all }' >> "$out"
}
run_wrk() { local out=$1; shift; measured "$out" wrk "$@"; }

# --- 0. raw Argon2id (criterion), with the server not running -------------------------------------
# Throughput of both cores together varies by ±10% from one run to the next on a shared VM, so
# with --criterion the bench runs before and after the server's runs and the mean is the ceiling.
# Prints "ONE_THREAD_RATE ALL_THREADS_RATE THREADS" from criterion's output in $1.
criterion_rates() {
    awk '/^argon2id_default\/raw_/ { name = $1; sub(/.*\/raw_/, "", name) }
         name != "" && /thrpt:/ && !/%/ { rate[name] = $4; name = "" }
         END { for (n in rate) { split(n, p, "_")
                                 if (p[1] == "1") one = rate[n]; else { all = rate[n]; threads = p[1] } }
               print one, all, threads }' "$1"
}
run_criterion() {
    log "cargo bench -p twofold-server --bench hot_paths -- argon2id ($1)"
    measured "$WORK/criterion-$1.txt" cargo bench -p twofold-server --bench hot_paths -- argon2id
    printf '   raw Argon2id per second (one thread, all threads, threads): %s; %s\n' \
        "$(criterion_rates "$WORK/criterion-$1.txt")" "$(grep '^cpu:' "$WORK/criterion-$1.txt")" >&2
}
[[ $CRITERION -eq 0 ]] || run_criterion before

# --- 1. start time -------------------------------------------------------------------------------
wait_quiet
log "start time: $STARTS fresh starts"
STARTS_MS=()
LISTENS_MS=()
for i in $(seq "$STARTS"); do
    start_server "$WORK/start-$i"
    STARTS_MS+=("$READY_MS")
    LISTENS_MS+=("$LISTEN_MS")
    stop_server
done
start_server "$WORK/start-1"
RESTART_MS=$READY_MS
stop_server
rm -rf "$WORK"/start-*
sorted=$(printf '%s\n' "${STARTS_MS[@]}" | sort -g)
START_MIN=$(head -1 <<< "$sorted")
START_MAX=$(tail -1 <<< "$sorted")
START_MEDIAN=$(awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }' <<< "$sorted")

# --- the measured run ----------------------------------------------------------------------------
log "measured run"
start_server "$WORK/data"
RUN_READY_MS=$READY_MS
sleep 2
RSS_IDLE=$(rss VmRSS)

# Accounts for the sign-in load: twice as many as connections, so that no account has more than
# a couple of attempts in flight (see scripts/load.lua). The first one also serves /me.
STAMP="$(date +%s)-$$"
EMAILS=()
for i in $(seq $((2 * SIGNIN_CONNS))); do
    EMAILS+=("bench-$STAMP-$i@example.com")
    body=$(printf '{"email":"%s","password":"%s"}' "${EMAILS[-1]}" "$PASSWORD")
    code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -H 'Content-Type: application/json' \
        -d "$body" "$(URL /api/v1/accounts)")
    [[ $code == 201 ]] || { echo "account creation answered $code: $(cat "$WORK/resp")" >&2; exit 1; }
done
body=$(printf '{"email":"%s","password":"%s"}' "${EMAILS[0]}" "$PASSWORD")
code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "$body" "$(URL /api/v1/sessions)")
[[ $code == 201 ]] || { echo "sign-in answered $code: $(cat "$WORK/resp")" >&2; exit 1; }
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$WORK/resp")
code=$(curl -s -o "$WORK/resp" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$(URL /api/v1/me)")
[[ $code == 200 ]] || { echo "/me answered $code: $(cat "$WORK/resp")" >&2; exit 1; }

# Figures from wrk's output in $1.
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"; }
sockerr() { awk -F': ' '/Socket errors:/ { e = $2 } END { print (e == "") ? "none" : e }' "$1"; }
pct() { awk -v p="$2%" '$1 == p { print $2 }' "$1"; }
status_of() { awk -v s="$2" '$1 == "status" && $2 == s":" { n = $3 } END { print n + 0 }' "$1"; }
seconds() {
    awk '/requests in/ { d = $4; sub(/,$/, "", d); u = substr(d, length(d));
        v = d + 0; if (u == "m") v *= 60; else if (d ~ /ms$/) v /= 1000; print v }' "$1"
}
cpu() { sed -n 's/^cpu: //p' "$1"; }
show() {
    printf '   %s: %s req/s, p50 %s, p99 %s, non-2xx %s, socket errors %s; %s\n' \
        "$2" "$(rps "$1")" "$(pct "$1" 50)" "$(pct "$1" 99)" "$(non2xx "$1")" "$(sockerr "$1")" \
        "$(cpu "$1")" >&2
}

log "warm-up: wrk -t$THREADS -c$CONNS -d2s /healthz"
wrk -t"$THREADS" -c"$CONNS" -d2s "$(URL /healthz)" > /dev/null

# Alternating rounds, so a slow spell of the machine hits both endpoints alike.
for r in $(seq "$ROUNDS"); do
    log "round $r/$ROUNDS: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency /healthz"
    run_wrk "$WORK/healthz-$r.txt" -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$(URL /healthz)"
    show "$WORK/healthz-$r.txt" /healthz

    log "round $r/$ROUNDS: wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -H 'Authorization: Bearer …' /api/v1/me"
    run_wrk "$WORK/me-$r.txt" -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency \
        -H "Authorization: Bearer $TOKEN" "$(URL /api/v1/me)"
    show "$WORK/me-$r.txt" /api/v1/me
done

log "wrk -t$THREADS -c$SIGNIN_CONNS -d${SIGNIN_DURATION}s --latency -s scripts/load.lua POST /api/v1/sessions"
BENCH_EMAILS=$(IFS=,; echo "${EMAILS[*]}")
export BENCH_EMAILS BENCH_PASSWORD=$PASSWORD
run_wrk "$WORK/signin.txt" -t"$THREADS" -c"$SIGNIN_CONNS" -d"${SIGNIN_DURATION}s" --latency \
    --timeout 10s -s "$LUA" "$(URL /api/v1/sessions)"
show "$WORK/signin.txt" "POST /api/v1/sessions"
grep '^status ' "$WORK/signin.txt" | sed 's/^/   /' >&2

RSS_LOADED=$(rss VmRSS)
# The hashing workers give their memory back after 10 s without work (IDLE_RELEASE in
# crates/server/src/hashing.rs); read again past that, then once more after a second, short
# burst of sign-ins, to see whether the allocator really returns the memory each time.
log "idle ${IDLE_WAIT}s, then a second ${SIGNIN_BURST}s burst of sign-ins and ${IDLE_WAIT}s idle again"
sleep "$IDLE_WAIT"
RSS_AFTER=$(rss VmRSS)
wrk -t"$THREADS" -c"$SIGNIN_CONNS" -d"${SIGNIN_BURST}s" --timeout 10s -s "$LUA" \
    "$(URL /api/v1/sessions)" > "$WORK/signin-burst.txt"
RSS_BURST=$(rss VmRSS)
sleep "$IDLE_WAIT"
RSS_AFTER2=$(rss VmRSS)
RSS_PEAK=$(rss VmHWM)
THREADS_SERVER=$(awk '$1 == "Threads:" { print $2 }' "/proc/$SERVER_PID/status")

# Not a throughput figure: the same $SIGNIN_CONNS connections signing in to one account only, to
# show how the per-account throttle treats concurrent attempts that all succeed.
log "one account, -c$SIGNIN_CONNS for 5s (statuses only)"
BENCH_EMAILS=${EMAILS[-1]} wrk -t"$THREADS" -c"$SIGNIN_CONNS" -d5s --timeout 10s -s "$LUA" \
    "$(URL /api/v1/sessions)" > "$WORK/signin-one.txt"
grep '^status ' "$WORK/signin-one.txt" | sed 's/^/   /' >&2
unset BENCH_EMAILS BENCH_PASSWORD
stop_server
[[ $CRITERION -eq 0 ]] || run_criterion after

# --- summary ---------------------------------------------------------------------------------------
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
HEALTHZ_RPS=$(for f in "$WORK"/healthz-*.txt; do rps "$f"; done | median)
ME_RPS=$(for f in "$WORK"/me-*.txt; do rps "$f"; done | median)
ME_NON2XX=$(for f in "$WORK"/me-*.txt; do non2xx "$f"; done | awk '{ n += $1 } END { print n + 0 }')
SIGNIN_OK=$(status_of "$WORK/signin.txt" 201)
SIGNIN_SECS=$(seconds "$WORK/signin.txt")
SIGNIN_RPS=$(awk -v n="$SIGNIN_OK" -v s="$SIGNIN_SECS" 'BEGIN { printf "%.1f", n / s }')
SIGNIN_OTHER=$(awk '$1 == "status" && $2 != "201:" { n += $3 } END { print n + 0 }' "$WORK/signin.txt")

# Raw Argon2id: this run's criterion results (mean of before and after), else the last ones saved
# under target/criterion (ns per iteration; an iteration is one hash per thread).
estimate() {
    local f
    f=$(compgen -G "$ROOT/target/criterion/argon2id_m19456_t2_p1/$1/new/estimates.json" | head -1) || return 0
    [[ -n $f ]] && sed -n 's/^{"mean":{[^}]*},"point_estimate":\([0-9.e+-]*\).*/\1/p' "$f"
}
RAW_1_RATE="" RAW_N_RATE="" RAW_N_THREADS="" RAW_SOURCE=""
if [[ $CRITERION -eq 1 ]]; then
    read -r b1 bn bt <<< "$(criterion_rates "$WORK/criterion-before.txt")"
    read -r a1 an _ <<< "$(criterion_rates "$WORK/criterion-after.txt")"
    RAW_1_RATE=$(awk -v a="$b1" -v b="$a1" 'BEGIN { printf "%.1f", (a + b) / 2 }')
    RAW_N_RATE=$(awk -v a="$bn" -v b="$an" 'BEGIN { printf "%.1f", (a + b) / 2 }')
    RAW_N_THREADS=$bt
    RAW_SOURCE="this run: mean of ${bn}/s before and ${an}/s after the server's runs"
else
    RAW_N_NAME=$(compgen -G "$ROOT/target/criterion/argon2id_m19456_t2_p1/raw_*_threads_reused_memory" | head -1 || true)
    RAW_N_THREADS=$(basename "${RAW_N_NAME:-raw_0_}" | cut -d_ -f2)
    RAW_1=$(estimate raw_1_thread_reused_memory || true)
    RAW_N=$(estimate "raw_${RAW_N_THREADS}_threads_reused_memory" || true)
    if [[ -n $RAW_N ]]; then
        RAW_N_RATE=$(awk -v ns="$RAW_N" -v n="$RAW_N_THREADS" 'BEGIN { printf "%.1f", n * 1e9 / ns }')
        RAW_1_RATE=$(awk -v ns="${RAW_1:-0}" 'BEGIN { if (ns > 0) printf "%.1f", 1e9 / ns; else print "n/a" }')
        RAW_SOURCE="the last criterion results saved under target/criterion, not this run"
    fi
fi

verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "<") ? v < t : v >= t; print ok ? "PASS" : "FAIL" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "n/a" }'; }

{
    echo
    echo "== twofold load test ($([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite), $(nproc) cores, $(date -u +%FT%TZ))"
    if git -C "$ROOT" rev-parse --short HEAD > /dev/null 2>&1; then
        echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- crates Cargo.toml Cargo.lock ||
            echo ' with uncommitted changes in crates/')"
    fi
    [[ -z $PG_URL ]] || echo "(on PostgreSQL, \"other processes\" includes the database server itself)"
    echo "start to ready (fresh data dir, ${STARTS}x): median ${START_MEDIAN} ms, min ${START_MIN} ms, max ${START_MAX} ms" \
        "[$(verdict "$START_MEDIAN" 200 "<") target < 200 ms]"
    echo "   each: ${STARTS_MS[*]} ms; to the 'listening' line: ${LISTENS_MS[*]} ms"
    echo "   restart on an existing data dir: ${RESTART_MS} ms; measured run: ${RUN_READY_MS} ms"
    echo "idle RSS after start: ${RSS_IDLE} MB [$(verdict "$RSS_IDLE" 30 "<") target < 30 MB]"
    echo "RSS right after the load: ${RSS_LOADED} MB; ${IDLE_WAIT} s later: ${RSS_AFTER} MB [$(verdict "$RSS_AFTER" 30 "<") target < 30 MB]"
    echo "   after a second ${SIGNIN_BURST} s burst: ${RSS_BURST} MB; ${IDLE_WAIT} s later: ${RSS_AFTER2} MB [$(verdict "$RSS_AFTER2" 30 "<") target < 30 MB]"
    echo "   peak (VmHWM): ${RSS_PEAK} MB; server threads: ${THREADS_SERVER}"
    echo "/healthz: median ${HEALTHZ_RPS} req/s; /api/v1/me: median ${ME_RPS} req/s, non-2xx ${ME_NON2XX}" \
        "= $(ratio "$ME_RPS" "$HEALTHZ_RPS")% of /healthz [$(verdict "$(ratio "$ME_RPS" "$HEALTHZ_RPS")" 50 ">=") target >= 50%]"
    echo "   (wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS alternating rounds)"
    for r in $(seq "$ROUNDS"); do
        echo "   round $r: /healthz $(rps "$WORK/healthz-$r.txt") req/s (p99 $(pct "$WORK/healthz-$r.txt" 99); $(cpu "$WORK/healthz-$r.txt"))"
        echo "            /me      $(rps "$WORK/me-$r.txt") req/s (p99 $(pct "$WORK/me-$r.txt" 99); $(cpu "$WORK/me-$r.txt"))"
    done
    echo "sign-ins: ${SIGNIN_RPS}/s successful (${SIGNIN_OK} in ${SIGNIN_SECS} s at -c$SIGNIN_CONNS), other statuses: ${SIGNIN_OTHER}," \
        "p50 $(pct "$WORK/signin.txt" 50), p99 $(pct "$WORK/signin.txt" 99)"
    echo "   $(cpu "$WORK/signin.txt")"
    echo "   one account at -c$SIGNIN_CONNS for 5 s: $(grep '^status ' "$WORK/signin-one.txt" | sed 's/^status //' | paste -sd, | sed 's/,/, /g')"
    if [[ -n $RAW_N_RATE ]]; then
        echo "raw Argon2id at the default parameters (criterion): ${RAW_N_RATE}/s on ${RAW_N_THREADS} threads, ${RAW_1_RATE}/s on one"
        echo "   ($RAW_SOURCE)"
        for f in "$WORK"/criterion-*.txt; do
            [[ -f $f ]] && echo "   criterion $(basename "$f" .txt | cut -d- -f2): $(cpu "$f")"
        done
        echo "sign-ins / raw hashes: $(ratio "$SIGNIN_RPS" "$RAW_N_RATE")%" \
            "[$(verdict "$(ratio "$SIGNIN_RPS" "$RAW_N_RATE")" 90 ">=") target >= 90%]"
    else
        echo "raw Argon2id: no criterion results; run with --criterion or"
        echo "   cargo bench -p twofold-server --bench hot_paths -- argon2id"
    fi
    [[ $NOISY -eq 0 ]] || echo "WARNING: other processes were busy before a measurement; figures may be low"
    # The log may carry ANSI colours even into a file; strip them before looking for levels.
    # (With the default filter every request is logged, so the file is large: ~300 bytes each.)
    sed 's/\x1b\[[0-9;]*m//g' "$WORK/server.log" | grep -E '^[^ ]+ +(ERROR|WARN) ' > "$WORK/problems.log" || true
    echo "server log: $(wc -l < "$WORK/server.log") lines, $(du -h "$WORK/server.log" | cut -f1)" \
        "for $(cat "$WORK"/*.txt | awk '/requests in/ { n += $1 } END { print n + 0 }') requests measured"
    if [[ -s $WORK/problems.log ]]; then
        echo "server log warnings/errors (count, first words):"
        cut -d' ' -f2- "$WORK/problems.log" | cut -c1-160 | sort | uniq -c | sort -rn | head -10
    else
        echo "server log: no warnings or errors"
    fi
}
