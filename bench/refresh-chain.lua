-- wrk script: chained refreshes. Each connection always presents the newest refresh token of a
-- session, as a client would: every 200 answer's refreshToken goes back into the thread's pool
-- of ready tokens, and the next request takes one from it. With as many sessions as
-- connections, no token is ever presented twice.
--   wrk -t2 -c32 -d10s -s bench/refresh-chain.lua http://127.0.0.1:PORT -- tokens.txt 2   (file, threads)
dofile("bench/wrk-threads.lua")

function init(args)
  ready = thread_share(args[1], tonumber(args[2]))
  failures = 0
end

function request()
  local token = table.remove(ready)
  if token == nil then
    -- every chain of this thread is in flight (a connection was reopened after a timeout, say):
    -- ask for something harmless rather than present a used token, which would be reuse
    idle = (idle or 0) + 1
    return wrk.format("GET", "/.well-known/jwks.json")
  end
  return wrk.format("POST", "/auth/refresh", { ["Content-Type"] = "application/json" }, '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
  if status == 200 then
    local token = string.match(body, '"refreshToken":"([^"]+)"')
    if token then table.insert(ready, token) end
  elseif status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("refresh answered " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local failed, idle = threads_sum("failures"), threads_sum("idle")
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"non200":%d,"socketErrors":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"idleRequests":%d}\n',
    summary.requests, summary.duration, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, idle))
end
