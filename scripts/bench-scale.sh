#!/usr/bin/env bash
# Scale benchmark (issue 18), recorded in docs/PERFORMANCE.md: one million accounts and an
# organization of 100,000 of them on PostgreSQL, written by crates/twofold/examples/mixed_load.rs
# against a release server, then a mixed load (sign-ins with both steps at production Argon2id,
# the members page, /me, enforcement switched every 5 s, reminders every 20 s) with the p50, p95,
# p99 and max of each operation.
#
# The server runs with its outbox worker off (queued emails stay queued: delivery is not what
# is measured), a reminder window of 0 hours (each round of reminders queues them all again),
# and the proof of address and per-source sign-up limit off (the driver signs up its active
# accounts from one address).
#
# Usage: scripts/bench-scale.sh --postgres URL [--accounts N] [--members N] [--active N]
#                               [--concurrency N] [--seconds N] [--no-build]
set -euo pipefail
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
DRIVER=$ROOT/target/release/examples/mixed_load
PG_URL=""
BUILD=1
DRIVER_ARGS=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --accounts | --members | --active | --concurrency | --seconds)
            DRIVER_ARGS+=("$1" "$2"); shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[[ -n $PG_URL ]] || { echo "--postgres URL is required" >&2; exit 2; }

log() { printf '>> %s\n' "$*" >&2; }
WORK=$(mktemp -d /tmp/twofold-bench-scale.XXXXXX)
SERVER_PID=""
DB_NAME="twofold_bench_scale_$$"
cleanup() {
    [[ -z $SERVER_PID ]] || kill "$SERVER_PID" 2> /dev/null || true
    wait 2> /dev/null || true
    psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB_NAME" > /dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold --bin twofold --example mixed_load"
    cargo build --release -p twofold --bin twofold --example mixed_load
fi
psql "$PG_URL" -qc "CREATE DATABASE $DB_NAME" > /dev/null
DB_URL="${PG_URL%/*}/$DB_NAME"

export TWOFOLD_OUTBOX_WORKER=false TWOFOLD_REMINDERS__WINDOW_HOURS=0 TWOFOLD_MFA__REAUTH_MINUTES=240
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK" --database-url "$DB_URL" \
    > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 100); do
    grep -q "listening on" "$WORK/server.out" 2> /dev/null && break
    sleep 0.1
done
URL=$(sed -n 's/^twofold listening on //p' "$WORK/server.out" | head -1)
[[ -n $URL ]] || { cat "$WORK/server.err" >&2; exit 1; }
log "server at $URL on PostgreSQL; $(nproc) cores, $(uname -r)"
"$DRIVER" "$URL" "$DB_URL" "${DRIVER_ARGS[@]}"
log "server resident memory at the end: $(awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER_PID/status"), peak $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$SERVER_PID/status")"
