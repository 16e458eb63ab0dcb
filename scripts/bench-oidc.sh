#!/usr/bin/env bash
# The OpenID Connect provider under load (docs/PERFORMANCE.md, issue 15): refresh-token grants
# per second with rotation (target ≥ 2,400/s on SQLite, 2 cores), code-for-token exchanges per
# second, and /healthz in the same server run for reference.
#
# A release server on a fresh SQLite database in a temporary directory; an owner who enrolls an
# authenticator app (codes from oathtool) and signs in with both steps, an organization, and a
# confidential web client of it (client_secret_basic). Then ROUNDS times, each with wrk
# (-t2 -cCONNS) and scripts/oidc-load.lua:
#   1. GET /healthz for DURATION seconds;
#   2. authorization requests with the owner's session cookie until CODES codes are held
#      (GET /oidc/authorize → 303 with a code; scope "openid email offline_access");
#   3. at once, each of those codes exchanged once at POST /oidc/token (codes live 60 s): the
#      code-exchange figure. Each answer brings an ID token (ES256) and a refresh token;
#   4. GRANTS of those refresh tokens start as many chains of rotation for DURATION seconds:
#      every request sends a refresh token never sent before and the next request of its chain
#      sends the one the answer brought. Only 200s count. After the run, sending a chain's first
#      token again must be refused (it was used), and on SQLite the database must hold at least
#      as many used refresh tokens as 200s were counted.
# Prints each round and the medians.
#
# Usage: scripts/bench-oidc.sh [--rounds N] [--duration SECS] [--connections N] [--codes N]
#                              [--grants N] [--postgres URL] [--no-build]
set -euo pipefail
# The load's accounts sign up from one address and sign in at once: what is measured here is not
# sign-up, so the proof of address and the per-source sign-up limit are off.
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false TWOFOLD_SIGNUP__PER_SOURCE_PER_HOUR=1000000

cd "$(dirname "$0")/.."
BIN=$PWD/target/release/twofold
LUA=$PWD/scripts/oidc-load.lua
ROUNDS=3
DURATION=10
CONNS=32
THREADS=2
CODES=20000
GRANTS=0
PG_URL=""
BUILD=1
PASSWORD="correct horse battery staple"
REDIRECT="https://wiki.example.org/cb"
REDIRECT_ENC="https%3A%2F%2Fwiki.example.org%2Fcb"
TARGET=2400
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --codes) CODES=$2; shift 2 ;;
        --grants) GRANTS=$2; shift 2 ;;
        --postgres) PG_URL=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for n in "$ROUNDS" "$DURATION" "$CONNS"; do
    [[ $n =~ ^[0-9]+$ && $n -gt 0 && $n -le 600 ]] || { echo "bad number: $n" >&2; exit 2; }
done
# Two chains per connection by default: a chain broken by an error is replaced by a spare.
((GRANTS > 0)) || GRANTS=$((2 * CONNS))
[[ $CODES =~ ^[0-9]+$ && $CODES -ge $GRANTS && $CODES -le 200000 ]] ||
    { echo "--codes must be at least --grants ($GRANTS) and at most 200000" >&2; exit 2; }
((CONNS >= THREADS)) || { echo "--connections must be at least $THREADS" >&2; exit 2; }
# shellcheck source=scripts/bench-common.sh
source "$PWD/scripts/bench-common.sh"
# Runs wrk ($2…) with its output into file $1, then appends how the machine's CPU was shared
# meanwhile: the server, wrk, idle, and other processes (the rest; PostgreSQL's when it runs here).
run_wrk() {
    local out=$1 a b s0 s1 w
    shift
    cpu_sample; read -r -a a <<< "$REPLY"
    s0=$(proc_jiffies "$SERVER_PID")
    local TIMEFORMAT='%U %S'
    { time wrk "$@" > "$out"; } 2> "$WORK/time" || { cat "$WORK/time" >&2; return 1; }
    cpu_sample; read -r -a b <<< "$REPLY"
    s1=$(proc_jiffies "$SERVER_PID")
    w=$(tail -1 "$WORK/time" | awk '{ printf "%d", ($1 + $2) * 100 }')
    awk -v busy=$((b[0] - a[0])) -v all=$((b[1] - a[1])) -v srv=$((s1 - s0)) -v w="$w" \
        'BEGIN { o = busy - srv - w; if (o < 0) o = 0; if (all < 1) all = 1
                 printf "cpu: server %.0f%%, wrk %.0f%%, idle %.0f%%, other %.0f%%\n",
                     100 * srv / all, 100 * w / all, 100 * (all - busy) / all, 100 * o / all }' >> "$out"
}

for tool in wrk curl oathtool; do
    command -v "$tool" > /dev/null || { echo "$tool is needed (apt-get install $tool)" >&2; exit 1; }
done

if [[ $BUILD -eq 1 ]]; then
    log "cargo build --release -p twofold"
    cargo build --release -p twofold
fi
[[ -x $BIN ]] || { echo "no $BIN; build it or drop --no-build" >&2; exit 1; }

WORK=$(mktemp -d /tmp/twofold-bench-oidc.XXXXXX)
SERVER_PID=""
trap cleanup EXIT

DB_URL=${PG_URL:-sqlite://$WORK/twofold.db}
BACKEND=$([[ -n $PG_URL ]] && echo PostgreSQL || echo SQLite)
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK" \
    --database-url "$DB_URL" > "$WORK/server.out" 2>&1 &
SERVER_PID=$!
server_url

# The value of "key" in a flat JSON answer.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
api() {
    local path=$1 body=$2
    curl -fsS "$B$path" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$body"
}

log "setting up: an owner with an authenticator app, an organization, a confidential web client"
curl -fsS "$B/api/v1/accounts" -H 'content-type: application/json' \
    -d "{\"email\":\"owner@example.org\",\"password\":\"$PASSWORD\",\"name\":\"Owner\"}" > /dev/null
TOKEN=$(curl -fsS "$B/api/v1/sessions" -H 'content-type: application/json' \
    -d "{\"email\":\"owner@example.org\",\"password\":\"$PASSWORD\"}" | field token)
[[ -n $TOKEN ]] || { echo "no session token" >&2; exit 1; }
# Enrolling the app with a code from it passes the second factor for this session (aal2).
STARTED=$(api /api/v1/me/mfa/totp '{"label":"Phone"}')
METHOD=$(field id <<< "$STARTED")
SECRET=$(field secret <<< "$STARTED")
api "/api/v1/me/mfa/totp/$METHOD/verify" "{\"code\":\"$(oathtool --totp -b "$SECRET")\"}" > /dev/null
ORG=$(api /api/v1/orgs '{"name":"Acme"}' | field id)
CLIENT=$(api "/api/v1/orgs/$ORG/clients" \
    "{\"name\":\"Wiki\",\"type\":\"confidential\",\"kind\":\"web\",\"redirect_uris\":[\"$REDIRECT\"]}")
CLIENT_ID=$(field client_id <<< "$CLIENT")
CLIENT_SECRET=$(field client_secret <<< "$CLIENT")
[[ -n $CLIENT_ID && -n $CLIENT_SECRET ]] || { echo "no client: $CLIENT" >&2; exit 1; }
BASIC="authorization: Basic $(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
COOKIE="cookie: twofold_session=$TOKEN"
AUTHORIZE="$B/oidc/authorize?response_type=code&client_id=$CLIENT_ID&redirect_uri=$REDIRECT_ENC&scope=openid%20email%20offline_access&state=bench&nonce=bench"
# The session gets a code before the load starts.
curl -fsS -o /dev/null -D "$WORK/headers" -H "$COOKIE" "$AUTHORIZE"
grep -qi '^location: .*[?&]code=' "$WORK/headers" || { cat "$WORK/headers" >&2; exit 1; }

# Refresh tokens exchanged, in the database: each exchange stored one naming it (SQLite only;
# empty otherwise).
used_refresh() {
    [[ -z $PG_URL ]] && command -v sqlite3 > /dev/null || return 0
    sqlite3 "file:$WORK/twofold.db?mode=ro" \
        "SELECT count(*) FROM oidc_token WHERE parent_hash IS NOT NULL" 2> /dev/null
}
status_of() { awk -v s="$2" '$1 == "status" && $2 == s":" { n = $3 } END { print n + 0 }' "$1"; }
others() { awk '$1 == "status" && $2 != "200:" && $2 != "303:" { n += $3 } END { print n + 0 }' "$1"; }
rate() { awk '$1 == "done/s:" { printf "%.0f\n", $2 }' "$1"; }
rps() { awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$1"; }
p99() { awk '$1 == "99%" { print $2 }' "$1"; }
cpu() { sed -n 's/^cpu: //p' "$1"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
oidc_wrk() {
    local out=$1 mode=$2 duration=$3
    shift 3
    BENCH_MODE=$mode BENCH_THREADS=$THREADS BENCH_REDIRECT=$REDIRECT_ENC \
        run_wrk "$out" -t"$THREADS" -c"$CONNS" -d"${duration}s" --latency -s "$LUA" "$@"
}

FAILED=0
for r in $(seq 1 "$ROUNDS"); do
    wait_quiet
    log "round $r/$ROUNDS: wrk -t$THREADS -c$CONNS -d${DURATION}s /healthz"
    run_wrk "$WORK/healthz-$r.txt" -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$B/healthz"

    wait_quiet
    log "round $r/$ROUNDS: $CODES authorization requests, then each code exchanged once"
    BENCH_QUOTA=$CODES BENCH_OUT=$WORK/codes-$r.txt \
        oidc_wrk "$WORK/authorize-$r.txt" authorize 120 -H "$COOKIE" "$AUTHORIZE"
    BENCH_IN=$WORK/codes-$r.txt BENCH_OUT=$WORK/refresh-$r.txt \
        oidc_wrk "$WORK/exchange-$r.txt" exchange 120 -H "$BASIC" "$B/oidc/token"

    head -n "$GRANTS" "$WORK/refresh-$r.txt" > "$WORK/chains-$r.txt"
    [[ $(wc -l < "$WORK/chains-$r.txt") -eq $GRANTS ]] ||
        { echo "only $(wc -l < "$WORK/chains-$r.txt") refresh tokens for $GRANTS chains" >&2; exit 1; }
    wait_quiet
    used0=$(used_refresh)
    log "round $r/$ROUNDS: $GRANTS chains of refresh-token rotation, -d${DURATION}s"
    BENCH_IN=$WORK/chains-$r.txt oidc_wrk "$WORK/rotate-$r.txt" refresh "$DURATION" \
        -H "$BASIC" "$B/oidc/token"
    used1=$(used_refresh)

    # Rotation held: a chain's first token, sent again, is refused as used before.
    replay=$(curl -sS -H "$BASIC" "$B/oidc/token" -d grant_type=refresh_token \
        --data-urlencode "refresh_token=$(head -n 1 "$WORK/chains-$r.txt")")
    if [[ $replay != *"used before"* ]]; then
        echo "a used refresh token was not refused: $replay" >&2
        FAILED=1
    fi
    ok=$(status_of "$WORK/rotate-$r.txt" 200)
    if [[ -n ${used1:-} ]] && ((used1 - used0 < ok)); then
        echo "the database holds $((used1 - used0)) newly used refresh tokens for $ok answers" >&2
        FAILED=1
    fi
    echo "round $r: /healthz $(rps "$WORK/healthz-$r.txt") req/s (p99 $(p99 "$WORK/healthz-$r.txt"); $(cpu "$WORK/healthz-$r.txt"))"
    echo "   refresh grants $(rate "$WORK/rotate-$r.txt")/s ($ok × 200, non-200 $(others "$WORK/rotate-$r.txt"), p99 $(p99 "$WORK/rotate-$r.txt")${used1:+, $((used1 - used0)) refresh tokens used in the database}; $(cpu "$WORK/rotate-$r.txt"))"
    echo "   code exchanges $(rate "$WORK/exchange-$r.txt")/s ($(status_of "$WORK/exchange-$r.txt" 200) × 200, non-200 $(others "$WORK/exchange-$r.txt"), p99 $(p99 "$WORK/exchange-$r.txt"); $(cpu "$WORK/exchange-$r.txt"))"
    echo "   authorizations $(rate "$WORK/authorize-$r.txt")/s ($(status_of "$WORK/authorize-$r.txt" 303) × 303, other $(others "$WORK/authorize-$r.txt"), p99 $(p99 "$WORK/authorize-$r.txt"))"
done

HEALTHZ=$(for f in "$WORK"/healthz-*.txt; do rps "$f"; done | median)
REFRESH=$(for f in "$WORK"/rotate-*.txt; do rate "$f"; done | median)
EXCHANGE=$(for f in "$WORK"/exchange-*.txt; do rate "$f"; done | median)
AUTHZ=$(for f in "$WORK"/authorize-*.txt; do rate "$f"; done | median)
NON200=$(for f in "$WORK"/rotate-*.txt "$WORK"/exchange-*.txt; do others "$f"; done |
    awk '{ n += $1 } END { print n + 0 }')
VERDICT=$(awk -v r="$REFRESH" -v t="$TARGET" -v n="$NON200" -v f="$FAILED" \
    'BEGIN { print (r >= t && n == 0 && f == 0) ? "PASS" : "FAIL" }')
echo
echo "commit $(git rev-parse --short HEAD 2> /dev/null || echo unknown)$(git diff --quiet HEAD -- crates 2> /dev/null || echo ' with uncommitted changes in crates/'), $(date -u '+%Y-%m-%d %H:%M UTC'), $BACKEND"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
echo "median of $ROUNDS rounds (wrk -t$THREADS -c$CONNS): /healthz $HEALTHZ req/s; refresh grants $REFRESH/s ($GRANTS chains, ${DURATION}s); code exchanges $EXCHANGE/s ($CODES codes); authorizations $AUTHZ/s; non-200 $NON200"
echo "refresh grants with rotation: $REFRESH/s (target ≥ $TARGET/s): $VERDICT"
((NOISY == 0)) || echo "(other processes were busy during some rounds)"
if grep -qE ' (WARN|ERROR) ' "$WORK/server.out"; then
    echo "server log: $(grep -cE ' (WARN|ERROR) ' "$WORK/server.out") warnings or errors, the first:"
    grep -m 3 -E ' (WARN|ERROR) ' "$WORK/server.out"
fi
[[ $VERDICT == PASS ]]
