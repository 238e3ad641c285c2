-- wrk script: logins. Each thread takes its share of the JSON bodies in a file (one per line,
-- {"email":…,"password":…}) and posts them to /auth/login in turn; anything but 200 is counted.
--   wrk -t2 -c16 -d10s -s bench/login.lua http://127.0.0.1:PORT -- bodies.txt 2   (file, threads)
dofile("bench/wrk-threads.lua")

function init(args)
  bodies = thread_share(args[1], tonumber(args[2]))
  failures = 0
  next_body = 1
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/auth/login", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("login answered " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local failed = threads_sum("failures")
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"non200":%d,"socketErrors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
