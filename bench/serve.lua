-- wrk script for bench/run-serve.sh: POST /v1/extract with BATCH texts per request (wrk ... -- BATCH), cycling
-- through flight queries written for this benchmark, and a status count per response. Prints one line
-- "RESULT {json}" at the end with the throughput, latency percentiles and the status mix.
local texts = {
  "show me flights from boston to denver",
  "what is the cheapest fare from dallas to san francisco on monday",
  "i need a flight from new york to los angeles tomorrow morning",
  "list all american airlines flights from pittsburgh to atlanta",
  "which airlines fly from seattle to chicago",
  "what time does the last flight leave philadelphia for washington",
  "show ground transportation in denver",
  "i would like a round trip ticket from miami to las vegas on friday evening",
  "flights from baltimore to oakland that arrive before noon",
  "how much does a first class ticket from atlanta to boston cost",
  "does united fly nonstop from newark to houston",
  "what meals are served on the flight from detroit to st. louis",
  "give me the earliest flight from charlotte to orlando on the twenty third of may",
  "what kind of aircraft flies from toronto to montreal",
  "i want to fly from salt lake city to phoenix next tuesday afternoon",
  "show me all delta flights arriving in minneapolis after 6 pm",
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  batch = tonumber(args[1]) or 1
  statuses = {}
  counter = 0
  wrk.method = "POST"
  wrk.path = "/v1/extract"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local parts = {}
  for i = 1, batch do
    parts[i] = '"' .. texts[(counter + i - 1) % #texts + 1] .. '"'
  end
  counter = counter + 1
  local body
  if batch == 1 then
    body = '{"text": ' .. parts[1] .. '}'
  else
    body = '{"texts": [' .. table.concat(parts, ", ") .. ']}'
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local mix = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      mix[status] = (mix[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(mix) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, '
      .. '"max_ms": %.3f, "statuses": {%s}, "socket_errors": %d}\n',
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
      latency.max / 1e3, table.concat(parts, ", "), e.connect + e.read + e.write + e.timeout))
end
