-- Reads: what wrk measured, as one line of JSON on stdout (benchmarks/load.py reads it).
-- Statuses other than 2xx and 3xx are counted by wrk itself (errors.status). post.lua
-- builds on this file (wrk runs in this folder).

function report(summary, latency, extra)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d%s}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read,
    errors.write, errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, extra or ""))
end

done = function(summary, latency, requests)
  report(summary, latency)
end
