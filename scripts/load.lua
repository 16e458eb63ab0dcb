-- wrk script for twofold's load test (run by scripts/bench.sh).
--
-- With BENCH_EMAIL set, every request is a sign-in: POST /api/v1/sessions with that email and
-- BENCH_PASSWORD as JSON. Without it, requests are left as wrk builds them (the URL and -H
-- headers), which is how /me is driven. Either way each response's status is counted and the
-- totals over all threads are printed at the end, so 401/429/503 under load are visible
-- (wrk itself only reports "Non-2xx or 3xx responses").

local email = os.getenv("BENCH_EMAIL")
local password = os.getenv("BENCH_PASSWORD") or "correct horse battery staple"

if email then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format('{"email":"%s","password":"%s"}', email, password)
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
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
  local keys = {}
  for status in pairs(total) do
    table.insert(keys, status)
  end
  table.sort(keys)
  for _, status in ipairs(keys) do
    io.write(string.format("status %d: %d\n", status, total[status]))
  end
end
