#!/usr/bin/env bash
# Push approval round trips, recorded in docs/PERFORMANCE.md: a release server (SQLite in a
# temporary directory, or --postgres URL) and crates/twofold/examples/push_round_trip.rs with
# ACCOUNTS accounts, each with a device long-polling, PUSHES sign-ins each (at most 10: the
# hourly cap per account); then the criterion benches of the pure paths (hot_paths -- push_sms).
#
# Usage: scripts/bench-push.sh [--postgres URL] [--accounts N] [--pushes P] [--no-build]
set -euo pipefail
# The load's accounts sign up from one address and sign in at once: what is measured here is not
# sign-up, so the proof of address and the per-source sign-up limit are off.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
BIN=$PWD/target/release/twofold
DRIVER=$PWD/target/release/examples/push_round_trip
PG_URL=""
ACCOUNTS=50
PUSHES=10
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --accounts) ACCOUNTS=$2; shift 2 ;;
        --pushes) PUSHES=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

WORK=$(mktemp -d /tmp/twofold-bench-push.XXXXXX)
SERVER_PID=""
cleanup() {
    [[ -z $SERVER_PID ]] || kill "$SERVER_PID" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
    cargo build --release -p twofold --bin twofold --example push_round_trip
fi
DB=("--database-url" "sqlite://$WORK/twofold.db")
[[ -z $PG_URL ]] || DB=("--database-url" "$PG_URL")
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK" "${DB[@]}" > "$WORK/server.out" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    ADDR=$(sed -n 's/^twofold listening on //p' "$WORK/server.out")
    [[ -n $ADDR ]] && break
    sleep 0.1
done
[[ -n $ADDR ]] || { cat "$WORK/server.out" >&2; exit 1; }
"$DRIVER" "$ADDR" "$ACCOUNTS" "$PUSHES"
kill "$SERVER_PID"
SERVER_PID=""
cargo bench -p twofold-server --bench hot_paths -- push_sms 2>&1 | grep -E '^push_sms|time:'
