#!/usr/bin/env bash
# Forward-auth checks per second next to /healthz, in the same server run (docs/PERFORMANCE.md,
# issue 15: forward-auth ≥ 50 % of /healthz). A release server on a fresh SQLite database in a
# temporary directory; one account signed in as a browser; then `wrk -t2 -c32 -d10s` against
# GET /healthz and GET /api/v1/forward-auth with the session cookie, alternating, ROUNDS times
# each; the medians and their ratio. Installs wrk from Debian's packages when missing.
#
# Usage: scripts/bench-forward-auth.sh [--rounds N] [--duration SECS] [--connections N] [--no-build]
set -euo pipefail
# The load's accounts sign up from one address and sign in at once: what is measured here is not
# sign-up, so the proof of address and the per-source sign-up limit are off.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
BIN=$PWD/target/release/twofold
ROUNDS=3
DURATION=10
CONNS=32
THREADS=2
BUILD=1
PASSWORD="correct horse battery staple"
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for n in "$ROUNDS" "$DURATION" "$CONNS"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 && $n -le 600 ]] || { echo "bad number: $n" >&2; exit 2; }
done
# shellcheck source=scripts/bench-common.sh
source "$PWD/scripts/bench-common.sh"

if ! command -v wrk > /dev/null; then
    log "installing wrk from Debian's packages"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get install -y -qq wrk > /dev/null 2>&1 ||
        { $SUDO apt-get update -qq > /dev/null && $SUDO apt-get install -y -qq wrk > /dev/null; }
fi
command -v curl > /dev/null || { echo "curl is needed" >&2; exit 1; }

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold"
    cargo build --release -p twofold
fi
[[ -x $BIN ]] || { echo "no $BIN; build it or drop --no-build" >&2; exit 1; }

WORK=$(mktemp -d /tmp/twofold-bench-fa.XXXXXX)
SERVER_PID=""
trap cleanup EXIT

RUST_LOG=warn TWOFOLD_FORWARD_AUTH__ALLOWED_HOSTS='["app.example.org"]' \
    "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK" \
    --database-url "sqlite://$WORK/twofold.db" > "$WORK/server.out" 2>&1 &
SERVER_PID=$!
server_url

# One account, signed in as a browser: the token is the value of its session cookie.
curl -fsS "$B/api/v1/accounts" -H 'content-type: application/json' \
    -d "{\"email\":\"bench@example.org\",\"password\":\"$PASSWORD\",\"name\":\"Bench\"}" > /dev/null
TOKEN=$(curl -fsS "$B/api/v1/sessions" -H 'content-type: application/json' \
    -d "{\"email\":\"bench@example.org\",\"password\":\"$PASSWORD\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[[ -n $TOKEN ]] || { echo "no session token" >&2; exit 1; }
COOKIE="twofold_session=$TOKEN"
# The check answers 200 with the headers before the load starts.
curl -fsS -D "$WORK/headers" -o /dev/null -H "cookie: $COOKIE" "$B/api/v1/forward-auth"
grep -qi '^remote-user: ' "$WORK/headers" || { cat "$WORK/headers" >&2; exit 1; }

rps() { awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$1"; }
non2xx() { awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }
p99() { awk '$1 == "99%" { print $2 }' "$1"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for r in $(seq 1 "$ROUNDS"); do
    wait_quiet
    log "round $r/$ROUNDS: wrk -t$THREADS -c$CONNS -d${DURATION}s /healthz"
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$B/healthz" > "$WORK/healthz-$r.txt"
    wait_quiet
    log "round $r/$ROUNDS: wrk -t$THREADS -c$CONNS -d${DURATION}s -H 'cookie: twofold_session=…' /api/v1/forward-auth"
    wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -H "cookie: $COOKIE" \
        "$B/api/v1/forward-auth" > "$WORK/fa-$r.txt"
    echo "round $r: /healthz $(rps "$WORK/healthz-$r.txt") req/s (p99 $(p99 "$WORK/healthz-$r.txt")), forward-auth $(rps "$WORK/fa-$r.txt") req/s (p99 $(p99 "$WORK/fa-$r.txt"), non-2xx $(non2xx "$WORK/fa-$r.txt"))"
done

HEALTHZ=$(for f in "$WORK"/healthz-*.txt; do rps "$f"; done | median)
FA=$(for f in "$WORK"/fa-*.txt; do rps "$f"; done | median)
NON2XX=$(for f in "$WORK"/fa-*.txt; do non2xx "$f"; done | awk '{ n += $1 } END { print n + 0 }')
RATIO=$(awk -v a="$FA" -v b="$HEALTHZ" 'BEGIN { printf "%.1f", 100 * a / b }')
VERDICT=$(awk -v r="$RATIO" -v n="$NON2XX" 'BEGIN { print (r >= 50 && n == 0) ? "PASS" : "FAIL" }')
echo
echo "commit $(git rev-parse --short HEAD 2> /dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "median of $ROUNDS rounds: /healthz $HEALTHZ req/s, forward-auth $FA req/s (non-2xx $NON2XX)"
echo "forward-auth / healthz = $RATIO % (target ≥ 50 %): $VERDICT"
((NOISY == 0)) || echo "(other processes were busy during some rounds)"
[[ $VERDICT == PASS ]]
