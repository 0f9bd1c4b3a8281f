--[[ zhunt
name: ja3_fanout
description: who shares a TLS client fingerprint (ja3, and ja4 when logged), and which servers answer
  with a server fingerprint (ja3s, ja4s), with how many unique clients each
author: zhunt
references: https://github.com/salesforce/ja3, https://engineering.salesforce.com/tls-fingerprinting-with-ja3-and-ja3s-247362855967/,
  https://github.com/FoxIO-LLC/ja4, https://blog.foxio.io/ja4%2B-network-fingerprinting
attack: T1071.001, T1573.002, T1090
logs: ssl
args:
  --ja3 HASH: one client fingerprint: its clients and the servers they reached
  --ja3s HASH: one server fingerprint: its servers and their unique clients
  --ja4 HASH: as --ja3, on the FoxIO ja4 client fingerprint (ssl.ja4)
  --ja4s HASH: as --ja3s, on the FoxIO ja4s server fingerprint (ssl.ja4s)
]]
-- What it looks for
--   --ja3 X:   the clients that sent ja3 X, how often, and the servers they reached.
--   --ja3s Y:  the servers that answered with ja3s Y, and how many unique clients each has.
--   --ja4 X / --ja4s Y: the same for the FoxIO JA4 fingerprints (ssl.ja4, ssl.ja4s).
--   none:      a fan-out table of every ja3 (sessions, unique clients, unique servers) and
--              every (ja3s, server) pair (sessions, unique clients); then the same for ja4
--              and ja4s when ssl.log has those fields.
--
-- Why it matters
--   A ja3 hashes how a TLS client says hello, so one piece of malware or one odd tool has one
--   ja3 wherever it runs: after one infected host, the same ja3 finds the others. A ja3s hashes
--   the server's answer; a rare ja3s served to few clients can mark C2 infrastructure.
--   JA3 splits modern browsers (they permute extensions), so judge rare values, not common ones.
--   JA4 sorts the ciphers and extensions before hashing, so a permuting browser keeps one ja4:
--   where both exist, one ja4 covering several ja3 values is a browser, not several programs.
--   JA4 also reads as text (q13d0310h3_... = QUIC, TLS 1.3, SNI, 3 ciphers, 10 extensions, h3).
--
-- How to read the output
--   Tables are sorted by sessions, largest first. "clients" and "servers" count distinct
--   id.orig_h and id.resp_h. Sessions whose ja3/ja3s is unset are counted and left out.
--
-- Needs: ssl.log with the ja3/ja3s fields of the salesforce ja3 package, and/or ja4/ja4s of the
-- FoxIO JA4 package (JA4 is BSD-3; JA4S and the rest of JA4+ are under the FoxIO License 1.1).

local flags = zeek.flags()
local function say(fmt, ...) print(string.format(fmt, ...)) end

local function need(field)
  if not zeek.has_field("ssl", field) then
    local pkg = field:sub(1, 3) == "ja4" and "the FoxIO ja4" or "the ja3"
    say("! ssl.log has no %s field (is %s package loaded on the sensor?)", field, pkg)
    return false
  end
  return true
end

-- rows turns group results into plain rows, dropping the unset key (reported instead).
local function set_only(groups, what)
  local out, unset = {}, 0
  for _, g in ipairs(groups) do
    local k = g.key
    if g.keys then k = g.keys[1] end
    if k == nil then unset = unset + g.count else out[#out + 1] = g end
  end
  if unset > 0 then say("(%d sessions with %s unset are left out)", unset, what) end
  return out
end

-- one client fingerprint (ja3 or ja4): its clients, then the servers they reached
local function one_client(field, value)
  if not need(field) then return end
  local recs = zeek.find("ssl", {[field] = value})
  local clients = zeek.group(recs, "id.orig_h", {distinct = "id.resp_h"})
  say("== %s %s: %d sessions from %d clients", field, value, #recs, #clients)
  local rows = {}
  for _, g in ipairs(clients) do rows[#rows + 1] = {client = g.key, sessions = g.count, servers = g.distinct} end
  zeek.show(rows, {"client", "sessions", "servers"})
  say("")
  say("== servers reached with %s %s", field, value)
  local servers = zeek.group(recs, {"id.resp_h", "server_name"}, {distinct = "id.orig_h"})
  rows = {}
  for _, g in ipairs(servers) do
    rows[#rows + 1] = {server = g.keys[1], server_name = g.keys[2], sessions = g.count, clients = g.distinct}
  end
  zeek.show(rows, {"server", "server_name", "sessions", "clients"})
end

-- one server fingerprint (ja3s or ja4s): its servers and their unique clients
local function one_server(field, value)
  if not need(field) then return end
  local recs = zeek.find("ssl", {[field] = value})
  local servers = zeek.group(recs, "id.resp_h", {distinct = "id.orig_h"})
  say("== %s %s: %d sessions, %d servers", field, value, #recs, #servers)
  local rows = {}
  for _, g in ipairs(servers) do rows[#rows + 1] = {server = g.key, sessions = g.count, clients = g.distinct} end
  zeek.show(rows, {"server", "sessions", "clients"})
end

for _, f in ipairs({"ja3", "ja3s", "ja4", "ja4s"}) do
  if flags[f] == true then error("--" .. f .. " needs a fingerprint value", 0) end
end
if flags.ja3 then one_client("ja3", flags.ja3) return end
if flags.ja3s then one_server("ja3s", flags.ja3s) return end
if flags.ja4 then one_client("ja4", flags.ja4) return end
if flags.ja4s then one_server("ja4s", flags.ja4s) return end

-- the fan-out tables of one client fingerprint field and one server fingerprint field
local function client_fanout(f)
  say("== %s fan-out: sessions, unique clients and servers per client fingerprint", f)
  local per = set_only(zeek.group("ssl", f, {distinct = "id.orig_h"}), f)
  local servers = {}
  for _, g in ipairs(zeek.group("ssl", f, {distinct = "id.resp_h"})) do
    if g.key ~= nil then servers[g.key] = g.distinct end
  end
  local rows = {}
  for _, g in ipairs(per) do
    rows[#rows + 1] = {[f] = g.key, sessions = g.count, clients = g.distinct, servers = servers[g.key]}
  end
  zeek.show(rows, {f, "sessions", "clients", "servers"})
end
local function server_fanout(f)
  say("== %s fan-out: unique clients per server and server fingerprint", f)
  local per = set_only(zeek.group("ssl", {f, "id.resp_h"}, {distinct = "id.orig_h"}), f)
  local rows = {}
  for _, g in ipairs(per) do
    rows[#rows + 1] = {[f] = g.keys[1], server = g.keys[2], sessions = g.count, clients = g.distinct}
  end
  zeek.show(rows, {f, "server", "sessions", "clients"})
end

if need("ja3") then
  client_fanout("ja3")
end
if need("ja3s") then
  say("")
  server_fanout("ja3s")
end
local has4, has4s = zeek.has_field("ssl", "ja4"), zeek.has_field("ssl", "ja4s")
if has4 then
  say("")
  client_fanout("ja4")
end
if has4s then
  say("")
  server_fanout("ja4s")
end
if not has4 and not has4s and zeek.has_field("ssl", "uid") then
  say("")
  say("(ssl.log has no ja4/ja4s fields: the FoxIO JA4 package is not loaded, so there are no JA4 tables)")
end
