-- Replays a prepared request list (one request per line, tab-separated:
-- method, path, headers joined by "|", body). Each wrk thread takes every
-- n-th line from an offset, so no two requests in one run are the same line.
-- Usage: wrk ... -s replay.lua URL -- <requests file> <offset>
local lines = {}
local threads = {}
local counter = 0
local thread_id = 0
local thread_count = 1
statuses = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split(s, sep)
  local out = {}
  local start = 1
  while true do
    local i = string.find(s, sep, start, true)
    if not i then
      table.insert(out, string.sub(s, start))
      return out
    end
    table.insert(out, string.sub(s, start, i - 1))
    start = i + 1
  end
end

function init(args)
  thread_id = id or 0
  thread_count = tonumber(args[3] or "1")
  local offset = tonumber(args[2] or "0")
  local all = {}
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(all, line) end
  end
  -- Start where the previous run stopped; past the end, start again (then repeats).
  offset = offset % #all
  for i = offset + 1, #all do table.insert(lines, all[i]) end
  for i = 1, offset do table.insert(lines, all[i]) end
  counter = thread_id
end

function request()
  local line = lines[(counter % #lines) + 1]
  counter = counter + thread_count
  local fields = split(line, "\t")
  local headers = {}
  for _, pair in ipairs(split(fields[3] or "", "|")) do
    local k, v = string.match(pair, "^([^:]+):%s*(.*)$")
    if k then headers[k] = v end
  end
  local body = fields[4]
  if body == "" then body = nil end
  return wrk.format(fields[1], fields[2], headers, body)
end

local logged = 0

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- The first few refusals' bodies, so that an error says why (run_load.py prints them).
  if status >= 400 and logged < 3 then
    logged = logged + 1
    local text = (string.gsub(body or "", "%s+", " "))
    io.stderr:write(string.format("ERROR %d %s\n", status, string.sub(text, 1, 600)))
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
