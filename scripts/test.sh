#!/usr/bin/env bash
# The test command: installs what the tests need from Debian's packages (PostgreSQL, an SMTP
# server, oathtool as an independent TOTP implementation, nginx for the forward-auth test,
# Chromium, and Node.js when missing)
# and the browser tests' three npm packages (playwright-core, axe-core, openid-client as an app that
# signs in through twofold; no browser download),
# starts PostgreSQL on loopback, checks formatting and lints, runs every Rust test on SQLite and
# PostgreSQL, checks the OpenAPI document against the server with schemathesis (from PyPI, in a
# virtualenv under target/), then the web console's end-to-end tests in headless Chromium (they write
# docs/screenshots/). Run as root on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_USER=twofold
PG_PASSWORD=twofold-test
PG_PORT=${TWOFOLD_TEST_PG_PORT:-5432}

need=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
command -v oathtool >/dev/null 2>&1 || need+=(oathtool)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# The forward-auth test puts Debian's nginx (built with auth_request) in front of an app.
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
# A test stops a server the way an operator does: kill -TERM.
[ -x /bin/kill ] || [ -x /usr/bin/kill ] || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Start PostgreSQL on loopback (create a cluster if the package made none).
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${pg_version} main$"; then
  pg_createcluster "$pg_version" main -p "$PG_PORT" >/dev/null
fi
pg_ctlcluster "$pg_version" main start 2>/dev/null || true
for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.2
done
pg_isready -h 127.0.0.1 -p "$PG_PORT"
su postgres -c "psql -p $PG_PORT -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'\"" | grep -q 1 ||
  su postgres -c "psql -p $PG_PORT -qc \"CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB\""
export TWOFOLD_TEST_PG_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres"

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Four tests at a time: an API test mostly waits on the server it started (and its database),
# so libtest's default here (one per core, 2) left the cores idle half the time.
RUST_TEST_THREADS=${RUST_TEST_THREADS:-4} cargo test --workspace --locked -- --skip ::alone::
# Tests of dozens of racing requests, one at a time (see `backend_tests_alone!` in
# crates/twofold/tests/api/helpers.rs).
cargo test -p twofold --test api --locked -- ::alone:: --test-threads=1

# The OpenAPI document against the binary the tests above built: schemathesis, on SQLite and
# PostgreSQL at once, signed out and signed in; any failure fails the test command.
scripts/schemathesis.sh

# The web console in a real browser, against the binary the tests above built.
(cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
