--[[ zhunt
name: self_signed
description: TLS servers presenting self-signed certificates (leaf subject == issuer) and sessions whose
  certificate chain did not validate (ssl.validation_status, SSL::Invalid_Server_Cert notices), with the
  clients, servers and server names involved
author: zhunt
references: https://docs.zeek.org/en/master/scripts/policy/protocols/ssl/validate-certs.zeek.html,
  https://docs.zeek.org/en/master/logs/x509.html, https://attack.mitre.org/techniques/T1587/003/
attack: T1587.003, T1588.004, T1557, T1573.002
logs: ssl, x509, notice
args:
  --top N: rows per table (default 20; 0 = all)
]]
-- What it looks for
--   1. Sessions whose server (leaf) certificate is self-signed: certificate.subject equals
--      certificate.issuer. One row per certificate, then who used it (client, server, server_name).
--   2. Sessions whose chain did not validate: ssl.validation_status set and not "ok"
--      ("self signed certificate", "unable to get local issuer certificate", "certificate has
--      expired", ...), by status and by client/server/server_name.
--   3. SSL::Invalid_Server_Cert notices, the same validation failures as Zeek alerted on them.
--
-- Why it matters
--   Public services present CA-signed certificates. A self-signed or unvalidated certificate is an
--   appliance or lab box, a TLS-intercepting proxy, or attacker infrastructure (C2 frameworks and
--   phishing kits generate their own certificates). Clients that accept them are open to
--   interception, and a new self-signed server that several clients reach is worth a look.
--
-- Generations (how the leaf certificate is found)
--   Bro 2.2:          ssl.subject and ssl.issuer_subject inline, no x509.log.
--   Bro 2.3-Zeek 4.0: ssl.subject/issuer inline, and x509 by file id (ssl.cert_chain_fuids[1]);
--                     every sighting gets a new file id, so certificates group by issuer + serial.
--   Zeek >= 4.1:      only x509 (certificate.subject/issuer), by SHA256 (ssl.cert_chain_fps[1]).
--   A self-signed CA sent further down a chain (a root) is normal and is not counted in 1;
--   the "x509 records with subject == issuer" line counts every such record anyway.
--
-- How to read the output
--   Tables are sorted by sessions, largest first; "clients"/"servers" count distinct id.orig_h and
--   id.resp_h. Resumed sessions carry no certificate and are counted apart. Lines starting with
--   "!" say what cannot be checked and why (a log or field that is not loaded).
--   Findings: low per self-signed certificate (medium when Zeek also raised notices on its
--   sessions); per failing validation status: info for "unable to get local issuer certificate"
--   (often a private CA or a missing intermediate), low for self-signed, medium otherwise
--   (expired, revoked, bad signature).

local tls = require("tlsutil")
local say = tls.say
local flags = zeek.flags()
local top = tls.limit(flags.top, 20)

if not zeek.has_field("ssl", "uid") then
  say("! no ssl.log is loaded: nothing to look at.")
  return
end

local gen = tls.generation()
local has_notice = zeek.has_field("notice", "note")

-- 1. Self-signed leaf certificates -----------------------------------------------------------
say("== 1. Self-signed server certificates (leaf subject == issuer)")
if gen == nil then
  say("! neither x509.log nor inline ssl.subject/issuer is loaded: certificates cannot be checked.")
else
  say("   (%s)", gen)
end
-- A distinguished name has "=" in it (CN=..., O=...). Test baselines mask DNs (a
-- lone "+"), and two masks are equal without the certificate being self-signed.
local function real_dn(dn) return dn ~= nil and dn:find("=", 1, true) ~= nil end
local masked = 0

if zeek.has_field("x509", "certificate.subject") then
  local all = zeek.find("x509", function(r)
    if r["certificate.subject"] ~= nil and not real_dn(r["certificate.subject"]) then masked = masked + 1 end
    return real_dn(r["certificate.subject"]) and r["certificate.subject"] == r["certificate.issuer"]
  end)
  local distinct = {}
  local n = 0
  local key_field = zeek.has_field("x509", "fingerprint") and "fingerprint" or nil
  for _, r in ipairs(all) do
    local k = key_field and r[key_field]
        or ((r["certificate.issuer"] or "") .. "\0" .. (r["certificate.serial"] or ""))
    if not distinct[k] then distinct[k] = true; n = n + 1 end
  end
  say("   x509 records with subject == issuer: %d (%d distinct certificates; leaf or not)", #all, n)
elseif zeek.has_field("ssl", "subject") then
  say("! x509.log is not loaded: only the inline ssl subject/issuer of each session is checked.")
end

local certs, by_key = {}, {}
local resumed, unresolved, nocert, checked = 0, 0, 0, 0
local by_fp = zeek.has_field("x509", "fingerprint")
if gen ~= nil then
  for _, s in ipairs(zeek.find("ssl", {})) do
    local leaf, why = tls.leaf(s)
    if leaf == nil then
      if why == "resumed" then resumed = resumed + 1
      elseif why == "not in x509" then unresolved = unresolved + 1
      else nocert = nocert + 1 end
    elseif leaf.subject ~= nil and leaf.issuer ~= nil then
      checked = checked + 1
      if not real_dn(leaf.subject) then
        masked = masked + 1
      elseif leaf.subject == leaf.issuer then
        local x = leaf.x509
        local key
        if x ~= nil and by_fp then key = x.fingerprint
        elseif x ~= nil then key = (leaf.issuer or "") .. "\0" .. (x["certificate.serial"] or leaf.id)
        else key = leaf.subject end
        local c = by_key[key]
        if c == nil then
          c = {leaf = leaf, sessions = {}, id = (x and by_fp) and x.fingerprint or leaf.id}
          by_key[key] = c
          certs[#certs + 1] = c
        end
        c.sessions[#c.sessions + 1] = s
      end
    end
  end
  say("   sessions checked: %d   with a self-signed leaf: %d certificates", checked, #certs)
  if masked > 0 then
    say("! %d subjects are masked (no \"=\" in them, as in test baselines): they cannot be judged.", masked)
  end
  if resumed > 0 then say("   resumed sessions (no certificate sent): %d", resumed) end
  if nocert > 0 then say("   sessions without a certificate (not established, or TLS 1.3 encrypted): %d", nocert) end
  if unresolved > 0 then
    say("! %d sessions name a leaf certificate that x509.log does not hold (rotation, dedup, or a", unresolved)
    say("!   later/earlier file not loaded): they cannot be checked.")
  end
end

local function distinct_count(recs, field)
  local seen, n = {}, 0
  for _, r in ipairs(recs) do
    local v = r[field]
    if v ~= nil and not seen[v] then seen[v] = true; n = n + 1 end
  end
  return n
end

table.sort(certs, function(a, b)
  if #a.sessions ~= #b.sessions then return #a.sessions > #b.sessions end
  return (a.leaf.subject or "") < (b.leaf.subject or "")
end)

if #certs > 0 then
  say("")
  say("== self-signed certificates: sessions, clients, servers")
  local rows = {}
  for _, c in ipairs(certs) do
    rows[#rows + 1] = {certificate = c.id or "-", subject = c.leaf.subject, sessions = #c.sessions,
                       clients = distinct_count(c.sessions, "id.orig_h"),
                       servers = distinct_count(c.sessions, "id.resp_h"),
                       not_valid_after = tls.iso(c.leaf.not_after)}
  end
  tls.show(rows, {"certificate", "subject", "sessions", "clients", "servers", "not_valid_after"}, top, "certificates")

  local all = {}
  for _, c in ipairs(certs) do for _, s in ipairs(c.sessions) do all[#all + 1] = s end end
  say("")
  say("== self-signed sessions by client, server, server_name")
  local rows2 = {}
  for _, g in ipairs(zeek.group(all, {"id.orig_h", "id.resp_h", "id.resp_p", "server_name"})) do
    rows2[#rows2 + 1] = {client = g.keys[1], server = g.keys[2], port = g.keys[3], server_name = g.keys[4],
                         sessions = g.count}
  end
  tls.show(rows2, {"client", "server", "port", "server_name", "sessions"}, top, "rows")

  for _, c in ipairs(certs) do
    local notices = 0
    if has_notice then
      for _, s in ipairs(c.sessions) do
        notices = notices + #zeek.pivot(s.uid, {paths = {"notice"}, fields = {"uid"}})
      end
    end
    zeek.report{
      severity = notices > 0 and "medium" or "low",
      title = "self-signed certificate " .. (c.leaf.subject or c.id or "?"),
      records = c.sessions,
      certificate = c.id,
      clients = distinct_count(c.sessions, "id.orig_h"),
      notices = notices,
    }
  end
end

-- 2. Validation status -----------------------------------------------------------------------
say("")
say("== 2. Certificate validation (ssl.validation_status)")
local bad = {}
if not zeek.has_field("ssl", "validation_status") then
  say("! ssl.log has no validation_status field: the sensor does not load")
  say("!   policy/protocols/ssl/validate-certs, so chain validation cannot be checked.")
else
  local unset = 0
  local rows = {}
  for _, g in ipairs(zeek.group("ssl", "validation_status", {distinct = "id.orig_h"})) do
    if g.key == nil then
      unset = g.count
    else
      rows[#rows + 1] = {validation_status = g.key, sessions = g.count, clients = g.distinct}
    end
  end
  if unset > 0 then
    say("   (%d sessions with validation_status unset: no certificate seen, resumed, or TLS 1.3)", unset)
  end
  tls.show(rows, {"validation_status", "sessions", "clients"}, 0)

  bad = zeek.find("ssl", function(r)
    local v = r.validation_status
    return v ~= nil and v ~= "ok"
  end)
  say("")
  say("== sessions that failed validation by client, server, server_name: %d sessions", #bad)
  local rows2 = {}
  for _, g in ipairs(zeek.group(bad, {"id.orig_h", "id.resp_h", "server_name", "validation_status"})) do
    rows2[#rows2 + 1] = {client = g.keys[1], server = g.keys[2], server_name = g.keys[3],
                         validation_status = g.keys[4], sessions = g.count}
  end
  tls.show(rows2, {"client", "server", "server_name", "validation_status", "sessions"}, top, "rows")

  for _, r in ipairs(rows) do
    if r.validation_status ~= "ok" then
      local st = r.validation_status
      local sev = "medium"
      if st == "unable to get local issuer certificate" then sev = "info"
      elseif st:find("self signed", 1, true) then sev = "low" end
      zeek.report{
        severity = sev,
        title = "TLS validation failed: " .. st,
        records = zeek.find("ssl", {validation_status = st}),
        clients = r.clients,
      }
    end
  end
end

-- 3. Notices ----------------------------------------------------------------------------------
say("")
say("== 3. SSL::Invalid_Server_Cert notices")
if not has_notice then
  say("! notice.log is not loaded: Zeek's own validation alerts cannot be shown.")
else
  local ns = zeek.find("notice", {note = "SSL::Invalid_Server_Cert"})
  local linked = 0
  for _, n in ipairs(ns) do
    if n.uid ~= nil and #zeek.pivot(n.uid, {paths = {"ssl"}, fields = {"uid"}}) > 0 then linked = linked + 1 end
  end
  say("   notices: %d   linked to an ssl session by uid: %d", #ns, linked)
  if #ns > 0 then
    local rows = {}
    for _, g in ipairs(zeek.group(ns, {"msg", "sub"}, {distinct = "src"})) do
      rows[#rows + 1] = {msg = g.keys[1], certificate = g.keys[2], notices = g.count, clients = g.distinct}
    end
    tls.show(rows, {"msg", "certificate", "notices", "clients"}, top, "rows")
    zeek.report{
      severity = "low",
      title = "SSL::Invalid_Server_Cert notices",
      records = ns,
    }
  end
end
