-- wrk script for twofold's load test (run by scripts/bench.sh).
--
-- With BENCH_EMAILS set (comma-separated), every request is a sign-in: POST /api/v1/sessions
-- with one of those emails and BENCH_PASSWORD as JSON. Each wrk thread walks the list round
-- robin from its own starting point, so with more emails than connections no account has more
-- than a couple of sign-ins in flight (the server counts an attempt before checking the
-- password, and throttles an account with more than 5 attempts outstanding).
-- Without BENCH_EMAILS, requests are left as wrk builds them (the URL and -H headers), which is
-- how /me is driven.
-- Either way each response's status is counted and the totals over all threads are printed at
-- the end, so 401/429/503 under load are visible (wrk itself only reports "Non-2xx or 3xx").

local emails = {}
for email in string.gmatch(os.getenv("BENCH_EMAILS") or "", "[^,]+") do
  table.insert(emails, email)
end
local password = os.getenv("BENCH_PASSWORD") or "correct horse battery staple"

if #emails > 0 then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  bodies = {}
  for i, email in ipairs(emails) do
    bodies[i] = wrk.format(nil, nil, nil,
      string.format('{"email":"%s","password":"%s"}', email, password))
  end
  -- Threads start half the list apart.
  next_body = (id * math.floor(#bodies / 2)) % math.max(#bodies, 1)
end

if #emails > 0 then
  function request()
    next_body = next_body % #bodies + 1
    return bodies[next_body]
  end
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
