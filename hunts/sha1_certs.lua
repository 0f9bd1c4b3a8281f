--[[ zhunt
name: sha1_certs
description: certificates signed with SHA-1 or MD5, the TLS sessions that presented them, and each
  session's records in conn, ssl, x509, files and notice
author: zhunt
references: https://shattered.io/, https://www.win.tue.nl/hashclash/rogue-ca/,
  https://docs.zeek.org/en/master/logs/x509.html
attack: T1587.003, T1588.004, T1573.002
logs: x509, ssl, conn, files, notice
args:
  --max-sessions N: chains shown per certificate (default 3; 0 = all)
]]
-- What it looks for
--   x509 certificates whose signature algorithm uses SHA-1 or MD5 (sha1WithRSAEncryption,
--   ecdsa-with-SHA1, dsaWithSHA1, md5WithRSAEncryption, ...), then every TLS session that
--   presented one, and each session's records in conn, ssl, x509, files and notice.
--
-- Why it matters
--   SHA-1 and MD5 signatures can be forged (SHAttered 2017, the 2008 rogue MD5 CA); public CAs
--   stopped issuing them years ago. A SHA-1/MD5 certificate today means an old appliance, a
--   self-made or intercepting certificate, or malware infrastructure: each worth a look.
--
-- How it links (both Zeek generations)
--   Zeek < 4.1 names a certificate by its file id: x509.id = files.fuid = an element of
--   ssl.cert_chain_fuids, and notice.fuid points at it too.
--   Zeek >= 4.1 names it by SHA256: x509.fingerprint = an element of ssl.cert_chain_fps;
--   notice.fuid then links to nothing, so notices are reached through the session's uid.
--
-- How to read the output
--   1. The signature-algorithm profile of every x509 record.
--   2. The weak certificates, one row per distinct certificate (an old Zeek logs each
--      sighting as its own x509 record; "sightings" counts them).
--   3. Per weak certificate: how many sessions presented it and the notices reached through
--      them, a client/server table, then the chain of each session (sessions with notices
--      first): conn, ssl, x509, files, notice, then other logs naming the uid.
--      Lines starting with "!" say where a link cannot resolve and why.
--   4. Findings: one per certificate that sessions presented; medium when Zeek raised a
--      notice on a session or the certificate is self-signed, low otherwise.

local flags = zeek.flags()
local max_sessions = tonumber(flags["max-sessions"] or "3")

local function say(fmt, ...) print(string.format(fmt, ...)) end

local function is_weak(alg)
  if alg == nil then return false end
  local a = string.lower(alg)
  -- sha1WithRSAEncryption, ecdsa-with-SHA1, dsaWithSHA1, shaWithRSAEncryption and dsaWithSHA
  -- (SHA-0/1 OID names), md5WithRSAEncryption, md4 and md2: never sha224/256/384/512.
  return a:find("sha1", 1, true) ~= nil or a:find("sha-1", 1, true) ~= nil
      or a:find("md5", 1, true) ~= nil or a:find("md4", 1, true) ~= nil or a:find("md2", 1, true) ~= nil
      or a:sub(1, 7) == "shawith" or a == "dsawithsha"
end

if not zeek.has_field("x509", "certificate.sig_alg") then
  say("! no x509 log with certificate.sig_alg is loaded: nothing to profile.")
  say("!   (Bro 2.2 and earlier have no x509.log; their ssl.log holds subject/issuer inline.)")
  return
end

say("== 1. Certificate signature algorithms (x509 records)")
local profile = zeek.group("x509", "certificate.sig_alg")
zeek.show(profile)

-- Judge each distinct algorithm once, then fetch its records with an exact
-- filter (matched in Go): no Lua call per x509 record.
local weak_algs = {}
for _, g in ipairs(profile) do
  if is_weak(g.key) then weak_algs[#weak_algs + 1] = g.key end
end
local weak = #weak_algs > 0 and zeek.find("x509", {["certificate.sig_alg"] = weak_algs}) or {}
local by_fp = zeek.has_field("x509", "fingerprint")
local id_field = by_fp and "fingerprint" or "id"

-- One certificate, many x509 records: Zeek < 4.1 logs every sighting under a
-- new file id, and Zeek without deduplication repeats a fingerprint. Group the
-- records by what names the certificate itself: the fingerprint, or the
-- issuer and serial number.
local certs, by_key = {}, {}
for _, r in ipairs(weak) do
  local key = by_fp and r.fingerprint
      or ((r["certificate.issuer"] or "?") .. "\0" .. (r["certificate.serial"] or r.id or "?"))
  local c = by_key[key]
  if c == nil then
    c = {first = r, ids = {}, seen = {}, records = 0}
    by_key[key] = c
    certs[#certs + 1] = c
  end
  c.records = c.records + 1
  local cid = r[id_field]
  if cid ~= nil and not c.seen[cid] then
    c.seen[cid] = true
    c.ids[#c.ids + 1] = cid
  end
end

say("")
say("== 2. Certificates signed with SHA-1 or MD5: %d x509 records, %d distinct certificates", #weak, #certs)
if #weak == 0 then return end
local rows = {}
for _, c in ipairs(certs) do
  local r = c.first
  rows[#rows + 1] = {
    [id_field] = c.ids[1],
    sightings = c.records,
    sig_alg = r["certificate.sig_alg"],
    subject = r["certificate.subject"],
    issuer = r["certificate.issuer"],
    self_signed = (r["certificate.subject"] ~= nil and r["certificate.subject"] == r["certificate.issuer"]) and "yes" or "no",
    not_valid_after = r["certificate.not_valid_after"] and zeek.iso(r["certificate.not_valid_after"]) or nil,
  }
end
zeek.show(rows, {id_field, "sightings", "sig_alg", "self_signed", "not_valid_after", "subject", "issuer"})

local chain_fields = by_fp and {"cert_chain_fps", "client_cert_chain_fps"}
                            or {"cert_chain_fuids", "client_cert_chain_fuids"}
local have_ssl = false
for _, f in ipairs(chain_fields) do
  if zeek.has_field("ssl", f) then have_ssl = true end
end

say("")
say("== 3. Sessions and their chains")
if by_fp then
  say("   (Zeek >= 4.1: certificates by SHA256 fingerprint; notices reached through the session uid,")
  say("    because notice.fuid links to nothing in this generation)")
else
  say("   (Zeek < 4.1: certificates by file id; ssl.cert_chain_fuids, files.fuid and notice.fuid link)")
end
if not have_ssl then
  say("! ssl.log with %s is not loaded: the sessions cannot be found.", table.concat(chain_fields, "/"))
end
local have_conn = zeek.has_field("conn", "uid")
local have_notice = zeek.has_field("notice", "uid")
if not have_conn then
  say("! conn.log is not loaded: sessions are shown from ssl onwards.")
end
if not have_notice then
  say("! notice.log is not loaded: no notices can be shown.")
end

for _, c in ipairs(certs) do
  local cert = c.first
  say("")
  say("-- certificate %s  %s  (%s)", c.ids[1], cert["certificate.subject"] or "-", cert["certificate.sig_alg"])
  if #c.ids > 1 then
    say("   the same certificate under %d ids: %s", #c.ids, table.concat(c.ids, " "))
  end
  -- Every session that presented the certificate, under any of its ids.
  -- A masked uid (XXXXXXXXXXX in test baselines) names nothing: count such
  -- sessions by where they stand in the file, and do not follow their uid.
  local sessions, seen_uid, masked_uids = {}, {}, 0
  for _, cid in ipairs(c.ids) do
    for _, s in ipairs(zeek.pivot(cid, {paths = {"ssl"}, fields = chain_fields})) do
      local key = s.uid
      if key == nil or key:match("^X+$") then
        local file, line = s:source()
        key = file .. ":" .. line
        masked_uids = masked_uids + 1
      end
      if not seen_uid[key] then
        seen_uid[key] = true
        sessions[#sessions + 1] = s
      end
    end
  end
  if masked_uids > 0 then
    say("! %d sessions have a masked uid (as in test baselines): their conn, notice and other records", masked_uids)
    say("!   cannot be found, so no chains are shown for them.")
  end
  if have_ssl and #sessions == 0 then
    say("! no ssl session names this certificate (the chain ids may be cut by rotation, or")
    say("!   only the leaf is logged: protocols/ssl/log-hostcerts-only)")
  end
  if not by_fp then
    local files, by_fuid = 0, 0
    for _, cid in ipairs(c.ids) do
      files = files + #zeek.pivot(cid, {paths = {"files"}, fields = {"fuid"}})
      by_fuid = by_fuid + #zeek.pivot(cid, {paths = {"notice"}, fields = {"fuid"}})
    end
    if not zeek.has_field("files", "fuid") then
      say("! files.log is not loaded: the certificate's file records cannot be shown")
    elseif files == 0 then
      say("! files.log has no record with these file ids")
    end
    say("   notices naming the certificate by fuid: %d", by_fuid)
  end
  -- Sessions with notices first: they are where Zeek already saw something wrong.
  local noticed, quiet, notice_count = {}, {}, 0
  for _, s in ipairs(sessions) do
    local masked_uid = s.uid == nil or s.uid:match("^X+$") ~= nil
    local n = (have_notice and not masked_uid) and #zeek.pivot(s.uid, {paths = {"notice"}, fields = {"uid"}}) or 0
    notice_count = notice_count + n
    if n > 0 then noticed[#noticed + 1] = s else quiet[#quiet + 1] = s end
  end
  say("   sessions: %d   notices through their uids: %d", #sessions, notice_count)
  if #sessions > 0 then
    local pairs_ = zeek.group(sessions, {"id.orig_h", "id.resp_h", "id.resp_p", "server_name"})
    local prow = {}
    for _, g in ipairs(pairs_) do
      prow[#prow + 1] = {client = g.keys[1], server = g.keys[2], port = g.keys[3], server_name = g.keys[4],
                         sessions = g.count}
    end
    zeek.show(prow, {"client", "server", "port", "server_name", "sessions"})
  end
  local ordered = noticed
  for _, s in ipairs(quiet) do ordered[#ordered + 1] = s end
  local chainable = {}
  for _, s in ipairs(ordered) do
    if s.uid ~= nil and not s.uid:match("^X+$") then chainable[#chainable + 1] = s end
  end
  ordered = chainable
  for i, s in ipairs(ordered) do
    if max_sessions > 0 and i > max_sessions then
      say("   ... chains of %d more sessions not shown (-- --max-sessions 0 shows all)", #ordered - max_sessions)
      break
    end
    say("")
    say("   chain of session %s", s.uid)
    zeek.show(zeek.chain(s.uid))
  end
  if #sessions > 0 then
    zeek.report{
      severity = (notice_count > 0 or cert["certificate.subject"] == cert["certificate.issuer"]) and "medium" or "low",
      title = string.format("%s certificate %s", cert["certificate.sig_alg"], cert["certificate.subject"] or c.ids[1]),
      records = sessions,
      certificate = c.ids[1],
      notices = notice_count,
    }
  end
end
