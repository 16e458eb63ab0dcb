#!/usr/bin/env bash
# Resident memory during a sign-in storm (issue 18), recorded in docs/PERFORMANCE.md: a fresh
# release server (SQLite, default settings: production Argon2id, one hashing worker per core),
# 40 accounts, then 8 concurrent sign-ins for DURATION seconds with wrk (scripts/load.lua).
# Prints the server's resident memory (VmRSS) at start and during the storm (sampled every
# 100 ms; the largest sample, and VmHWM), how much of it is anonymous memory and how much the
# binary's mapped code, and the sign-ins per second. Each round starts a new server.
#
# Usage: scripts/bench-storm.sh [--rounds N] [--duration SECS] [--connections N] [--no-build]
set -euo pipefail
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
source scripts/bench-common.sh

ROUNDS=3 DURATION=15 CONNS=8 BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ $BUILD == 1 ]] && cargo build --release -p twofold --locked
PASSWORD="correct horse battery staple"
kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

for r in $(seq 1 "$ROUNDS"); do
    WORK=$(mktemp -d)
    trap cleanup EXIT
    RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/data" \
        > "$WORK/server.out" 2> "$WORK/server.err" &
    SERVER_PID=$!
    server_url
    curl -fsS -o /dev/null "$B/readyz"
    START=$(kb "$SERVER_PID" VmRSS)
    EMAILS=()
    for i in $(seq 1 40); do
        EMAILS+=("storm$i@example.org")
        curl -fsS -o /dev/null -H 'content-type: application/json' \
            -d "{\"email\":\"storm$i@example.org\",\"password\":\"$PASSWORD\"}" "$B/api/v1/accounts"
    done
    wait_quiet
    BENCH_EMAILS=$(IFS=,; echo "${EMAILS[*]}") BENCH_PASSWORD=$PASSWORD \
        wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 10s -s scripts/load.lua \
        "$B/api/v1/sessions" > "$WORK/wrk.txt" &
    WRK=$!
    MAX=0
    while kill -0 "$WRK" 2> /dev/null; do
        now=$(kb "$SERVER_PID" VmRSS)
        ((now > MAX)) && MAX=$now
        sleep 0.1
    done
    wait "$WRK"
    ANON=$(awk '$1 == "Anonymous:" { print $2 }' "/proc/$SERVER_PID/smaps_rollup")
    CODE=$(awk -v bin="$BIN" '/^[0-9a-f]+-/ { name = $6 } /^Rss:/ && name == bin { s += $2 } END { print s + 0 }' "/proc/$SERVER_PID/smaps")
    printf 'round %d: start %d MB; storm max %d MB (VmHWM %d MB; at the end %d MB anonymous, %d MB the binary mapped); %s sign-ins/s (%s)\n' \
        "$r" $((START / 1024)) $((MAX / 1024)) $(($(kb "$SERVER_PID" VmHWM) / 1024)) \
        $((ANON / 1024)) $((CODE / 1024)) "$(sed -n 's/^Requests\/sec: *//p' "$WORK/wrk.txt")" \
        "$(grep '^status' "$WORK/wrk.txt" | tr '\n' ' ')"
    cleanup
    SERVER_PID=""
done
[[ $NOISY == 0 ]] || log "some rounds ran on a busy machine"
