# Shared by the load scripts (scripts/bench-oidc.sh, scripts/bench-forward-auth.sh): sourced,
# not run. They set WORK (a temporary directory) and SERVER_PID before `cleanup` runs.

log() { printf '>> %s\n' "$*" >&2; }

# Busy and total jiffies of the machine (/proc/stat), into REPLY.
cpu_sample() {
    local _c u n s i w q sq st _rest
    read -r _c u n s i w q sq st _rest < /proc/stat
    REPLY="$((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st))"
}

# utime + stime of a process (all its threads), in jiffies.
proc_jiffies() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2> /dev/null || echo 0; }

# Waits (at most a minute) for two seconds in a row under 10 % CPU, so that another build or
# test run does not skew a round; says so when they never come.
NOISY=0
wait_quiet() {
    local a b quiet=0 waited=0
    while ((waited < 60)); do
        cpu_sample; read -r -a a <<< "$REPLY"
        sleep 1
        cpu_sample; read -r -a b <<< "$REPLY"
        waited=$((waited + 1))
        if ((100 * (b[0] - a[0]) <= 10 * (b[1] - a[1]))); then
            quiet=$((quiet + 1))
            ((quiet < 2)) || return 0
        else
            quiet=0
        fi
    done
    log "WARNING: the machine stayed busy; this round's figures are low"
    NOISY=1
}

# Stops the server and removes the work directory (the scripts' EXIT trap).
cleanup() {
    if [[ -n ${SERVER_PID:-} ]]; then
        kill "$SERVER_PID" 2> /dev/null || true
        wait "$SERVER_PID" 2> /dev/null || true
    fi
    [[ -z ${WORK:-} ]] || rm -rf "$WORK"
}

# The base URL of the server started with its output in $WORK/server.out, into B (waits up to
# 10 s for it to listen).
server_url() {
    local addr=""
    for _ in $(seq 1 100); do
        addr=$(sed -n 's/^twofold listening on http:\/\///p' "$WORK/server.out")
        [[ -n $addr ]] && break
        sleep 0.1
    done
    [[ -n $addr ]] || { cat "$WORK/server.out" >&2; exit 1; }
    B="http://$addr"
}
