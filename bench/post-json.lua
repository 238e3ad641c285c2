-- wrk script: the same JSON POST on every request (bench/parts-floor.server.mjs takes any token).
--   wrk -t2 -c32 -d10s -s bench/post-json.lua http://127.0.0.1:PORT/auth/refresh
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"refreshToken":"00000000-0000-4000-8000-000000000000.00000000-0000-4000-8000-000000000001.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}'

function done(summary, latency, requests)
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
