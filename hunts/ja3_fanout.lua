--[[ zhunt
name: ja3_fanout
description: who shares a TLS client fingerprint (ja3), and which servers answer with a server
  fingerprint (ja3s), with how many unique clients each
author: zhunt
references: https://github.com/salesforce/ja3, https://engineering.salesforce.com/tls-fingerprinting-with-ja3-and-ja3s-247362855967/
attack: T1071.001, T1573.002, T1090
logs: ssl
args:
  --ja3 HASH: one client fingerprint: its clients and the servers they reached
  --ja3s HASH: one server fingerprint: its servers and their unique clients
]]
-- What it looks for
--   --ja3 X:   the clients that sent ja3 X, how often, and the servers they reached.
--   --ja3s Y:  the servers that answered with ja3s Y, and how many unique clients each has.
--   neither:   a fan-out table of every ja3 (sessions, unique clients, unique servers) and
--              every (ja3s, server) pair (sessions, unique clients).
--
-- Why it matters
--   A ja3 hashes how a TLS client says hello, so one piece of malware or one odd tool has one
--   ja3 wherever it runs: after one infected host, the same ja3 finds the others. A ja3s hashes
--   the server's answer; a rare ja3s served to few clients can mark C2 infrastructure.
--   JA3 splits modern browsers (they permute extensions), so judge rare values, not common ones.
--
-- How to read the output
--   Tables are sorted by sessions, largest first. "clients" and "servers" count distinct
--   id.orig_h and id.resp_h. Sessions whose ja3/ja3s is unset are counted and left out.
--
-- Needs: ssl.log with the ja3/ja3s fields of the salesforce ja3 package.

local flags = zeek.flags()
local function say(fmt, ...) print(string.format(fmt, ...)) end

local function need(field)
  if not zeek.has_field("ssl", field) then
    say("! ssl.log has no %s field (is the ja3 package loaded on the sensor?)", field)
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

if flags.ja3 then
  if not need("ja3") then return end
  local recs = zeek.find("ssl", {ja3 = flags.ja3})
  local clients = zeek.group(recs, "id.orig_h", {distinct = "id.resp_h"})
  say("== ja3 %s: %d sessions from %d clients", flags.ja3, #recs, #clients)
  local rows = {}
  for _, g in ipairs(clients) do rows[#rows + 1] = {client = g.key, sessions = g.count, servers = g.distinct} end
  zeek.show(rows, {"client", "sessions", "servers"})
  say("")
  say("== servers reached with ja3 %s", flags.ja3)
  local servers = zeek.group(recs, {"id.resp_h", "server_name"}, {distinct = "id.orig_h"})
  rows = {}
  for _, g in ipairs(servers) do
    rows[#rows + 1] = {server = g.keys[1], server_name = g.keys[2], sessions = g.count, clients = g.distinct}
  end
  zeek.show(rows, {"server", "server_name", "sessions", "clients"})
  return
end

if flags.ja3s then
  if not need("ja3s") then return end
  local recs = zeek.find("ssl", {ja3s = flags.ja3s})
  local servers = zeek.group(recs, "id.resp_h", {distinct = "id.orig_h"})
  say("== ja3s %s: %d sessions, %d servers", flags.ja3s, #recs, #servers)
  local rows = {}
  for _, g in ipairs(servers) do rows[#rows + 1] = {server = g.key, sessions = g.count, clients = g.distinct} end
  zeek.show(rows, {"server", "sessions", "clients"})
  return
end

if need("ja3") then
  say("== ja3 fan-out: sessions, unique clients and servers per client fingerprint")
  local per_ja3 = set_only(zeek.group("ssl", "ja3", {distinct = "id.orig_h"}), "ja3")
  local servers = {}
  for _, g in ipairs(zeek.group("ssl", "ja3", {distinct = "id.resp_h"})) do
    if g.key ~= nil then servers[g.key] = g.distinct end
  end
  local rows = {}
  for _, g in ipairs(per_ja3) do
    rows[#rows + 1] = {ja3 = g.key, sessions = g.count, clients = g.distinct, servers = servers[g.key]}
  end
  zeek.show(rows, {"ja3", "sessions", "clients", "servers"})
end
if need("ja3s") then
  say("")
  say("== ja3s fan-out: unique clients per server and server fingerprint")
  local per = set_only(zeek.group("ssl", {"ja3s", "id.resp_h"}, {distinct = "id.orig_h"}), "ja3s")
  local rows = {}
  for _, g in ipairs(per) do
    rows[#rows + 1] = {ja3s = g.keys[1], server = g.keys[2], sessions = g.count, clients = g.distinct}
  end
  zeek.show(rows, {"ja3s", "server", "sessions", "clients"})
end
