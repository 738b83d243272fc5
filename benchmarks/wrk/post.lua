-- Writes: every request publishes a post with a body of its own ("<prefix> <n>"), and the
-- statuses of the answers are counted, so that benchmarks/load.py can check afterwards
-- that every accepted post is stored once.
--   wrk -s post.lua URL -- form|json <prefix> [csrf token]

dofile("report.lua")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  kind, prefix, token = args[1], args[2], args[3]
  sent, statuses = 0, {}
end

local function escape(text)
  return (text:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- wrk.format takes the headers given, or else the command line's: keep those (credentials)
local function with_type(content_type)
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = content_type
  return headers
end

function request()
  sent = sent + 1
  local body = string.format("%s %d-%d", prefix, id, sent)
  if kind == "json" then
    return wrk.format("POST", nil, with_type("application/json"),
      string.format('{"body": "%s"}', body))
  end
  return wrk.format("POST", nil, with_type("application/x-www-form-urlencoded"),
    "csrf_token=" .. escape(token) .. "&post=" .. escape(body) .. "&submit=submit")
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local totals, counted = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    counted[#counted + 1] = string.format('"%d": %d', status, count)
  end
  report(summary, latency, ', "statuses": {' .. table.concat(counted, ", ") .. "}")
end
