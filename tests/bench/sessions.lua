-- wrk script of tests/bench/run.py: every request carries the session
-- cookie of a signed-in account (or staff member) and a path of a patient
-- or thread that session may see.
--
--   wrk ... -s sessions.lua URL -- LISTFILE THREADS
--
-- LISTFILE has one request a line (one a session), either
--
--   PATH COOKIE-HEADER                         a GET
--   POST PATH BODYFILE BOUNDARY COOKIE-HEADER  a multipart/form-data POST
--
-- where BODYFILE holds the whole body, made by run.py with that boundary
-- (wrk.format adds its Content-Length); its send key, SEND_KEY below, is
-- replaced in each request by a new one of the same length, since a key
-- sent twice stores its message once (issue 9.4). Thread t of THREADS takes lines
-- t, t+THREADS, ...; wrk's Lua sees requests, not connections, so each
-- thread hands its sessions out in turn, request by request: every
-- request is a signed-in person reading a page they may see, or sending
-- in a thread of their own. The requests are formatted once, in init.

local counter = 0
local SEND_KEY = string.rep("feedface", 4)	-- as in run.py

function setup(thread)
	thread:set("tid", counter)
	counter = counter + 1
end

local function slurp(name)
	local f = assert(io.open(name, "rb"))
	local data = f:read("*a")
	f:close()
	return data
end

local function format(line)
	local path, file, boundary, cookie =
	    line:match("^POST%s+(%S+)%s+(%S+)%s+(%S+)%s*(.*)$")
	local h = {}
	if path then
		h["Content-Type"] = "multipart/form-data; boundary=" .. boundary
		if cookie ~= "" then h["Cookie"] = cookie end
		local req = wrk.format("POST", path, h, slurp(file))
		local at = req:find(SEND_KEY, 1, true)
		if at then
			return { req:sub(1, at - 1), req:sub(at + #SEND_KEY) }
		end
		return req
	end
	path, cookie = line:match("^(%S+)%s*(.*)$")
	if path then
		if cookie ~= "" then h["Cookie"] = cookie end
		return wrk.format("GET", path, h)
	end
	return nil
end

function init(args)
	local nthreads = tonumber(args[2]) or 1
	local i = 0
	reqs = {}
	for line in io.lines(args[1]) do
		if line:match("%S") then
			if i % nthreads == tid then
				reqs[#reqs + 1] = format(line)
			end
			i = i + 1
		end
	end
	if #reqs == 0 then
		reqs[1] = wrk.format("GET", wrk.path)
	end
	nreq = #reqs
	idx = 0
	start = os.time()
end

local sent = 0

function request()
	local r
	idx = idx % nreq + 1
	r = reqs[idx]
	if type(r) == "table" then
		-- 32 hex digits: this thread, the run's start, a count.
		sent = sent + 1
		return r[1] .. string.format("%02x%014x%016x", tid, start, sent) ..
		    r[2]
	end
	return r
end
