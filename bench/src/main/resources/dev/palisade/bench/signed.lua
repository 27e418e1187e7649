-- wrk script: walks a file of pre-signed requests, one per line
--   authorization TAB signature-input TAB signature
-- each with its own nonce, so every request is valid exactly once. Arguments: FILE USER-AGENT [PATH]
-- (PATH, default /api/notes: the proxy harness sends the same headers to a public path too).
-- The requests are formatted once at start, so the load generator does no work per request.
local requests = {}
local n = 0
local i = 0

function init(args)
  local ua = args[2]
  local path = args[3] or "/api/notes"
  for line in io.lines(args[1]) do
    local a, si, s = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)$")
    n = n + 1
    requests[n] = wrk.format("GET", path,
      { ["Authorization"] = a, ["Signature-Input"] = si, ["Signature"] = s, ["User-Agent"] = ua })
  end
end

function request()
  i = i + 1
  if i > n then i = 1 end -- a second lap would be replays: LoadHarness sizes the file so there is none
  return requests[i]
end
