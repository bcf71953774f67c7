-- vary.lua: wrk script; every request a new URL: VARY_PATH (a format
-- with %s for a start and %s for an end) with a start VARY_STEP seconds
-- later each time, from VARY_FROM (Unix seconds) over VARY_SPAN
-- seconds, and an end VARY_LEN seconds after it; each thread starts
-- at its own place in that cycle.
local path = os.getenv("VARY_PATH")
local from = tonumber(os.getenv("VARY_FROM"))
local span = tonumber(os.getenv("VARY_SPAN"))
local step = tonumber(os.getenv("VARY_STEP") or "300")
local len = tonumber(os.getenv("VARY_LEN") or "0")
local threads = 0

setup = function(thread)
	thread:set("first", threads * 7919)
	threads = threads + 1
end

local n = nil

local function iso(t)
	return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

request = function()
	if n == nil then
		n = first or 0
	end
	n = n + 1
	local t = from + (n * step) % span
	return wrk.format("GET", string.format(path, iso(t), iso(t + len)))
end
