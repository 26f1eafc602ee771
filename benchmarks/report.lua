-- wrk script: rotate through the paths in WRK_PATHS (separated by "|"), and print
-- the figures the benchmarks read as JSON lines ("non_2xx" counts 4xx and 5xx; the
-- benchmarks check beforehand that every path answers 200). With WRK_BUCKETS set, also
-- count the answers' statuses per wall-clock second, for the load test's fault windows.
local paths = {}
for p in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^|]+") do
  table.insert(paths, p)
end
local counter = 0
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  statuses = {}
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

if os.getenv("WRK_BUCKETS") then
  response = function(status, headers, body)
    local key = os.time() .. ":" .. status
    statuses[key] = (statuses[key] or 0) + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"socket_errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses")) do
      io.write("WRK_STATUS " .. key .. " " .. n .. "\n")
    end
  end
end
