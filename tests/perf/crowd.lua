-- wrk: the home page and a story, in turn on each connection; at the end one line of JSON
-- with the run's counts and latency percentiles (microseconds), for tests/perf/edge.py.
local paths = { "/", "/cau-chuyen/laptop-cho-anh/" }
local requests = {}
local turn = 0

-- Each request written once, up front: formatting one per request costs wrk's own CPU,
-- which this machine shares with nginx.
init = function(args)
  for i, path in ipairs(paths) do
    requests[i] = wrk.format("GET", path)
  end
end

request = function()
  turn = turn + 1
  return requests[(turn % #requests) + 1]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
