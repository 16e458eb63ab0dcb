#!/usr/bin/env bash
# Organization-scale benchmark (issue 4), recorded in docs/PERFORMANCE.md: an organization of
# 100,000 members (70 % with 2FA) built by crates/twofold/examples/org_scale.rs against a
# release server, then the first page of the members without 2FA, enforcing and stopping,
# the preview, and reminders to every member without 2FA, timed over HTTP.
#
# The server runs with its outbox worker off (queued emails stay queued: delivery is not what
# is measured) and a reminder window of 0 hours, so that every round queues every reminder.
#
# Usage: scripts/bench-org.sh [--postgres URL] [--members N] [--enrolled-percent P]
#                             [--rounds R] [--no-build]
set -euo pipefail
# The load's accounts sign up from one address and sign in at once: what is measured here is not
# sign-up, so the proof of address and the per-source sign-up limit are off.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
DRIVER=$ROOT/target/release/examples/org_scale
PG_URL=""
MEMBERS=100000
PERCENT=70
ROUNDS=30
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --members) MEMBERS=$2; shift 2 ;;
        --enrolled-percent) PERCENT=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

log() { printf '>> %s\n' "$*" >&2; }
WORK=$(mktemp -d /tmp/twofold-bench-org.XXXXXX)
SERVER_PID=""
DB_NAME=""
cleanup() {
    [[ -z $SERVER_PID ]] || kill "$SERVER_PID" 2> /dev/null || true
    if [[ -n $DB_NAME ]]; then
        psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB_NAME" > /dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold --bin twofold --example org_scale"
    cargo build --release -p twofold --bin twofold --example org_scale
fi

if [[ -n $PG_URL ]]; then
    DB_NAME="twofold_bench_org_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $DB_NAME" > /dev/null
    DB_URL="${PG_URL%/*}/$DB_NAME"
else
    DB_URL="sqlite://$WORK/twofold.db"
fi

export TWOFOLD_OUTBOX_WORKER=false TWOFOLD_REMINDERS__WINDOW_HOURS=0 TWOFOLD_MFA__REAUTH_MINUTES=240
"$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK" --database-url "$DB_URL" \
    > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 100); do
    grep -q "listening on" "$WORK/server.out" 2> /dev/null && break
    sleep 0.1
done
URL=$(sed -n 's/^twofold listening on //p' "$WORK/server.out" | head -1)
[[ -n $URL ]] || { cat "$WORK/server.err" >&2; exit 1; }
log "server at $URL on ${PG_URL:+PostgreSQL}${PG_URL:-SQLite}; $(nproc) cores, $(uname -r)"
"$DRIVER" "$URL" "$DB_URL" --members "$MEMBERS" --enrolled-percent "$PERCENT" --rounds "$ROUNDS"
