-- tlsutil: helpers shared by the TLS hunts (self_signed, weak_tls, rare_ja3).
--
-- The leaf certificate of a session, whatever the Zeek generation:
--   Bro 2.2          ssl.subject, ssl.issuer_subject, ssl.not_valid_before/after inline; no x509.log
--   Bro 2.3-Zeek 4.0 ssl.subject, ssl.issuer inline; x509 by file id (ssl.cert_chain_fuids[1] = x509.id)
--   Zeek >= 4.1      nothing inline; x509 by SHA256 (ssl.cert_chain_fps[1] = x509.fingerprint)
-- M.leaf(s) prefers the x509 record (it has validity, key type and length) and falls back to the
-- inline ssl fields.
local M = {}

function M.say(fmt, ...) print(string.format(fmt, ...)) end

-- limit(v, default): the row limit from a --top flag value (0 or "all" = no limit).
function M.limit(v, default)
  if v == nil or v == true then return default end
  if v == "all" then return 0 end
  local n = tonumber(v)
  if n == nil or n < 0 then error("--top takes a number (0 = all), got " .. tostring(v)) end
  return math.floor(n)
end

-- show(rows, fields, n): zeek.show the first n rows (n = 0: all), "(none)" for none, and a line
-- saying how many were left out.
function M.show(rows, fields, n, what)
  if #rows == 0 then
    print("   (none)")
    return
  end
  local out = rows
  if n and n > 0 and #rows > n then
    out = {}
    for i = 1, n do out[i] = rows[i] end
  end
  zeek.show(out, fields)
  if #out < #rows then
    M.say("   ... %d more %s not shown (-- --top 0 shows all)", #rows - #out, what or "rows")
  end
end

-- The ssl fields naming the certificate chain in this generation, or nil.
function M.chain_field()
  if zeek.has_field("ssl", "cert_chain_fps") then return "cert_chain_fps" end
  if zeek.has_field("ssl", "cert_chain_fuids") then return "cert_chain_fuids" end
  return nil
end

-- What describes certificates here, as one line for the output.
function M.generation()
  if zeek.has_field("x509", "fingerprint") then
    return "Zeek >= 4.1: leaf = ssl.cert_chain_fps[1] -> x509.fingerprint"
  elseif zeek.has_field("x509", "id") then
    return "Zeek 2.3-4.0: leaf = ssl.cert_chain_fuids[1] -> x509.id (subject/issuer also inline in ssl)"
  elseif zeek.has_field("ssl", "issuer_subject") then
    return "Bro 2.2: no x509.log; subject, issuer_subject and validity inline in ssl"
  elseif zeek.has_field("ssl", "subject") then
    return "Zeek 2.3-4.0 without x509.log: subject/issuer inline in ssl, no validity or key"
  end
  return nil
end

local cache = {}

-- leaf(s): {id=, subject=, issuer=, not_before=, not_after=, key_type=, key_length=, x509=rec|nil}
-- for the session's server (leaf) certificate, or nil and why.
function M.leaf(s)
  local ids = zeek.cert_ids(s)
  local id = ids[1]
  local c
  if id ~= nil then
    c = cache[id]
    if c == nil then
      local x = zeek.cert(id)[1]
      if x ~= nil then
        c = {id = id, x509 = x, subject = x["certificate.subject"], issuer = x["certificate.issuer"],
             not_before = x["certificate.not_valid_before"], not_after = x["certificate.not_valid_after"],
             key_type = x["certificate.key_type"], key_length = x["certificate.key_length"]}
      else
        c = false
      end
      cache[id] = c
    end
    if c then return c end
  end
  -- inline fields (Bro 2.2 to Zeek 4.0)
  local subject = s.subject
  local issuer = s.issuer or s.issuer_subject
  if subject ~= nil or issuer ~= nil then
    return {id = id, subject = subject, issuer = issuer, not_before = s.not_valid_before,
            not_after = s.not_valid_after}
  end
  if id == nil then
    if s.resumed == true then return nil, "resumed" end
    return nil, "no certificate"
  end
  return nil, "not in x509"
end

-- iso(t): ISO text of an epoch time, or "-".
function M.iso(t)
  if t == nil then return "-" end
  return zeek.iso(t)
end

return M
