#!/usr/bin/env bash
# Passkey sign-in benchmark, recorded in docs/PERFORMANCE.md: passkey sign-ins per second over
# HTTP (challenge, answer signed by a software authenticator, verify) next to password sign-ins
# (POST /api/v1/sessions, Argon2id at the default parameters) in the same server run, against
# the same accounts, alternating password and passkey windows. Driven by
# crates/twofold/examples/passkey_sign_in_load.rs (wrk cannot sign challenges). Target: passkey
# sign-ins at least 10 times password sign-ins; the median round's ratio is reported.
#
# Usage: scripts/bench-passkeys.sh [--postgres URL] [--seconds S] [--accounts N]
#                                  [--concurrency C] [--rounds R] [--no-build]
set -euo pipefail
# The accounts sign up from one address and sign in at once: sign-up is not what is measured.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
DRIVER=$ROOT/target/release/examples/passkey_sign_in_load
PG_URL=""
SECONDS_RUN=10
ACCOUNTS=64
CONCURRENCY=8
ROUNDS=3
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --seconds) SECONDS_RUN=$2; shift 2 ;;
        --accounts) ACCOUNTS=$2; shift 2 ;;
        --concurrency) CONCURRENCY=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if [[ -n $PG_URL && ! $PG_URL =~ ^postgres(ql)?://([^@/]*@)?(127\.0\.0\.1|localhost|\[::1\])[:/] ]]; then
    echo "--postgres must point at a loopback address" >&2
    exit 2
fi

source "$ROOT/scripts/bench-common.sh"
WORK=$(mktemp -d /tmp/twofold-bench-passkeys.XXXXXX)
SERVER_PID=""
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold --bin twofold --example passkey_sign_in_load"
    cargo build --release -p twofold --bin twofold --example passkey_sign_in_load
fi

log "starting the release server ($([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite))"
DB=()
[[ -z $PG_URL ]] || DB=(--database-url "$PG_URL")
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/data" "${DB[@]}" \
    > "$WORK/server.out" 2> "$WORK/server.log" &
SERVER_PID=$!
server_url
ORIGIN=""
for _ in $(seq 1 50); do
    ORIGIN=$(sed -n 's/.*public URL: \(http:\/\/[^ ]*\).*/\1/p' "$WORK/server.out" | head -1)
    [[ -n $ORIGIN ]] && break
    sleep 0.1
done
[[ -n $ORIGIN ]] || { cat "$WORK/server.out" >&2; exit 1; }

wait_quiet
log "$DRIVER $B --origin $ORIGIN --accounts $ACCOUNTS --seconds $SECONDS_RUN --concurrency $CONCURRENCY --rounds $ROUNDS"
"$DRIVER" "$B" --origin "$ORIGIN" --accounts "$ACCOUNTS" --seconds "$SECONDS_RUN" \
    --concurrency "$CONCURRENCY" --rounds "$ROUNDS" | tee "$WORK/load.txt" >&2

field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<< "$1" | head -1; }
RATIOS=()
{
    echo
    echo "== twofold passkey sign-in bench ($([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite), $(nproc) cores, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
    grep '^accounts=' "$WORK/load.txt"
    echo "sign-ins per second over HTTP, concurrency $CONCURRENCY, ${SECONDS_RUN} s windows:"
} > "$WORK/summary.txt"
for r in $(seq "$ROUNDS"); do
    pw=$(grep "^round=$r kind=password " "$WORK/load.txt")
    pk=$(grep "^round=$r kind=passkey " "$WORK/load.txt")
    ratio=$(field "$(grep "^round=$r ratio=" "$WORK/load.txt")" ratio)
    RATIOS+=("$ratio")
    echo "   round $r: passkeys $(field "$pk" per_second)/s (p50 $(field "$pk" p50_ms) ms, p99 $(field "$pk" p99_ms) ms, failures $(field "$pk" failures)), passwords $(field "$pw" per_second)/s (p50 $(field "$pw" p50_ms) ms, failures $(field "$pw" failures)) = ${ratio}x" >> "$WORK/summary.txt"
done
MEDIAN=$(printf '%s\n' "${RATIOS[@]}" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
VERDICT=$(awk -v p="$MEDIAN" 'BEGIN { print (p >= 10) ? "PASS" : "FAIL" }')
{
    echo "passkey / password sign-ins, median of $ROUNDS rounds: ${MEDIAN}x [$VERDICT target >= 10x]"
    grep '^failure_kind=' "$WORK/load.txt" | sort -u | sed 's/^/   /' || true
    [[ $NOISY -eq 0 ]] || echo "   (the machine was busy before the run: figures may be low)"
} >> "$WORK/summary.txt"
cat "$WORK/summary.txt"
