local counter = 0
local threadid = 0
function setup(thread) thread:set("id", threadid); threadid = threadid + 1 end
request = function()
  counter = counter + 1
  local path = "/api/v1/bench/subjects/w" .. id .. "-" .. counter .. "/contact-points"
  return wrk.format("PUT", path, {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. os.getenv("KEY")}, '{"emails":["w' .. id .. '-' .. counter .. '@example.fi"]}')
end
