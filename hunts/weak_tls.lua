--[[ zhunt
name: weak_tls
description: TLS sessions with weak protocol versions (SSLv2, SSLv3, TLS 1.0, TLS 1.1), weak cipher
  suites (RC4, EXPORT, NULL, DES, 3DES, anonymous), short certificate keys, and certificates that were
  expired or not yet valid at the time of the session
author: zhunt
references: https://datatracker.ietf.org/doc/html/rfc8996, https://datatracker.ietf.org/doc/html/rfc7465,
  https://datatracker.ietf.org/doc/html/rfc7568, https://sweet32.info/, https://weakdh.org/,
  https://docs.zeek.org/en/master/logs/ssl.html
attack: T1557, T1040, T1573.002, T1600.001
logs: ssl, x509
args:
  --top N: rows per table (default 20; 0 = all)
]]
-- What it looks for
--   1. ssl.version SSLv2, SSLv3, TLSv10, TLSv11 (and DTLSv10): deprecated by RFC 7568 / RFC 8996.
--   2. ssl.cipher names containing RC4, EXPORT, NULL, DES (single DES and DES40), 3DES (Sweet32)
--      or anon (no server authentication at all).
--   3. Leaf certificates with short keys: x509 certificate.key_length < 2048 for rsa/dsa,
--      < 256 for ecdsa.
--   4. Leaf certificates that were expired (ssl.ts > not_valid_after) or not yet valid
--      (ssl.ts < not_valid_before) when the session happened: the session's own time, not today.
--
-- Why it matters
--   Each of these lets an on-path attacker read or alter traffic (POODLE, BEAST, FREAK, Logjam,
--   RC4 biases, Sweet32), or means a client accepted a certificate it should have refused.
--   Old appliances, embedded devices and scanners (testing every cipher) show up here too:
--   a client that offers and gets EXPORT or NULL suites is usually a scanner.
--
-- Caveat on certificate validity (important)
--   Zeek before 8.0 logs certificate.not_valid_before/after in the SENSOR'S LOCAL TIME, not UTC
--   (Zeek 8.0 NEWS); the same certificate differs by the sensor's UTC offset between sensors.
--   A certificate within 14 hours of a validity bound at session time is marked "borderline".
--
-- Generations
--   Bro 2.2 keeps the leaf's subject and validity inline in ssl (no x509.log, no key length);
--   Bro 2.3-Zeek 4.0 link ssl.cert_chain_fuids[1] to x509.id; Zeek >= 4.1 link
--   ssl.cert_chain_fps[1] to x509.fingerprint. Resumed sessions send no certificate.
--
-- How to read the output
--   Tables are sorted by sessions, largest first; clients/servers count distinct id.orig_h and
--   id.resp_h. "!" lines say what could not be checked and why.
--   Findings: SSLv2 high, SSLv3 medium, TLS 1.0/1.1 low; NULL, EXPORT and anon suites high, RC4
--   and DES medium, 3DES low; RSA keys < 1024 high, other short keys medium; certificates out
--   of validity at session time medium (low when borderline).

local tls = require("tlsutil")
local say = tls.say
local flags = zeek.flags()
local top = tls.limit(flags.top, 20)

if not zeek.has_field("ssl", "uid") then
  say("! no ssl.log is loaded: nothing to look at.")
  return
end

local function distinct(recs, field)
  local seen, n = {}, 0
  for _, r in ipairs(recs) do
    local v = r[field]
    if v ~= nil and not seen[v] then seen[v] = true; n = n + 1 end
  end
  return n
end

-- 1. versions ----------------------------------------------------------------------------------
local weak_version = {SSLv2 = "high", SSLv3 = "medium", TLSv10 = "low", TLSv11 = "low", DTLSv10 = "low"}
say("== 1. Protocol versions (ssl.version)")
if not zeek.has_field("ssl", "version") then
  say("! ssl.log has no version field.")
else
  local rows, unset = {}, 0
  local servers = {}
  for _, g in ipairs(zeek.group("ssl", "version", {distinct = "id.resp_h"})) do servers[g.key or "-"] = g.distinct end
  for _, g in ipairs(zeek.group("ssl", "version", {distinct = "id.orig_h"})) do
    if g.key == nil then
      unset = g.count
    else
      rows[#rows + 1] = {version = g.key, sessions = g.count, clients = g.distinct, servers = servers[g.key],
                         weak = weak_version[g.key] and "yes" or "-"}
    end
  end
  if unset > 0 then say("   (%d sessions with version unset: the handshake did not complete)", unset) end
  tls.show(rows, {"version", "sessions", "clients", "servers", "weak"}, 0)
  local weak = zeek.find("ssl", {version = {"SSLv2", "SSLv3", "TLSv10", "TLSv11", "DTLSv10"}})
  say("")
  say("== weak-version sessions by server: %d sessions", #weak)
  local out = {}
  for _, g in ipairs(zeek.group(weak, {"id.resp_h", "id.resp_p", "server_name", "version"}, {distinct = "id.orig_h"})) do
    out[#out + 1] = {server = g.keys[1], port = g.keys[2], server_name = g.keys[3], version = g.keys[4],
                     sessions = g.count, clients = g.distinct}
  end
  tls.show(out, {"server", "port", "server_name", "version", "sessions", "clients"}, top, "rows")
  for _, r in ipairs(rows) do
    if weak_version[r.version] then
      zeek.report{severity = weak_version[r.version], title = "TLS sessions with " .. r.version,
                  records = zeek.find("ssl", {version = r.version}), clients = r.clients, servers = r.servers}
    end
  end
end

-- 2. ciphers -----------------------------------------------------------------------------------
-- Checks on the lower-cased IANA/OpenSSL name Zeek logs (TLS_RSA_EXPORT_WITH_RC4_40_MD5,
-- TLS_DH_anon_WITH_AES_128_CBC_SHA, SSLv20_CK_RC4_128_WITH_MD5, ...).
local classes = {
  {name = "NULL", sev = "high", test = function(c) return c:find("null", 1, true) ~= nil end},
  {name = "EXPORT", sev = "high", test = function(c) return c:find("export", 1, true) ~= nil end},
  {name = "anon", sev = "high", test = function(c) return c:find("anon", 1, true) ~= nil end},
  {name = "RC4", sev = "medium", test = function(c) return c:find("rc4", 1, true) ~= nil end},
  {name = "DES", sev = "medium", test = function(c)
    local single = c:gsub("3des", "")
    return single:find("des", 1, true) ~= nil
  end},
  {name = "3DES", sev = "low", test = function(c) return c:find("3des", 1, true) ~= nil end},
}
local function weakness(cipher)
  if cipher == nil then return nil end
  local c = string.lower(cipher)
  local out = {}
  for _, k in ipairs(classes) do
    if k.test(c) then out[#out + 1] = k.name end
  end
  if #out == 0 then return nil end
  return table.concat(out, ",")
end

say("")
say("== 2. Weak cipher suites (ssl.cipher)")
if not zeek.has_field("ssl", "cipher") then
  say("! ssl.log has no cipher field.")
else
  local rows = {}
  local servers = {}
  for _, g in ipairs(zeek.group("ssl", "cipher", {distinct = "id.resp_h"})) do
    if g.key ~= nil then servers[g.key] = g.distinct end
  end
  local weak_names = {}
  for _, g in ipairs(zeek.group("ssl", "cipher", {distinct = "id.orig_h"})) do
    local w = weakness(g.key)
    if w ~= nil then
      weak_names[#weak_names + 1] = g.key
      rows[#rows + 1] = {cipher = g.key, weakness = w, sessions = g.count, clients = g.distinct,
                         servers = servers[g.key]}
    end
  end
  tls.show(rows, {"cipher", "weakness", "sessions", "clients", "servers"}, 0)
  local weak = #weak_names > 0 and zeek.find("ssl", {cipher = weak_names}) or {}
  say("")
  say("== weak-cipher sessions by client and server: %d sessions", #weak)
  local out = {}
  for _, g in ipairs(zeek.group(weak, {"id.orig_h", "id.resp_h", "server_name", "cipher"})) do
    out[#out + 1] = {client = g.keys[1], server = g.keys[2], server_name = g.keys[3], cipher = g.keys[4],
                     sessions = g.count}
  end
  tls.show(out, {"client", "server", "server_name", "cipher", "sessions"}, top, "rows")
  for _, k in ipairs(classes) do
    local recs = {}
    for _, s in ipairs(weak) do
      if k.test(string.lower(s.cipher)) then recs[#recs + 1] = s end
    end
    if #recs > 0 then
      zeek.report{severity = k.sev, title = k.name .. " cipher suites negotiated", records = recs,
                  clients = distinct(recs, "id.orig_h"), servers = distinct(recs, "id.resp_h")}
    end
  end
end

-- 3 and 4: one pass over the sessions' leaf certificates ---------------------------------------
local gen = tls.generation()
local has_key = zeek.has_field("x509", "certificate.key_length")
local by_fp = zeek.has_field("x509", "fingerprint")
local function short_key(leaf)
  local t, n = leaf.key_type, leaf.key_length
  if t == nil or n == nil then return false end
  if (t == "rsa" or t == "dsa") and n < 2048 then return true end
  if t == "ecdsa" and n < 256 then return true end
  return false
end
local function cert_key(leaf)
  local x = leaf.x509
  if x ~= nil and by_fp then return x.fingerprint end
  if x ~= nil then return (leaf.issuer or "") .. "\0" .. (x["certificate.serial"] or leaf.id) end
  return (leaf.subject or "") .. "\0" .. (leaf.issuer or "") .. "\0" .. tostring(leaf.not_after)
end
local margin = 14 * 3600

local shorts, short_by = {}, {}
local invalid, invalid_by = {}, {}
local resumed, unresolved, nocert, nodates, nots = 0, 0, 0, 0, 0
if gen ~= nil then
  for _, s in ipairs(zeek.find("ssl", {})) do
    local leaf, why = tls.leaf(s)
    if leaf == nil then
      if why == "resumed" then resumed = resumed + 1
      elseif why == "not in x509" then unresolved = unresolved + 1
      else nocert = nocert + 1 end
    else
      local k = cert_key(leaf)
      if short_key(leaf) then
        local c = short_by[k]
        if c == nil then
          c = {leaf = leaf, sessions = {}}
          short_by[k] = c
          shorts[#shorts + 1] = c
        end
        c.sessions[#c.sessions + 1] = s
      end
      local nb, na = leaf.not_before, leaf.not_after
      if s.ts == nil then
        nots = nots + 1
      elseif nb == nil or na == nil then
        nodates = nodates + 1
      else
        local state, off
        if s.ts > na then state, off = "expired", s.ts - na
        elseif s.ts < nb then state, off = "not yet valid", nb - s.ts end
        if state ~= nil then
          local key = k .. "\0" .. state
          local c = invalid_by[key]
          if c == nil then
            c = {leaf = leaf, state = state, sessions = {}, min_off = off, max_off = off}
            invalid_by[key] = c
            invalid[#invalid + 1] = c
          end
          c.sessions[#c.sessions + 1] = s
          if off < c.min_off then c.min_off = off end
          if off > c.max_off then c.max_off = off end
        end
      end
    end
  end
end

local function by_sessions(a, b)
  if #a.sessions ~= #b.sessions then return #a.sessions > #b.sessions end
  return (a.leaf.subject or "") < (b.leaf.subject or "")
end
local function cert_label(leaf)
  local x = leaf.x509
  if x ~= nil and by_fp then return x.fingerprint end
  return leaf.id or "(inline)"
end
local function span(sessions)
  local lo, hi
  for _, s in ipairs(sessions) do
    if s.ts ~= nil then
      if lo == nil or s.ts < lo then lo = s.ts end
      if hi == nil or s.ts > hi then hi = s.ts end
    end
  end
  return tls.iso(lo), tls.iso(hi)
end
local function days(sec) return string.format("%.1f", sec / 86400) end

say("")
say("== 3. Short keys in leaf certificates (rsa/dsa < 2048 bits, ecdsa < 256 bits)")
if gen ~= nil then say("   (%s)", gen) end
if not has_key then
  say("! x509.log with certificate.key_length is not loaded (Bro 2.2 has no x509.log): key sizes")
  say("!   cannot be checked.")
else
  local all = zeek.find("x509", function(r)
    local t, n = r["certificate.key_type"], r["certificate.key_length"]
    if t == nil or n == nil then return false end
    return ((t == "rsa" or t == "dsa") and n < 2048) or (t == "ecdsa" and n < 256)
  end)
  say("   x509 records with a short key: %d (leaf or not); leaf certificates of sessions: %d", #all, #shorts)
  table.sort(shorts, by_sessions)
  local rows = {}
  for _, c in ipairs(shorts) do
    local first, last = span(c.sessions)
    rows[#rows + 1] = {certificate = cert_label(c.leaf), key_type = c.leaf.key_type, key_length = c.leaf.key_length,
                       subject = c.leaf.subject, sessions = #c.sessions, servers = distinct(c.sessions, "id.resp_h"),
                       clients = distinct(c.sessions, "id.orig_h"), first_session = first}
  end
  tls.show(rows, {"certificate", "key_type", "key_length", "subject", "sessions", "servers", "clients", "first_session"},
           top, "certificates")
  for _, c in ipairs(shorts) do
    local sev = "medium"
    if (c.leaf.key_type == "rsa" or c.leaf.key_type == "dsa") and c.leaf.key_length < 1024 then sev = "high" end
    zeek.report{severity = sev,
                title = string.format("%d-bit %s key: %s", c.leaf.key_length, c.leaf.key_type, c.leaf.subject or "?"),
                records = c.sessions, certificate = cert_label(c.leaf)}
  end
end

say("")
say("== 4. Leaf certificates expired or not yet valid at session time")
say("   (Zeek < 8.0 logs not_valid_before/after in the sensor's local time, not UTC: within 14 h of")
say("    a bound is \"borderline\". \"days\" is how far outside validity the sessions were, min-max.)")
if gen == nil then
  say("! neither x509.log nor inline ssl validity is loaded: validity cannot be checked.")
elseif not zeek.has_field("x509", "certificate.not_valid_after") and not zeek.has_field("ssl", "not_valid_after") then
  say("! x509.log is not loaded and ssl.log has no inline validity (only Bro 2.2 has it):")
  say("!   validity cannot be checked.")
else
  table.sort(invalid, by_sessions)
  local rows = {}
  for _, c in ipairs(invalid) do
    local first, last = span(c.sessions)
    rows[#rows + 1] = {certificate = cert_label(c.leaf), state = c.state .. (c.min_off < margin and " (borderline)" or ""),
                       subject = c.leaf.subject, not_valid_before = tls.iso(c.leaf.not_before),
                       not_valid_after = tls.iso(c.leaf.not_after), sessions = #c.sessions,
                       first_session = first, last_session = last,
                       days = days(c.min_off) .. "-" .. days(c.max_off)}
  end
  local n = 0
  for _, c in ipairs(invalid) do n = n + #c.sessions end
  say("   sessions: %d, certificates: %d", n, #invalid)
  tls.show(rows, {"certificate", "state", "days", "sessions", "not_valid_before", "not_valid_after", "first_session",
                  "last_session", "subject"}, top, "certificates")
  for _, c in ipairs(invalid) do
    zeek.report{severity = c.min_off < margin and "low" or "medium",
                title = string.format("%s certificate used: %s", c.state, c.leaf.subject or cert_label(c.leaf)),
                records = c.sessions, certificate = cert_label(c.leaf)}
  end
end

if gen ~= nil and resumed + nocert + nodates + nots + unresolved > 0 then
  say("")
  if resumed > 0 then say("   resumed sessions (no certificate sent, not checked in 3-4): %d", resumed) end
  if nocert > 0 then say("   sessions without a certificate (not established, or TLS 1.3): %d", nocert) end
  if nodates > 0 then say("   sessions whose leaf has no validity dates logged: %d", nodates) end
  if nots > 0 then
    say("! %d sessions have no usable ts (canonified test output?): their validity cannot be checked.", nots)
  end
  if unresolved > 0 then
    say("! %d sessions name a leaf certificate that x509.log does not hold (rotation, dedup, or a", unresolved)
    say("!   file not loaded): their key and validity cannot be checked.")
  end
end
