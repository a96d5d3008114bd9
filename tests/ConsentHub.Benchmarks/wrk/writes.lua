-- A new subject with one e-mail per request: ids unique per run (BENCH_RUN), thread and request.
local tenant = os.getenv("BENCH_TENANT")
local run = os.getenv("BENCH_RUN")
local threads = 0
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")

setup = function(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

local count = 0
request = function()
  count = count + 1
  local id = run .. "-" .. thread_id .. "-" .. count
  return wrk.format(nil, "/api/v1/" .. tenant .. "/subjects/" .. id .. "/contact-points", nil, '{"emails":["' .. id .. '@example.fi"]}')
end
