-- wrk script for the OpenID Connect provider's load test (run by scripts/bench-oidc.sh).
--
-- BENCH_MODE says what each request is:
--   authorize  GET of the URL wrk was given (an authorization request, with the session cookie
--              as a -H header); the code of each 303's Location is kept, and written to
--              BENCH_OUT, one per line, when the run ends. The run ends when a thread holds
--              its share of BENCH_QUOTA codes.
--   exchange   POST /oidc/token grant_type=authorization_code, each code of BENCH_IN once;
--              the refresh tokens answered are written to BENCH_OUT. The run ends when a
--              thread's codes run out.
--   refresh    POST /oidc/token grant_type=refresh_token with rotation: every request sends a
--              refresh token never sent before, and the new one each 200 answers is what a
--              later request of the same thread sends. Tokens come from BENCH_IN.
-- The client authenticates with HTTP Basic (client_secret_basic): pass the Authorization
-- header with -H. BENCH_REDIRECT is the registered redirect URI (form-encoded); BENCH_THREADS
-- is wrk's -t, so that each thread takes its own share of BENCH_IN.
--
-- Why refresh tokens are kept per thread and not per connection: wrk's Lua sees threads, not
-- connections. A connection sends its next request only after it has read the answer to the
-- last one, so the thread's stack always holds the token that answer brought; taking from it
-- keeps every grant's chain strictly sequential (never two requests of one grant in flight) and
-- every token used exactly once, which is all a connection-bound chain would guarantee. A
-- thread starts with more tokens than it has connections; a token lost to an error is replaced
-- by a spare one, never by a token sent before.
--
-- Statuses are counted over all threads. Only 200s count as done work: the rate printed is 200s
-- per second of wall time from the first request to the last answer counted (the answers
-- still in flight when a run ends are not counted).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk, bench_timespec *ts);
  int getpid(void);
  int tgkill(int tgid, int tid, int sig);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

-- Ends the whole run now: this thread stops, and SIGINT to wrk's main thread (whose id is the
-- process id) wakes it from sleeping out -d, so it stops the other threads and reports. Codes
-- expire after 60 s: a run that sleeps on would age the next run's codes.
local function finish()
  wrk.thread:stop()
  ffi.C.tgkill(ffi.C.getpid(), ffi.C.getpid(), 2)
end

local mode = os.getenv("BENCH_MODE") or "refresh"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
local redirect = os.getenv("BENCH_REDIRECT") or ""

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  ok = 0
  first, last = nil, nil
  out = {}
  stock = {}
  exhausted = 0
  quota = math.huge
  if mode == "authorize" then
    quota = math.ceil(tonumber(os.getenv("BENCH_QUOTA") or "1000") / nthreads)
    return
  end
  verifying = id == 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  -- This thread's share of the file: lines id+1, id+1+nthreads, …, in order.
  local n = 0
  for line in io.lines(os.getenv("BENCH_IN")) do
    if n % nthreads == id and line ~= "" then
      table.insert(stock, line)
    end
    n = n + 1
  end
  if mode == "refresh" then
    -- Taken from the end (a stack): reverse so the first lines go first.
    local r = {}
    for i = #stock, 1, -1 do
      table.insert(r, stock[i])
    end
    stock = r
  end
  nxt = 1
end

local function body_for(secret)
  if mode == "exchange" then
    return "grant_type=authorization_code&code=" .. secret .. "&redirect_uri=" .. redirect
  end
  return "grant_type=refresh_token&refresh_token=" .. secret
end

function request()
  if mode == "authorize" then
    first = first or now()
    return wrk.format()
  end
  if verifying then
    -- wrk calls the first thread's request() once, right after init, to check the request's
    -- syntax, and never sends what it returns: spend no token on it.
    verifying = false
    return wrk.format(nil, nil, nil, body_for("verify"))
  end
  first = first or now()
  local secret
  if mode == "exchange" then
    secret = stock[nxt]
    nxt = nxt + 1
  else
    secret = table.remove(stock)
  end
  if secret == nil then
    exhausted = exhausted + 1
    finish()
    secret = "exhausted"
  end
  return wrk.format(nil, nil, nil, body_for(secret))
end

function response(status, headers, body)
  last = now()
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "authorize" then
    local location = headers["location"] or headers["Location"] or ""
    local code = location:match("[?&]code=([^&]+)")
    if status == 303 and code then
      ok = ok + 1
      table.insert(out, code)
      if ok >= quota then
        finish()
      end
    end
    return
  end
  if status ~= 200 then
    return
  end
  ok = ok + 1
  local refresh = body:match('"refresh_token":"([^"]+)"')
  if mode == "exchange" then
    if refresh then
      table.insert(out, refresh)
    end
    if nxt > #stock then
      finish()
    end
  elseif refresh then
    table.insert(stock, refresh)
  end
end

function done(summary, latency, requests)
  local total, good, exhausted_all = {}, 0, 0
  local t0, t1 = math.huge, 0
  local file = os.getenv("BENCH_OUT")
  local f = file and io.open(file, "w")
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
    good = good + thread:get("ok")
    exhausted_all = exhausted_all + thread:get("exhausted")
    local a, b = thread:get("first"), thread:get("last")
    if a and b then
      t0 = math.min(t0, a)
      t1 = math.max(t1, b)
    end
    if f then
      for _, line in ipairs(thread:get("out")) do
        f:write(line, "\n")
      end
    end
  end
  if f then
    f:close()
  end
  local keys = {}
  for status in pairs(total) do
    table.insert(keys, status)
  end
  table.sort(keys)
  for _, status in ipairs(keys) do
    io.write(string.format("status %d: %d\n", status, total[status]))
  end
  local span = t1 > t0 and t1 - t0 or 0
  io.write(string.format("done: %d in %.3f s\n", good, span))
  io.write(string.format("done/s: %.1f\n", span > 0 and good / span or 0))
  if exhausted_all > 0 then
    io.write(string.format("ran out of input: %d\n", exhausted_all))
  end
end
