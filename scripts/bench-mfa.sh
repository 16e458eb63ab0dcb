#!/usr/bin/env bash
# Two-step sign-in benchmark, recorded in docs/PERFORMANCE.md:
#   1. TOTP verification in-process (criterion: `hot_paths -- totp`);
#   2. full password + TOTP sign-ins per second over HTTP against a release server, driven by
#      crates/twofold/examples/mfa_sign_in_load.rs (wrk cannot compute TOTP codes), next to
#   3. raw Argon2id hashes per second on all cores (criterion), run before and after the server's
#      run; the mean is the ceiling the sign-ins are compared against (target: at least 85 %).
#
# Usage: scripts/bench-mfa.sh [--postgres URL] [--seconds S] [--accounts N] [--concurrency C]
#                             [--no-build]
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
DRIVER=$ROOT/target/release/examples/mfa_sign_in_load
PG_URL=""
SECONDS_RUN=20
ACCOUNTS=1000
CONCURRENCY=16
BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --seconds) SECONDS_RUN=$2; shift 2 ;;
        --accounts) ACCOUNTS=$2; shift 2 ;;
        --concurrency) CONCURRENCY=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

log() { printf '>> %s\n' "$*" >&2; }
WORK=$(mktemp -d /tmp/twofold-bench-mfa.XXXXXX)
SERVER_PID=""
cleanup() {
    [[ -z $SERVER_PID ]] || kill "$SERVER_PID" 2> /dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold --bin twofold --example mfa_sign_in_load"
    cargo build --release -p twofold --bin twofold --example mfa_sign_in_load
fi

# "RATE" of the all-threads raw Argon2id bench in criterion's output $1 (hashes per second).
raw_rate() {
    awk '/^argon2id_m19456_t2_p1\/raw_[0-9]+_threads/ { on = 1 }
         on && /thrpt:/ && !/%/ { print $4; exit }' "$1"
}
criterion_argon() {
    log "cargo bench -p twofold-server --bench hot_paths -- argon2id/raw_ ($1)"
    cargo bench -p twofold-server --bench hot_paths -- 'argon2id_m19456_t2_p1/raw_[0-9]+_threads' \
        > "$WORK/argon-$1.txt" 2>&1
    log "   raw Argon2id, all cores: $(raw_rate "$WORK/argon-$1.txt")/s"
}

log "cargo bench -p twofold-server --bench hot_paths -- totp"
cargo bench -p twofold-server --bench hot_paths -- totp > "$WORK/totp.txt" 2>&1
criterion_argon before

log "starting the release server ($([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite))"
DB=()
[[ -z $PG_URL ]] || DB=(--database-url "$PG_URL")
mkfifo "$WORK/stdout"
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/data" "${DB[@]}" \
    > "$WORK/stdout" 2> "$WORK/server.log" &
SERVER_PID=$!
exec 4< "$WORK/stdout"
read -r -t 30 line <&4
[[ $line =~ listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]] || { cat "$WORK/server.log" >&2; exit 1; }
URL=${BASH_REMATCH[1]}

log "$DRIVER $URL --accounts $ACCOUNTS --seconds $SECONDS_RUN --concurrency $CONCURRENCY"
"$DRIVER" "$URL" --accounts "$ACCOUNTS" --seconds "$SECONDS_RUN" --concurrency "$CONCURRENCY" \
    | tee "$WORK/load.txt" >&2
kill "$SERVER_PID"
wait "$SERVER_PID" 2> /dev/null || true
SERVER_PID=""
exec 4<&-
criterion_argon after

field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$WORK/load.txt" | head -1; }
RATE=$(field per_second)
BEFORE=$(raw_rate "$WORK/argon-before.txt")
AFTER=$(raw_rate "$WORK/argon-after.txt")
RAW=$(awk -v a="$BEFORE" -v b="$AFTER" 'BEGIN { printf "%.1f", (a + b) / 2 }')
PCT=$(awk -v a="$RATE" -v b="$RAW" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print 0 }')
VERDICT=$(awk -v p="$PCT" 'BEGIN { print (p >= 85) ? "PASS" : "FAIL" }')
{
    echo
    echo "== twofold two-step sign-in bench ($([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite), $(nproc) cores, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
    echo "TOTP verification in-process (criterion, time per verification):"
    awk '/^totp\// { name = $1 } name != "" && /time:/ { print "   " name ": " $0; name = "" }' "$WORK/totp.txt" |
        sed 's/ \+time: */ /'
    echo "password + TOTP sign-ins over HTTP: ${RATE}/s ($(field two_step_sign_ins) in $(field seconds) s at concurrency $CONCURRENCY," \
        "p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, failures $(field failures); $(field accounts) accounts enrolled in $(field setup_seconds) s)"
    echo "raw Argon2id m=19456 t=2 p=1 on all cores (criterion): ${RAW}/s (mean of ${BEFORE}/s before and ${AFTER}/s after)"
    echo "two-step sign-ins / raw hashes: ${PCT}% [$VERDICT target >= 85%]"
    grep '^failure_kind=' "$WORK/load.txt" | sed 's/^/   /' || true
}
