#!/usr/bin/env bash
# Issue 18: authenticated GET /api/v1/me with many distinct sessions (100,000 by default),
# next to GET /healthz in the same server run, in alternating rounds. Each request carries
# another session, so a node's session cache (one second) rarely answers: what is measured is
# finding a session and its memberships in the database, and touching it once a minute.
#
# The sessions are copies of one real session (one account), each with a token of its own,
# written straight into the database: 100,000 sign-ins would measure Argon2id. A copy is a full
# session row: the server finds, checks and touches it like any other.
#
# Usage: scripts/bench-sessions.sh [--postgres URL] [--sessions N] [--duration SECS]
#                                  [--rounds N] [--connections N] [--no-build]
set -euo pipefail
export TWOFOLD_SIGNUP__VERIFY_EMAIL=false
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/target/release/twofold
source scripts/bench-common.sh

PG_URL="" SESSIONS=100000 DURATION=10 ROUNDS=3 CONNS=32 BUILD=1
while [[ $# -gt 0 ]]; do
    case $1 in
        --postgres) PG_URL=$2; shift 2 ;;
        --sessions) SESSIONS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --connections) CONNS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ $BUILD == 1 ]] && cargo build --release -p twofold --locked
command -v wrk > /dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }

WORK=$(mktemp -d)
DB_ARGS=()
if [[ -n $PG_URL ]]; then
    # A database of its own, dropped at the end.
    DB_NAME="twofold_bench_sessions_$$"
    psql "$PG_URL" -qc "CREATE DATABASE $DB_NAME" > /dev/null
    PG_URL="${PG_URL%/*}/$DB_NAME"
    DB_ARGS=(--database-url "$PG_URL")
    drop_db() { cleanup; psql "${PG_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" > /dev/null 2>&1 || true; }
    trap drop_db EXIT
else
    trap cleanup EXIT
fi
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/data" "${DB_ARGS[@]}" \
    > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER_PID=$!
server_url

# One real account and session, the template of the copies.
EMAIL="bench-$(date +%s%N)@example.org"
PASSWORD="correct horse battery staple"
curl -fsS -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$B/api/v1/accounts"
TOKEN=$(curl -fsS -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$B/api/v1/sessions" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
TEMPLATE=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)

# Tokens of the shape the server issues (43 characters of the URL-safe alphabet), made from a
# run id and a counter; ids shaped as UUIDs.
RUN=$(printf '%08x' $((RANDOM * 32768 + RANDOM)))
log "writing $SESSIONS sessions"
python3 - "$SESSIONS" "$RUN" "$WORK/tokens" > "$WORK/sessions.csv" <<'PY'
import hashlib, sys
n, run, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, "w") as tokens:
    for i in range(n):
        token = f"b{run}{i:034d}"
        tokens.write(token + "\n")
        sid = f"{run}-0000-7000-8000-{i:012d}"
        print(f"{sid},{hashlib.sha256(token.encode()).hexdigest()}")
PY
# Each copy was last seen at another moment of the last 55 seconds, so that from the first round
# on the server touches (writes last_seen_at of) sessions at the steady rate of 100,000 sessions
# each seen at least once a minute: 1,700 a second, not all at once.
COLUMNS="account_id, client, state, aal, remember, ip, user_agent, created_at,
    idle_timeout_ms, absolute_expires_at, mfa_verified_at, device_id, device_since, mfa_method"
NOW_MS=$(($(date +%s%N) / 1000000))
if [[ -n $PG_URL ]]; then
    psql -q "$PG_URL" <<SQL
CREATE TEMP TABLE bench_session (n SERIAL, id TEXT, token_hash TEXT);
\copy bench_session (id, token_hash) FROM '$WORK/sessions.csv' WITH (FORMAT csv)
INSERT INTO session (id, token_hash, last_seen_at, $COLUMNS)
SELECT b.id, b.token_hash, $NOW_MS - b.n % 55000, $COLUMNS FROM bench_session b,
    (SELECT $COLUMNS FROM session WHERE token_hash = '$TEMPLATE') t;
SQL
else
    sqlite3 "$WORK/data/twofold.db" <<SQL
.timeout 10000
CREATE TEMP TABLE bench_session (id TEXT, token_hash TEXT);
.mode csv
.import $WORK/sessions.csv bench_session
INSERT INTO session (id, token_hash, last_seen_at, $COLUMNS)
SELECT b.id, b.token_hash, $NOW_MS - b.rowid % 55000, $COLUMNS FROM bench_session b,
    (SELECT $COLUMNS FROM session WHERE token_hash = '$TEMPLATE') t;
SQL
fi
# Every copy answers.
for t in $(head -n 1 "$WORK/tokens") $(tail -n 1 "$WORK/tokens"); do
    curl -fsS -o /dev/null -H "authorization: Bearer $t" "$B/api/v1/me"
done

rate() { sed -n 's/^Requests\/sec: *//p' "$1"; }
# The session cache's look-ups so far: "hits misses".
lookups() {
    curl -fsS "$B/metrics" | awk '/^twofold_session_cache_lookups_total/ {
        if ($0 ~ /"hit"/) h = $NF; else m = $NF } END { printf "%d %d\n", h, m }'
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status"; }
for r in $(seq 1 "$ROUNDS"); do
    wait_quiet
    wrk -t2 -c"$CONNS" -d"${DURATION}s" "$B/healthz" > "$WORK/healthz.$r"
    wait_quiet
    read -r hits0 misses0 < <(lookups)
    BENCH_TOKENS="$WORK/tokens" wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency \
        -s scripts/sessions.lua "$B/api/v1/me" > "$WORK/me.$r"
    read -r hits1 misses1 < <(lookups)
    hits=$((hits1 - hits0)) misses=$((misses1 - misses0))
    h=$(rate "$WORK/healthz.$r") m=$(rate "$WORK/me.$r")
    printf 'round %d: /healthz %s req/s, /me (%d sessions) %s req/s = %.1f %%; %s; cache hits %.1f %%; p99 %s; RSS %d MB\n' \
        "$r" "$h" "$SESSIONS" "$m" "$(echo "100 * $m / $h" | bc -l)" \
        "$(grep '^status' "$WORK/me.$r" | tr '\n' ' ')" \
        "$(echo "100 * $hits / ($hits + $misses + 1)" | bc -l)" \
        "$(awk '$1 == "99%" { print $2 }' "$WORK/me.$r")" $(($(rss_kb) / 1024))
done
[[ $NOISY == 0 ]] || log "some rounds ran on a busy machine"
