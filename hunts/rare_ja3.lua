--[[ zhunt
name: rare_ja3
description: TLS client fingerprints (ja3, and ja4 when present) seen on only one or a few hosts,
  with the servers (id.resp_h, server_name) they reached and their session counts
author: zhunt
references: https://github.com/salesforce/ja3, https://github.com/FoxIO-LLC/ja4,
  https://engineering.salesforce.com/tls-fingerprinting-with-ja3-and-ja3s-247362855967/
attack: T1071.001, T1573.002, T1090, T1219
logs: ssl
args:
  --max-hosts N: a fingerprint is rare when at most N distinct clients sent it (default 2)
  --top N: rows per table (default 20; 0 = all)
]]
-- What it looks for
--   Client fingerprints (ssl.ja3 from the salesforce package, ssl.ja4 from the FoxIO JA4
--   package) sent by at most --max-hosts distinct clients (id.orig_h), then for each one the
--   clients, the servers and server names it reached, and how many sessions.
--
-- Why it matters
--   Browsers and OS libraries are shared by many hosts, so their fingerprints are common. A
--   fingerprint on one or two hosts is a program few machines run: an implant, a scripting
--   library, a scanner, or a one-off admin tool. Where it connects tells which.
--   JA3 hashes extensions in the order sent, and Chrome (since 110) and Firefox permute them, so
--   one browser yields many ja3 values and "rare" ja3 can be a browser; JA4 sorts the extensions
--   and ciphers, so a rare ja4 is the stronger signal. Rarity is relative to the loaded logs:
--   load a day or more.
--
-- How to read the output
--   Rarest first (fewest clients, then most sessions). Sessions with an unset fingerprint
--   (handshakes that never completed a ClientHello parse) are counted and left out.
--   "!" lines say which fingerprint field is missing (package not loaded on the sensor).
--   Findings: low for a fingerprint from a single client, info for 2..N clients.

local tls = require("tlsutil")
local say = tls.say
local flags = zeek.flags()
local max_hosts = tonumber(flags["max-hosts"] or "2")
if max_hosts == nil or max_hosts < 1 then
  error("--max-hosts takes a number >= 1, got " .. tostring(flags["max-hosts"]), 0)
end
local top = tls.limit(flags.top, 20)

if not zeek.has_field("ssl", "uid") then
  say("! no ssl.log is loaded: nothing to look at.")
  return
end

local fields = {}
if zeek.has_field("ssl", "ja3") then
  fields[#fields + 1] = "ja3"
else
  say("! ssl.log has no ja3 field (the salesforce ja3 package is not loaded on the sensor).")
end
if zeek.has_field("ssl", "ja4") then
  fields[#fields + 1] = "ja4"
else
  say("! ssl.log has no ja4 field (the FoxIO JA4 package is not loaded on the sensor).")
end
if #fields == 0 then return end

for i, f in ipairs(fields) do
  if i > 1 then say("") end
  local unset = 0
  local servers = {}
  for _, g in ipairs(zeek.group("ssl", f, {distinct = "id.resp_h"})) do
    if g.key ~= nil then servers[g.key] = g.distinct end
  end
  local all, rare, names = {}, {}, {}
  for _, g in ipairs(zeek.group("ssl", f, {distinct = "id.orig_h"})) do
    if g.key == nil then
      unset = g.count
    else
      all[#all + 1] = g
      if g.distinct <= max_hosts then
        rare[#rare + 1] = {[f] = g.key, clients = g.distinct, sessions = g.count, servers = servers[g.key]}
        names[#names + 1] = g.key
      end
    end
  end
  local rare_sessions = 0
  for _, r in ipairs(rare) do rare_sessions = rare_sessions + r.sessions end
  say("== rare %s: %d of %d fingerprints seen on at most %d clients (%d sessions)",
      f, #rare, #all, max_hosts, rare_sessions)
  if unset > 0 then say("   (%d sessions with %s unset are left out)", unset, f) end
  table.sort(rare, function(a, b)
    if a.clients ~= b.clients then return a.clients < b.clients end
    if a.sessions ~= b.sessions then return a.sessions > b.sessions end
    return a[f] < b[f]
  end)
  local recs = #names > 0 and zeek.find("ssl", {[f] = names}) or {}
  -- the clients of each rare fingerprint, for the table
  local hosts = {}
  for _, g in ipairs(zeek.group(recs, {f, "id.orig_h"})) do
    local k = g.keys[1]
    hosts[k] = hosts[k] or {}
    table.insert(hosts[k], g.keys[2])
  end
  for _, r in ipairs(rare) do
    local h = hosts[r[f]] or {}
    table.sort(h)
    r.hosts = table.concat(h, " ")
  end
  tls.show(rare, {f, "clients", "sessions", "servers", "hosts"}, top, "fingerprints")

  say("")
  say("== servers reached with rare %s", f)
  local rows = {}
  for _, g in ipairs(zeek.group(recs, {f, "id.orig_h", "id.resp_h", "server_name"})) do
    rows[#rows + 1] = {[f] = g.keys[1], client = g.keys[2], server = g.keys[3], server_name = g.keys[4],
                       sessions = g.count}
  end
  -- keep the order of the rare table: rarest fingerprint first
  local rank = {}
  for j, r in ipairs(rare) do rank[r[f]] = j end
  table.sort(rows, function(a, b)
    if rank[a[f]] ~= rank[b[f]] then return rank[a[f]] < rank[b[f]] end
    if a.sessions ~= b.sessions then return a.sessions > b.sessions end
    if a.client ~= b.client then return a.client < b.client end
    if a.server ~= b.server then return (a.server or "") < (b.server or "") end
    return (a.server_name or "") < (b.server_name or "")
  end)
  tls.show(rows, {f, "client", "server", "server_name", "sessions"}, top, "rows")

  local by_fp = {}
  for _, s in ipairs(recs) do
    local k = s[f]
    by_fp[k] = by_fp[k] or {}
    table.insert(by_fp[k], s)
  end
  for _, r in ipairs(rare) do
    local these = by_fp[r[f]] or {}
    zeek.report{
      severity = r.clients == 1 and "low" or "info",
      title = string.format("rare %s %s: %d client(s), %d session(s)", f, r[f], r.clients, r.sessions),
      records = these,
      [f] = r[f],
      clients = r.hosts,
    }
  end
end
