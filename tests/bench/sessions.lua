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
-- (wrk.format adds its Content-Length). Thread t of THREADS takes lines
-- t, t+THREADS, ...; wrk's Lua sees requests, not connections, so each
-- thread hands its sessions out in turn, request by request: every
-- request is a signed-in person reading a page they may see, or sending
-- in a thread of their own. The requests are formatted once, in init.

local counter = 0

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
		return wrk.format("POST", path, h, slurp(file))
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
end

function request()
	idx = idx % nreq + 1
	return reqs[idx]
end
