#!/usr/bin/env bash
# Property-based checks of the OpenAPI document against the real server (schemathesis): the
# debug binary the tests built (target/debug/twofold) is started on a free port with a fresh data
# dir, once on SQLite and once on a fresh PostgreSQL database (TWOFOLD_TEST_PG_URL, as
# scripts/test.sh sets it; created here and dropped afterwards). Each server is tested signed out
# and then signed in (a fresh account, `Authorization: Bearer`), with the checks
# not_a_server_error, status_code_conformance, content_type_conformance and
# response_schema_conformance. Any failure exits non-zero: a failure is either a document that
# lies (fix the annotations or the schema types) or a server bug (fix the server).
#
# SCHEMATHESIS_EXAMPLES (default 100) is the number of cases per operation; on 2 cores the four
# runs took 4 min 40 s one after the other beside other work (150: 5 min 20 s; 40: 2 min 30 s).
# One schemathesis keeps one core busy in one Python thread (`--workers 2` was slower), so the
# two backends are tested at once, each server by a schemathesis of its own; each backend's
# output is printed whole once both are done.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-100}
VENV=target/schemathesis-venv
BIN=target/debug/twofold
PG_URL=${TWOFOLD_TEST_PG_URL:?set TWOFOLD_TEST_PG_URL (scripts/test.sh does)}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

[ -x "$BIN" ] || { echo "build the binary first: cargo build -p twofold" >&2; exit 1; }

# Debian's CPython, in a virtualenv of its own under target/ (git-ignored).
if ! /usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "installing python3-venv from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
fi
if ! "$VENV/bin/python" -m pip show schemathesis 2>/dev/null | grep -qx "Version: $SCHEMATHESIS_VERSION"; then
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
PY="$VENV/bin/python"

work=$(mktemp -d "${TMPDIR:-/tmp}/twofold-schemathesis.XXXXXX")
pg_db=""
cleanup() {
  if [ -n "$pg_db" ]; then
    psql "$PG_URL" -qXc "DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the server on a free port with a fresh data dir $work/$name; sets $url and $server_pid.
start_server() {
  local name=$1 database_url=$2 data="$work/$1"
  mkdir -p "$data"
  local vars=()
  # No database URL: SQLite in the data dir.
  [ -z "$database_url" ] || vars=("TWOFOLD_DATABASE_URL=$database_url")
  env "${vars[@]}" "$BIN" serve --listen 127.0.0.1:0 --data-dir "$data" \
    >"$data/stdout" 2>"$data/stderr" &
  server_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^twofold listening on \(http:[^ ]*\)$/\1/p' "$data/stdout")
    [ -n "$url" ] && "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1] + '/readyz')" "$url" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the $name server did not start:" >&2
  cat "$data/stderr" >&2
  return 1
}

# Creates an account, proves its address with the link emailed to the outbox directory $2, and
# signs in over the API; prints the session token.
sign_in() {
  "$PY" - "$1" "$2" <<'EOF'
import email, email.policy, json, pathlib, re, secrets, sys, time, urllib.request
url, outbox = sys.argv[1], pathlib.Path(sys.argv[2])
def post(path, body):
    req = urllib.request.Request(url + path, json.dumps(body).encode(),
                                 {"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as res:
        return json.load(res)
def link_token(to):
    for _ in range(300):
        for f in outbox.glob("*.eml"):
            msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
            if msg["To"] == to:
                found = re.search(r"/accounts/verify\?token=([A-Za-z0-9_-]+)", msg.get_body().get_content())
                if found:
                    return found.group(1)
        time.sleep(0.05)
    sys.exit(f"no sign-up link to {to} in {outbox}")
account = {"email": f"schemathesis-{secrets.token_hex(4)}@example.com",
           "password": "schemathesis " + secrets.token_urlsafe(16)}
post("/api/v1/accounts", account)
post("/api/v1/accounts/verify", {"token": link_token(account["email"])})
session = post("/api/v1/sessions", account)
assert session["state"] == "active", session
print(session["token"])
EOF
}

run() {
  local label=$1
  shift
  echo "== schemathesis: $label"
  # From the server's scratch dir: schemathesis keeps a cache (.schemathesis/) in its working
  # directory, so each concurrent run has its own.
  if ! (cd "$work/$name" && "$root/$VENV/bin/schemathesis" run "$url/api/openapi.json" -c "$CHECKS" \
    -n "$EXAMPLES" --no-color --suppress-health-check=all --generation-database=none "$@"); then
    failed+=("$label")
  fi
}

# Tests one backend (a server on `database_url`; SQLite when empty) signed out, then signed in;
# exits non-zero, naming the failed runs, on any failure. Runs in a subshell of its own.
test_backend() {
  name=$1
  local database_url=$2 token
  failed=()
  server_pid=""
  trap '[ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }' EXIT
  start_server "$name" "$database_url" || exit 1
  token=$(sign_in "$url" "$work/$name/outbox")
  # Signed out every operation that needs credentials answers 401: that answer is what is
  # checked there, so the warning that says so is off.
  run "$name, signed out" --warnings=off
  # Excluded signed in: DELETE /sessions/current signs the run's own session out, after which
  # every other operation could only answer 401 (checked by the signed-out run). The same token
  # goes as the browser's cookie too, for forward-auth, which takes nothing else (the bearer
  # token comes first everywhere else, so no other operation sees a difference).
  run "$name, signed in" -H "Authorization: Bearer $token" \
    -H "Cookie: twofold_session=$token" \
    --exclude-operation-id session_delete
  if [ ${#failed[@]} -gt 0 ]; then
    echo "schemathesis found failures in: ${failed[*]}" >&2
    exit 1
  fi
}

pg_db="twofold_schemathesis_$(date +%s)_$$"
psql "$PG_URL" -qXc "CREATE DATABASE \"$pg_db\"" >/dev/null

(test_backend SQLite "") >"$work/sqlite.log" 2>&1 &
sqlite_pid=$!
(test_backend PostgreSQL "${PG_URL%/*}/$pg_db") >"$work/postgres.log" 2>&1 &
postgres_pid=$!
status=0
wait "$sqlite_pid" || status=1
wait "$postgres_pid" || status=1
cat "$work/sqlite.log" "$work/postgres.log"

if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures (above)" >&2
  exit 1
fi
echo "schemathesis: no failures"
