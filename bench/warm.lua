--[[ zhunt
name: bench_warm
description: warm timings after load: 100 uid pivots (median, p90 µs) and a group of x509 by
  certificate.sig_alg, measured with os.clock (process CPU time; the hunt is single-threaded)
author: zhunt bench
logs: ssl, conn, x509
]]
local function median(t)
  table.sort(t)
  return t[math.floor((#t + 1) / 2)], t[math.floor(#t * 0.9 + 0.5)]
end
local ssl = zeek.find("ssl", function(r) return true end)
local uids, seen = {}, {}
-- 100 distinct uids spread over the whole ssl log
local step = math.max(1, math.floor(#ssl / 100))
for i = 1, #ssl, step do
  local u = ssl[i].uid
  if u and not seen[u] then seen[u] = true; uids[#uids + 1] = u end
  if #uids == 100 then break end
end
local us, hits = {}, 0
for _, u in ipairs(uids) do
  local t0 = os.clock()
  local r = zeek.pivot(u)
  us[#us + 1] = (os.clock() - t0) * 1e6
  hits = hits + #r
end
local med, p90 = median(us)
print(string.format("warm_pivot\t%d\t%.1f\t%.1f\t%d", #uids, med, p90, hits))
local gs = {}
local ng = 0
for i = 1, 5 do
  local t0 = os.clock()
  ng = #zeek.group("x509", "certificate.sig_alg")
  gs[#gs + 1] = (os.clock() - t0) * 1e6
end
local gmed = median(gs)
print(string.format("warm_group\t%d\t%.1f\t%d", 5, gmed, ng))
local ss = {}
for i = 1, 5 do
  local t0 = os.clock()
  zeek.find("x509", {["certificate.sig_alg"] = "sha1WithRSAEncryption"})
  ss[#ss + 1] = (os.clock() - t0) * 1e6
end
print(string.format("warm_find\t%d\t%.1f", 5, (median(ss))))
