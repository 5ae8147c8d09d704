-- wrk script of tests/bench/run.py: every request carries the session
-- cookie of a signed-in account and a path of that account's own patient.
--
--   wrk ... -s sessions.lua URL -- LISTFILE THREADS
--
-- LISTFILE has one "PATH COOKIE-HEADER" a line (one a session). Thread t
-- of THREADS takes lines t, t+THREADS, ...; wrk's Lua sees requests, not
-- connections, so each thread hands its sessions out in turn, request by
-- request: every request is a signed-in person reading a page they may
-- see. The requests are formatted once, in init.

local counter = 0

function setup(thread)
	thread:set("tid", counter)
	counter = counter + 1
end

function init(args)
	local nthreads = tonumber(args[2]) or 1
	local i = 0
	reqs = {}
	for line in io.lines(args[1]) do
		local path, cookie = line:match("^(%S+)%s+(.*)$")
		if path then
			if i % nthreads == tid then
				local h = {}
				if cookie ~= "" then h["Cookie"] = cookie end
				reqs[#reqs + 1] = wrk.format("GET", path, h)
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
