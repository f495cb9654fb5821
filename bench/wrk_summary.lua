-- wrk calls done() once the run is over; web_bench.py reads this line: wrk's own report rounds its
-- figures and gives no p95. Latencies in microseconds; status errors are responses with a status > 399.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("wrk-summary %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
