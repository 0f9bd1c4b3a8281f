--[[ zhunt
name: bench_walk
description: the bench walk W1..W5 in one process, printing only counts (bench/run.sh compares them
  with zgrep, bro-cut+mawk, zq and DuckDB)
author: zhunt bench
logs: x509, ssl, conn, notice
args:
  --client VALUE: W4 value (a ja3, or a server_name where ssl has no ja3)
  --client-field FIELD: W4 field of ssl (ja3 or server_name)
  --server VALUE: W5 value (a ja3s, or a cipher where ssl has no ja3s)
  --server-field FIELD: W5 field of ssl (ja3s or cipher)
]]
-- W1 sig_alg profile of x509
-- W2 ids of the SHA1-signed certificates (sig_alg containing "sha1", any case)
-- W3 for those ids: distinct uids of the ssl sessions naming one in their chains,
--    the conn records and the notice records with those uids
-- W4 ssl sessions whose client field = value: sessions, distinct clients, distinct servers
-- W5 the same for the server field
local t0 = os.clock()   -- the load is done: what follows is the warm walk
local f = zeek.flags()
local by_fp = zeek.has_field("x509", "fingerprint")
local idf = by_fp and "fingerprint" or "id"
local chain = by_fp and {"cert_chain_fps", "client_cert_chain_fps"} or {"cert_chain_fuids", "client_cert_chain_fuids"}
local function out(...) print(table.concat({...}, "\t")) end

for _, g in ipairs(zeek.group("x509", "certificate.sig_alg")) do
  out("W1", g.key or "-", g.count)
end

local weak = zeek.find("x509", function(r)
  local a = r["certificate.sig_alg"]
  return a ~= nil and string.lower(a):find("sha1", 1, true) ~= nil
end)
local ids, seen = {}, {}
for _, r in ipairs(weak) do
  local id = r[idf]
  if id ~= nil and not seen[id] then seen[id] = true; ids[#ids + 1] = id end
end
out("W2", #ids)

local uids, useen = {}, {}
for _, id in ipairs(ids) do
  for _, s in ipairs(zeek.pivot(id, {paths = {"ssl"}, fields = chain})) do
    if not useen[s.uid] then useen[s.uid] = true; uids[#uids + 1] = s.uid end
  end
end
local nconn = zeek.count("conn", {uid = uids})      -- any of the uids: one lookup each, in Go
local nnotice = zeek.count("notice", {uid = uids})
out("W3", #uids, nconn, nnotice)

local function fan(tag, field, value)
  local s = zeek.pivot(value, {paths = {"ssl"}, fields = {field}})
  out(tag, #s, #zeek.group(s, "id.orig_h"), #zeek.group(s, "id.resp_h"))
end
fan("W4", f["client-field"], f.client)
fan("W5", f["server-field"], f.server)
print(string.format("warm_walk\t%.0f", (os.clock() - t0) * 1e6))   -- µs of CPU for W1..W5 after the load
