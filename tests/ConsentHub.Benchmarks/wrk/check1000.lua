-- permissions/check for 1,000 imported subjects' e-mails per request, from a few bodies made once per thread.
local subjects = tonumber(os.getenv("BENCH_SUBJECTS"))
local path = "/api/v1/" .. os.getenv("BENCH_TENANT") .. "/permissions/check"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")

local bodies = {}
for b = 1, 8 do
  local recipients = {}
  for r = 1, 1000 do recipients[r] = '"person' .. math.random(0, subjects - 1) .. '@example.fi"' end
  bodies[b] = '{"purpose":"direct-marketing","channel":"email","recipients":[' .. table.concat(recipients, ",") .. ']}'
end
local next_body = 0

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, path, nil, bodies[next_body])
end
