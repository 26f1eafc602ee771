-- wrk script: rotate through the paths in WRK_PATHS (separated by "|"), and print
-- the figures the benchmark reads as one JSON line ("non_2xx" counts 4xx and 5xx;
-- the benchmark checks beforehand that every path answers 200).
local paths = {}
for p in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^|]+") do
  table.insert(paths, p)
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"socket_errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
