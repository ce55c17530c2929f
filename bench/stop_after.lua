-- wrk script: each thread stops after its share of `STOP_AFTER` requests (default 10000),
-- and every request carries the bearer token from the TOKEN environment variable.
local total = tonumber(os.getenv("STOP_AFTER") or "10000")
local threads = tonumber(os.getenv("WRK_THREADS") or "2")
local per_thread = math.ceil(total / threads)
local count = 0
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
function response(status, headers, body)
  count = count + 1
  if count >= per_thread then wrk.thread:stop() end
end
