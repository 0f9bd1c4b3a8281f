--[[ zhunt
name: host_profile
description: everything the logs say about one IP address: what it speaks as client and as responder,
  its peers and bytes, the DNS names it asked for, the TLS fingerprints it sent, the files it moved,
  and the notices and weirds about it
author: zhunt
references: https://docs.zeek.org/en/master/logs/index.html, https://docs.zeek.org/en/master/logs/files.html,
  https://github.com/salesforce/ja3, https://github.com/FoxIO-LLC/ja4
attack: T1046, T1071, T1041, T1105, T1573
logs: any
args:
  --host IP: the address to profile (required), exactly as Zeek logs it
  --top N: rows per table (default 10; 0 = all)
]]
-- What it looks for
--   Every record naming --host in any field (zeek.pivot), sorted into:
--   1. conn: services/protocols/ports it used as a client (id.orig_h) and answered on as a
--      responder (id.resp_h: a server, or the target of ICMP messages), with
--      connections, distinct peers and bytes (orig_bytes/resp_bytes, from the host's side).
--   2. peers: the hosts it talked to most (connections and bytes, both directions).
--   3. dns: the names it asked for (query, qtype, rcode, answers), and names that resolved to it.
--   4. ssl: the TLS client fingerprints it sent (ja3, ja4 when present) and server names, and
--      as a server the names and ja3s/ja4s it answered with.
--   5. files: the files it sent and received (source, mime type, name, hash).
--   6. notice and weird records about it.
--
-- Why it matters
--   The first question about any alert is "what is this host?". A workstation that also serves
--   on odd ports, asks for random-looking names, sends a rare TLS fingerprint or uploads large
--   files is a different case from one that only browses.
--
-- Generations
--   files.log before Zeek 5.1 names hosts in the sets tx_hosts (sender) and rx_hosts (receiver);
--   Zeek >= 5.1 logs one row per (file, connection) with id.orig_h/id.resp_h, and is_orig says
--   who sent it (T: the originator). Both are read. ja3/ja3s need the salesforce package,
--   ja4/ja4s the FoxIO JA4 package; Bro 2.2 weird.log has no uid on some rows.
--
-- How to read the output
--   Tables are sorted by count, largest first, and cut at --top rows. "!" lines say which log
--   is not loaded or lacks a field, so that an empty section is not mistaken for "nothing".
--   Findings: info for the profile itself; one per notice type about the host: high for a
--   malware-hash or Intel match, medium for scans, password guessing and Heartbleed, low otherwise.

local tls = require("tlsutil")
local say = tls.say
local flags = zeek.flags()
local top = tls.limit(flags.top, 10)
local host = flags.host
if host == nil or host == true or host == "" then
  error("--host IP is required (for example: zhunt run hunts/host_profile.lua -l LOGS -- --host 192.0.2.10)", 0)
end

local recs = zeek.pivot(host)
local by_path = {}
for _, r in ipairs(recs) do
  local p = r._path
  by_path[p] = by_path[p] or {}
  table.insert(by_path[p], r)
end
local function of(path) return by_path[path] or {} end
local function loaded(path) return zeek.has_field(path, "ts") end
local function missing(path, what)
  if not loaded(path) then
    say("! %s.log is not loaded: %s cannot be shown.", path, what)
    return true
  end
  return false
end

say("== records naming %s, per log: %d", host, #recs)
local rows = {}
for _, g in ipairs(zeek.group(recs, "_path")) do rows[#rows + 1] = {log = g.key, records = g.count} end
tls.show(rows, {"log", "records"}, 0)
if #recs == 0 then
  say("! no loaded record names %s (it is matched as exact text: check the address form).", host)
end

-- 1. conn --------------------------------------------------------------------------------------
local as_client, as_server = {}, {}
for _, c in ipairs(of("conn")) do
  if c["id.orig_h"] == host then as_client[#as_client + 1] = c end
  if c["id.resp_h"] == host then as_server[#as_server + 1] = c end
end

local function bytes(list, field)
  if #list == 0 then return "0" end
  local st = zeek.stats(list, field)
  return st.sum_exact or "0"
end

local function services(list, peer, title)
  say("")
  say("== %s", title)
  local out = {}
  for _, g in ipairs(zeek.group(list, {"proto", "service", "id.resp_p"}, {distinct = peer})) do
    out[#out + 1] = {proto = g.keys[1], service = g.keys[2], port = g.keys[3], connections = g.count,
                     peers = g.distinct}
  end
  tls.show(out, {"proto", "service", "port", "connections", "peers"}, top, "rows")
end

say("")
say("== 1. conn")
if not missing("conn", "services, ports and bytes") then
  say("   as client: %d connections, sent %s bytes (orig_bytes), received %s bytes (resp_bytes)",
      #as_client, bytes(as_client, "orig_bytes"), bytes(as_client, "resp_bytes"))
  say("   as responder: %d connections, received %s bytes (orig_bytes), sent %s bytes (resp_bytes)",
      #as_server, bytes(as_server, "orig_bytes"), bytes(as_server, "resp_bytes"))
  services(as_client, "id.resp_h", "services used as a client (proto, service, port; for icmp the port is the ICMP code)")
  services(as_server, "id.orig_h", "services offered as a responder (proto, service, port; for icmp the port is the ICMP code)")

  -- 2. peers
  say("")
  say("== 2. peers (top talkers, both directions)")
  local peers, order = {}, {}
  local function add(peer, dir, c)
    local p = peers[peer]
    if p == nil then
      p = {peer = peer, connections = 0, out_conns = 0, in_conns = 0, sent = 0, received = 0}
      peers[peer] = p
      order[#order + 1] = p
    end
    p.connections = p.connections + 1
    local ob, rb = c.orig_bytes or 0, c.resp_bytes or 0
    if dir == "out" then
      p.out_conns = p.out_conns + 1
      p.sent, p.received = p.sent + ob, p.received + rb
    else
      p.in_conns = p.in_conns + 1
      p.sent, p.received = p.sent + rb, p.received + ob
    end
  end
  for _, c in ipairs(as_client) do add(c["id.resp_h"], "out", c) end
  for _, c in ipairs(as_server) do add(c["id.orig_h"], "in", c) end
  table.sort(order, function(a, b)
    if a.connections ~= b.connections then return a.connections > b.connections end
    local ab, bb = a.sent + a.received, b.sent + b.received
    if ab ~= bb then return ab > bb end
    return a.peer < b.peer
  end)
  for _, p in ipairs(order) do
    p.sent = string.format("%.0f", p.sent)
    p.received = string.format("%.0f", p.received)
  end
  say("   (sent/received are the host's side; unset byte counts count as 0)")
  tls.show(order, {"peer", "connections", "out_conns", "in_conns", "sent", "received"}, top, "peers")
end

-- 3. dns ---------------------------------------------------------------------------------------
say("")
say("== 3. dns: names %s asked for", host)
local asked, resolved = {}, {}
if not missing("dns", "DNS queries") then
  for _, d in ipairs(of("dns")) do
    if d["id.orig_h"] == host then asked[#asked + 1] = d end
    local a = d.answers
    if type(a) == "table" then
      for _, v in ipairs(a) do
        if v == host then resolved[#resolved + 1] = d; break end
      end
    end
  end
  say("   queries: %d, distinct names: %d", #asked, #zeek.group(asked, "query"))
  -- answers per (query, qtype, rcode), in first-seen order
  local answers = {}
  local function akey(q, t, r) return (q or "-") .. "\0" .. (t or "-") .. "\0" .. (r or "-") end
  for _, d in ipairs(asked) do
    if type(d.answers) == "table" then
      local k = akey(d.query, d.qtype_name, d.rcode_name)
      local a = answers[k]
      if a == nil then a = {list = {}, seen = {}}; answers[k] = a end
      for _, v in ipairs(d.answers) do
        if not a.seen[v] then a.seen[v] = true; a.list[#a.list + 1] = v end
      end
    end
  end
  local out = {}
  for _, g in ipairs(zeek.group(asked, {"query", "qtype_name", "rcode_name"})) do
    local a = answers[akey(g.keys[1], g.keys[2], g.keys[3])]
    local ans = a and a.list or {}
    out[#out + 1] = {query = g.keys[1], qtype = g.keys[2], rcode = g.keys[3], queries = g.count,
                     answers = #ans > 0 and table.concat(ans, " ") or "-"}
  end
  tls.show(out, {"query", "qtype", "rcode", "queries", "answers"}, top, "names")
  say("")
  say("== names that resolved to %s (dns.answers)", host)
  local out2 = {}
  for _, g in ipairs(zeek.group(resolved, "query", {distinct = "id.orig_h"})) do
    out2[#out2 + 1] = {query = g.key, answers = g.count, clients = g.distinct}
  end
  tls.show(out2, {"query", "answers", "clients"}, top, "names")
end

-- 4. ssl ---------------------------------------------------------------------------------------
say("")
say("== 4. ssl: TLS sessions of %s", host)
local tls_client, tls_server = {}, {}
if not missing("ssl", "TLS fingerprints and server names") then
  for _, s in ipairs(of("ssl")) do
    if s["id.orig_h"] == host then tls_client[#tls_client + 1] = s end
    if s["id.resp_h"] == host then tls_server[#tls_server + 1] = s end
  end
  say("   sessions as client: %d, as server: %d", #tls_client, #tls_server)
  local fps = {}
  for _, f in ipairs({"ja3", "ja4"}) do
    if zeek.has_field("ssl", f) then fps[#fps + 1] = f end
  end
  if #fps == 0 then
    say("! ssl.log has no ja3 or ja4 field (salesforce ja3 / FoxIO ja4 packages not loaded):")
    say("!   client fingerprints cannot be shown.")
  end
  for _, f in ipairs(fps) do
    say("")
    say("== %s fingerprints sent by %s", f, host)
    local out = {}
    for _, g in ipairs(zeek.group(tls_client, f, {distinct = "id.resp_h"})) do
      out[#out + 1] = {[f] = g.key or "-", sessions = g.count, servers = g.distinct}
    end
    tls.show(out, {f, "sessions", "servers"}, top, "fingerprints")
  end
  say("")
  say("== server names %s asked for (ssl.server_name)", host)
  local out = {}
  for _, g in ipairs(zeek.group(tls_client, {"server_name", "id.resp_h"})) do
    out[#out + 1] = {server_name = g.keys[1], server = g.keys[2], sessions = g.count}
  end
  tls.show(out, {"server_name", "server", "sessions"}, top, "rows")
  if #tls_server > 0 then
    say("")
    say("== TLS as a server: names and server fingerprints")
    local keys = {"server_name"}
    for _, f in ipairs({"ja3s", "ja4s"}) do
      if zeek.has_field("ssl", f) then keys[#keys + 1] = f end
    end
    local out3 = {}
    for _, g in ipairs(zeek.group(tls_server, keys, {distinct = "id.orig_h"})) do
      local r = {sessions = g.count, clients = g.distinct}
      for i, k in ipairs(keys) do r[k] = g.keys[i] end
      out3[#out3 + 1] = r
    end
    local cols = {}
    for _, k in ipairs(keys) do cols[#cols + 1] = k end
    cols[#cols + 1] = "sessions"
    cols[#cols + 1] = "clients"
    tls.show(out3, cols, top, "rows")
  end
end

-- 5. files -------------------------------------------------------------------------------------
say("")
say("== 5. files moved by %s", host)
local moved = {}
if not missing("files", "files sent and received") then
  local old = zeek.has_field("files", "tx_hosts")
  local new = zeek.has_field("files", "id.orig_h") and zeek.has_field("files", "is_orig")
  if old then say("   (files.log with tx_hosts/rx_hosts: Zeek <= 5.0, one row per file)") end
  if new then say("   (files.log with id.orig_h/id.resp_h and is_orig: Zeek >= 5.1, one row per file and connection)") end
  if not old and not new then
    say("! files.log has neither tx_hosts/rx_hosts nor id.orig_h/is_orig: senders cannot be told.")
  end
  local function has(set, v)
    if type(set) ~= "table" then return set == v end
    for _, x in ipairs(set) do if x == v then return true end end
    return false
  end
  for _, f in ipairs(of("files")) do
    local dir, peer
    if f.tx_hosts ~= nil or f.rx_hosts ~= nil then
      if has(f.tx_hosts, host) then
        dir, peer = "sent", f.rx_hosts
      elseif has(f.rx_hosts, host) then
        dir, peer = "received", f.tx_hosts
      end
    elseif f["id.orig_h"] ~= nil and f.is_orig ~= nil then
      local sender = f.is_orig and f["id.orig_h"] or f["id.resp_h"]
      local receiver = f.is_orig and f["id.resp_h"] or f["id.orig_h"]
      if sender == host then dir, peer = "sent", receiver
      elseif receiver == host then dir, peer = "received", sender end
    end
    if dir ~= nil then
      if type(peer) == "table" then peer = table.concat(peer, " ") end
      moved[#moved + 1] = {rec = f, direction = dir, peer = peer or "-", fuid = f.fuid, source = f.source,
                           mime_type = f.mime_type, filename = f.filename, bytes = f.seen_bytes,
                           sha1 = f.sha1}
    end
  end
  local sent, recv = 0, 0
  for _, m in ipairs(moved) do if m.direction == "sent" then sent = sent + 1 else recv = recv + 1 end end
  say("   files records: sent %d, received %d", sent, recv)
  local agg, order = {}, {}
  for _, m in ipairs(moved) do
    local k = m.direction .. "\0" .. (m.source or "-") .. "\0" .. (m.mime_type or "-")
    local a = agg[k]
    if a == nil then
      a = {direction = m.direction, source = m.source, mime_type = m.mime_type, files = 0}
      agg[k] = a
      order[#order + 1] = a
    end
    a.files = a.files + 1
  end
  table.sort(order, function(a, b)
    if a.files ~= b.files then return a.files > b.files end
    if a.direction ~= b.direction then return a.direction < b.direction end
    if (a.source or "") ~= (b.source or "") then return (a.source or "") < (b.source or "") end
    return (a.mime_type or "") < (b.mime_type or "")
  end)
  tls.show(order, {"direction", "source", "mime_type", "files"}, top, "rows")
  local named = {}
  for _, m in ipairs(moved) do
    if m.filename ~= nil or (m.source ~= "SSL" and m.source ~= "X509") then named[#named + 1] = m end
  end
  if #named > 0 then
    say("")
    say("== files other than certificates (ts order)")
    local out = {}
    for _, m in ipairs(named) do
      out[#out + 1] = {ts = tls.iso(m.rec.ts), direction = m.direction, peer = m.peer, fuid = m.fuid,
                       source = m.source, mime_type = m.mime_type, filename = m.filename,
                       bytes = m.bytes, sha1 = m.sha1}
    end
    tls.show(out, {"ts", "direction", "peer", "fuid", "source", "mime_type", "filename", "bytes", "sha1"},
             top, "files")
  end
end

-- 6. notice and weird --------------------------------------------------------------------------
say("")
say("== 6. notices about %s", host)
local notes = of("notice")
-- Notices that say more than "look here" get a higher severity.
local function notice_severity(note)
  if note == nil then return "low" end
  if note:find("MalwareHashRegistry", 1, true) or note:find("Intel::", 1, true) == 1 then return "high" end
  if note:find("Scan::", 1, true) == 1 or note:find("SSH::Password_Guessing", 1, true) == 1
      or note:find("Heartbleed", 1, true) then return "medium" end
  return "low"
end
if not missing("notice", "notices") then
  local out = {}
  for _, g in ipairs(zeek.group(notes, "note")) do out[#out + 1] = {note = g.key, notices = g.count} end
  tls.show(out, {"note", "notices"}, 0)
  for _, g in ipairs(zeek.group(notes, "note")) do
    local these = {}
    for _, n in ipairs(notes) do if n.note == g.key then these[#these + 1] = n end end
    zeek.report{severity = notice_severity(g.key), title = string.format("%s: notice %s", host, g.key or "-"),
                records = these}
  end
end
say("")
say("== weird about %s", host)
if not missing("weird", "weirds") then
  local out = {}
  for _, g in ipairs(zeek.group(of("weird"), "name")) do out[#out + 1] = {name = g.key, weirds = g.count} end
  tls.show(out, {"name", "weirds"}, top, "rows")
end

zeek.report{
  severity = "info",
  title = string.format("profile of %s: %d conn as client, %d as responder, %d dns queries, %d TLS sessions, %d files",
    host, #as_client, #as_server, #asked, #tls_client + #tls_server, #moved),
  records = recs,
}
