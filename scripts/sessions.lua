-- wrk script for scripts/bench-sessions.sh: every request is GET /api/v1/me with the next of the
-- session tokens in the file BENCH_TOKENS (one per line), so that consecutive requests carry
-- different sessions. The two threads start half the list apart. Statuses are counted and
-- printed at the end, as in load.lua.

local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  table.insert(tokens, line)
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  -- Half the list apart, so one session is read again only after every other was.
  next_token = (id * math.floor(#tokens / 2)) % #tokens
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", "/api/v1/me", { Authorization = "Bearer " .. tokens[next_token] })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
