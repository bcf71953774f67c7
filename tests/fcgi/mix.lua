-- mix.lua: wrk requests that cycle through the API's answers (all 2xx)
local paths = {
	"/api/KPIs/",
	"/api/KPIs/1/",
	"/api/KPIs/2/?interval=1",
	"/api/KPIs/1/?interval_start_timestamp__gte=2026-11-27T00:15:00Z&interval=1",
	"/api/KPIs/2/?interval_end_timestamp__lte=2026-11-27T01:00:00Z",
	"/api/KPIs/1/?format=json",
	"/api/KPIs/1/top/?start=2026-11-20T10:25:00Z&end=2026-11-27T10:25:00Z",
	"/api/KPIs/2/top/?start=2026-11-21T00:00:00Z&end=2026-11-28T00:00:00Z&n=5",
}
local n = 0

request = function()
	n = n + 1
	return wrk.format("GET", paths[n % #paths + 1])
end
