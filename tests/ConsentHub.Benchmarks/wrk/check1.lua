-- permissions/check for one imported subject's e-mail per request, a random one each time.
local subjects = tonumber(os.getenv("BENCH_SUBJECTS"))
local path = "/api/v1/" .. os.getenv("BENCH_TENANT") .. "/permissions/check"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")

request = function()
  local i = math.random(0, subjects - 1)
  return wrk.format(nil, path, nil, '{"purpose":"direct-marketing","channel":"email","recipients":["person' .. i .. '@example.fi"]}')
end
