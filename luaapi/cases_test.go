package luaapi

// Lua-level tests for the pitfall cases in ../testdata/cases: what a hunt
// script sees. Each case loads the case directories into an engine, runs a
// Lua snippet in NewState and compares what it printed. Every expected line
// is a value written in the case's expected.md (cited per case).

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhunt/zhunt/engine"
)

const caseDir = "../testdata/cases"

// luaPrelude defines helpers the snippets share: q renders nil as nil and a
// string quoted, so nil, "" and "-" stay distinct in the output.
const luaPrelude = `
local function q(v)
  if v == nil then return "nil" end
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end
local function one(path, uid)
  local rs = zeek.find(path, {uid = uid})
  if #rs ~= 1 then error(path .. " " .. uid .. ": " .. #rs .. " records") end
  return rs[1]
end
local function sortedgroups(gs)
  local out = {}
  for _, g in ipairs(gs) do out[#out + 1] = q(g.key) .. "=" .. g.count end
  table.sort(out)
  return table.concat(out, " ")
end
`

func TestLuaPitfallCases(t *testing.T) {
	tests := []struct {
		name   string
		dirs   []string
		script string
		want   string
		// diagnosis, for a check zhunt is known to fail: where and why.
		diagnosis string
	}{
		// 01 expected.md:14,17,20,22,26
		{
			name: "01 answers are split before unescaping",
			dirs: []string{"01-set-separator-inside-element"},
			script: `
local r = one("dns", "CnX1r8a2Jt4PqLw0e")
print(#r.answers, r.answers[1], r.answers[2], #r.TTLs)
print(q(one("dns", "CzP0eR6tYw8uIa2Sd").answers))
local n, aligned = 0, true
for _, r in ipairs(zeek.find("dns", nil)) do
  if r.answers then n = n + #r.answers end
  if (r.answers == nil) ~= (r.TTLs == nil) or (r.answers and #r.answers ~= #r.TTLs) then aligned = false end
end
print(n, aligned)`,
			want: "2\tTXT 15 cmd=ls,-la,/tmp\tTXT 5 ok,go\t2\nnil\n5\ttrue\n",
		},
		// 02 expected.md:14-17 (per record), 20-24 (queries), 25-26 (containers)
		{
			name: "02 nil vs empty string vs dash",
			dirs: []string{"02-empty-unset-and-literal-dash"},
			script: `
for _, u in ipairs({"CA1b2C3d4E5f6G7h8", "CH9i8J7k6L5m4N3o2", "Cp1Q2r3S4t5U6v7W8", "CxY9z8A7b6C5d4E3f"}) do
  local r = one("http", u)
  print(u, q(r.user_agent), q(r.username), #r.tags, r.proxied and #r.proxied or "nil")
end
print(zeek.count("http", {user_agent = "-"}), zeek.count("http", {user_agent = zeek.unset}),
  zeek.count("http", {user_agent = "(empty)"}))
print(zeek.count("http", {username = ""}), zeek.count("http", {username = zeek.unset}))
print(sortedgroups(zeek.group("http", "user_agent")))`,
			want: "CA1b2C3d4E5f6G7h8\t\"-\"\t\"\"\t0\tnil\n" +
				"CH9i8J7k6L5m4N3o2\t\"(empty)\"\tnil\t0\tnil\n" +
				"Cp1Q2r3S4t5U6v7W8\tnil\tnil\t0\tnil\n" +
				"CxY9z8A7b6C5d4E3f\t\"curl/8.5.0\"\tnil\t0\t1\n" +
				"1\t1\t1\n" +
				"1\t3\n" +
				"\"(empty)\"=1 \"-\"=1 \"curl/8.5.0\"=1 nil=1\n",
		},
		// 03 expected.md:12-15, 18, 19, 22
		{
			name: "03 markers from the file's header",
			dirs: []string{"03-custom-header-markers"},
			script: `
for _, u in ipairs({"Cq7Wm2Lx9Pz4Rt6Yu", "CeR5tY7uI9oP1aS3d", "Cf6Gh8Jk0Lz2Xc4Vb", "Cn1Mb3Vc5Xz7Lk9Jh"}) do
  local r = one("http", u)
  print(u, q(r.user_agent), q(r.username), r.proxied and #r.proxied or "nil")
end
print(zeek.count("http", {user_agent = "-"}), zeek.count("http", {user_agent = "NULL"}), zeek.count("http", {user_agent = zeek.unset}))`,
			want: "Cq7Wm2Lx9Pz4Rt6Yu\t\"-\"\tnil\tnil\n" +
				"CeR5tY7uI9oP1aS3d\t\"NULL\"\t\"\"\tnil\n" +
				"Cf6Gh8Jk0Lz2Xc4Vb\t\"Mozilla/5.0\"\tnil\t2\n" +
				"Cn1Mb3Vc5Xz7Lk9Jh\tnil\t\"(empty)\"\tnil\n" +
				"1\t1\t1\n",
		},
		// 05 expected.md:13,15,16,19
		{
			name: "05 diagnostics seen from Lua",
			dirs: []string{"05-row-with-wrong-field-count"},
			script: `
for _, d in ipairs(zeek.diagnostics()) do print(d.severity, d.file:match("[^/]+$"), d.line) end
print(zeek.count("dns", nil))`,
			want: "warning\tdns.log\t11\nerror\tdns.log\t13\n4\n",
		},
		// 10 expected.md:16-22 (values), 25 (range), 33, 37, 38
		{
			name:   "10 epoch: rec.ts comparisons",
			dirs:   []string{"10-json-time-formats/epoch"},
			script: lua10,
			want:   want10,
		},
		{
			name:   "10 iso8601: rec.ts comparisons",
			dirs:   []string{"10-json-time-formats/iso8601"},
			script: lua10,
			want:   want10,
		},
		// 10 expected.md:24 (both together), 25 (2 per directory), 31-32
		{
			name: "10 both: equal ts across formats",
			dirs: []string{"10-json-time-formats/epoch", "10-json-time-formats/iso8601"},
			script: `
local lo, hi = zeek.time("2024-03-05T10:00:00Z"), zeek.time("2024-03-05T10:05:00Z")
local per = {}
for _, r in ipairs(zeek.find("conn", function(r) return r.ts >= lo and r.ts <= hi end)) do
  local f = r:source()
  local d = f:match("([^/]+)/[^/]+$")
  per[d] = (per[d] or 0) + 1
end
print("epoch", per.epoch, "iso8601", per.iso8601)
local p = zeek.pivot("CaB1cD2eF3gH4iJ5k")
print(#p, p[1].ts == p[2].ts, zeek.iso(p[1].ts))
for _, u in ipairs({"CkL6mN7oP8qR9sT0u", "CvW1xY2zA3bC4dE5f"}) do
  local rs = zeek.find("conn", {uid = u})
  print(#rs, rs[1].ts == rs[2].ts, zeek.iso(rs[1].ts))
end`,
			want: "epoch\t2\tiso8601\t2\n" +
				"2\ttrue\t2024-03-05T10:00:00.123456Z\n" +
				"2\ttrue\t2024-03-05T10:01:52.500000Z\n" +
				"2\ttrue\t2024-03-05T10:05:00.000001Z\n",
		},
		// 14 expected.md:12, 16-17, 19-20 (exact via rec:exact and string filters)
		{
			name: "14 exact counts via rec:exact",
			dirs: []string{"14-uint64-beyond-float-precision"},
			script: `
local r = one("conn", "CbH2nJ4mK6lP8oI0u")
print(r:exact("orig_bytes"), r:exact("resp_bytes"))
print(zeek.find("stats", nil)[1]:exact("pkts_dropped"))
print(zeek.count("conn", {orig_bytes = "9007199254740993"}), #zeek.group("conn", "orig_bytes"))
-- exact "> 2^53" on the decimal text: longer is larger, else compare bytes
local function gt(a, b) if #a ~= #b then return #a > #b end return a > b end
print(zeek.count("conn", function(r) return gt(r:exact("orig_bytes"), "9007199254740992") end))`,
			want: "9007199254740993\t18446744073709551615\n" +
				"18446744073709551612\n" +
				"1\t2\n" +
				"1\n",
		},
		// 14 expected.md:19: "conn where orig_bytes > 9007199254740992 -> 1;
		// with float compare it is 0". Counts reach Lua as doubles (luaapi
		// doc), so a hunt asks for the exact comparison in the filter, which
		// Go evaluates on the stored uint64: with the bound as a string or as
		// a number (2^53 itself is exact as a double).
		{
			name: "14 orig_bytes > 2^53 in a find filter",
			dirs: []string{"14-uint64-beyond-float-precision"},
			script: `print(zeek.count("conn", {orig_bytes = {gt = "9007199254740992"}}),
      zeek.count("conn", {orig_bytes = {gt = 9007199254740992}}),
      zeek.count("stats", {pkts_dropped = {ge = "18446744073709551612"}}))`,
			want: "1\t1\t1\n",
		},
		// 14 expected.md:13-17: max/min pkts_dropped, sum(pkts_link) exactly
		// 36893488147419103230 (not a wrapped uint64), sum(orig_bytes)
		// 9007199254740994.
		{
			name: "14 exact aggregates",
			dirs: []string{"14-uint64-beyond-float-precision"},
			script: `local s = zeek.stats("stats", "pkts_dropped")
print(s.max_exact, s.min_exact)
print(zeek.stats("stats", "pkts_link").sum_exact, zeek.stats("conn", "orig_bytes").sum_exact)`,
			want: "18446744073709551612\t3\n36893488147419103230\t9007199254740994\n",
		},
		// 15 expected.md:17: min over all exploded TTLs -1.0, max 300.0
		{
			name:   "15 stats over a vector of intervals",
			dirs:   []string{"15-negative-intervals"},
			script: `local s = zeek.stats("dns", "TTLs"); print(s.min, s.max, s.n)`,
			want:   "-1\t300\t4\n",
		},
		// 15 expected.md:11-13, 16
		{
			name: "15 negative intervals reach Lua",
			dirs: []string{"15-negative-intervals"},
			script: `
print(zeek.count("dns", nil), zeek.count("ntp", nil))
local t = one("dns", "CwQ2eR4tY6uI8oP0s").TTLs
print(#t, t[1], t[2], q(one("dns", "CdF6gH8jK0lZ2xC4v").TTLs))
print(zeek.count("dns", function(r) if not r.TTLs then return false end
  for _, v in ipairs(r.TTLs) do if v < 0 then return true end end return false end))
print(zeek.find("ntp", nil)[1].root_delay == -0.000015)`,
			want: "4\t1\n2\t-1\t300\tnil\n2\ntrue\n",
		},
		// 17 expected.md:16, 18, 22, 23, 24, 26
		{
			name: "17 cert pivot by fingerprint",
			dirs: []string{"17-x509-dedup-and-cert-pivot"},
			script: `
local L1 = "6de7dd923f59c995bb73bf5875b2cfe2ada0c4aad205f36a60a2dd4a8f64cf1d"
local I1 = "1e2d226288002a86758a7fffca8be5eb39c66cb722b7c9f842ea0f76e4e1d094"
print(#zeek.cert(L1), #zeek.pivot(L1, {paths = {"ssl"}}), #zeek.pivot(I1, {paths = {"ssl"}}))
local s = one("ssl", "CtL3kk0Ll1Mm2Nn3O")
print(zeek.cert(zeek.cert_ids(s)[1])[1].fingerprint == L1)
local r5 = one("ssl", "CtL5uu8Vv9Ww0Xx1Y")
print(type(r5.cert_chain_fps), #r5.cert_chain_fps)
local paths = {}
for _, r in ipairs(zeek.pivot("CtL4pp4Qq5Rr6Ss7T")) do paths[#paths + 1] = r._path end
print(table.concat(paths, ","), zeek.count("x509", nil))`,
			want: "1\t3\t4\ntrue\ntable\t0\nconn,ssl,notice\t3\n",
		},
		// 19 expected.md:12-13, 17
		{
			name: "19 fuid links from Lua",
			dirs: []string{"19-ssl-x509-via-fuid-old-schema"},
			script: `
local n = {}
for _, r in ipairs(zeek.chain("CoLd1Ss2Ll3Tt4Uu5")) do n[r._path] = (n[r._path] or 0) + 1 end
print(n.conn, n.ssl, n.files, n.x509)
local s = zeek.pivot("FbLeaf02Gg8Hh9Ii0", {paths = {"ssl"}})
print(#s, s[1].uid, #zeek.pivot(s[1].uid, {paths = {"conn"}}))
print(#zeek.cert_ids(one("ssl", "CoLd1Ss2Ll3Tt4Uu5")))`,
			want: "1\t1\t2\t2\n1\tCoLd6Vv7Ww8Xx9Yy0\t1\n2\n",
		},
		// 23 expected.md:11, 13, 14, 15, 17
		{
			name: "23 history byte-for-byte",
			dirs: []string{"23-conn-history-is-case-sensitive"},
			script: `
local r = zeek.find("conn", {history = "ShR"})[1]
print(r.history, r.history == "ShR", r.history ~= "Shr", zeek.count("conn", {history = "Shr"}))
print(zeek.count("conn", function(r) return string.find(r.history, "r", 1, true) ~= nil end),
  zeek.count("conn", function(r) return string.find(r.history, "R", 1, true) ~= nil end),
  zeek.count("conn", function(r) return r.history:sub(1, 1) == "^" end))
print(one("conn", "CsA6hD7dD8eE9fF0g").history, #zeek.group("conn", "history"))
print(sortedgroups(zeek.group("conn", "history")))`,
			want: "ShR\ttrue\ttrue\t1\n" +
				"2\t1\t1\n" +
				"^d\t5\n" +
				"\"ShADadFf\"=2 \"ShR\"=1 \"Shr\"=1 \"Sr\"=1 \"^d\"=1\n",
		},
		// 26 expected.md:19-21
		{
			name: "26 non-Zeek files reported once each",
			dirs: []string{"26-file-naming-and-non-zeek-files/logs"},
			script: `
local names = {}
for _, d in ipairs(zeek.diagnostics()) do
  names[#names + 1] = d.severity .. " " .. d.file:match("[^/]+$") .. " " .. tostring(d.message:find("not a Zeek log", 1, true) ~= nil)
end
table.sort(names)
for _, n in ipairs(names) do print(n) end
print(zeek.count("conn", nil), zeek.count("dns", nil), zeek.count("http", nil))`,
			want: "note conn-summary.10:00:00-11:00:00.log.gz true\n" +
				"note stderr.log true\n" +
				"note stdout.log true\n" +
				"3\t2\t2\n",
		},
		// 27 expected.md:15-19
		{
			name: "27 table[string] and absent columns",
			dirs: []string{"27-early-bro2-headers"},
			script: `
print(zeek.count("conn", nil), #one("conn", "Hj3VbX6cL9p").tunnel_parents, one("conn", "Rq5TzW8nM2c").tunnel_parents[1])
local old = one("conn", "Xk2mQ9pLr4T")
print(q(old.local_resp), q(old.tunnel_parents), #zeek.pivot("Xk2mQ9pLr4T"))`,
			want: "4\t0\tHj3VbX6cL9p\nnil\tnil\t1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runCase(t, tt.dirs, tt.script)
			if err != nil {
				t.Fatalf("Lua error: %v\noutput so far:\n%s", err, got)
			}
			if got != tt.want {
				t.Errorf("output:\ngot:\n%s\nwant:\n%s\n%s", got, tt.want, tt.diagnosis)
			}
		})
	}
}

// lua10 runs case 10's per-directory queries.
const lua10 = `
local lo, hi = zeek.time("2024-03-05T10:00:00Z"), zeek.time("2024-03-05T10:05:00Z")
local ids = {}
for _, r in ipairs(zeek.find("conn", function(r) return r.ts >= lo and r.ts <= hi end)) do ids[#ids + 1] = r.uid end
print(#ids, table.concat(ids, ","))
print(zeek.iso(one("conn", "CvW1xY2zA3bC4dE5f").ts))
local y2031, y1970 = zeek.time("2031-01-01T00:00:00Z"), zeek.time("1970-01-01T00:00:00Z")
print(zeek.count("x509", function(r) return r["certificate.not_valid_after"] < y2031 end),
  zeek.count("x509", function(r) return r["certificate.not_valid_before"] < y1970 end))
local b = zeek.find("x509", {["certificate.subject"] = "CN=clock-skew.example.net"})[1]
local a = zeek.find("x509", {["certificate.subject"] = "CN=legacy-root.example.com"})[1]
print(zeek.iso(b["certificate.not_valid_before"]), b["certificate.not_valid_before"] == -0.4)
print(zeek.iso(a["certificate.not_valid_before"]), zeek.iso(a["certificate.not_valid_after"]), a["certificate.not_valid_after"] == 253402300799)
print(zeek.count("conn", {ts = zeek.unset}))`

const want10 = "2\tCaB1cD2eF3gH4iJ5k,CkL6mN7oP8qR9sT0u\n" +
	"2024-03-05T10:05:00.000001Z\n" +
	"2\t2\n" +
	"1969-12-31T23:59:59.600000Z\ttrue\n" +
	"1960-01-01T00:00:00.000000Z\t9999-12-31T23:59:59.000000Z\ttrue\n" +
	"0\n"

// runCase loads dirs (relative to caseDir) and runs script after the prelude,
// returning what it printed.
func runCase(t *testing.T, dirs []string, script string) (string, error) {
	t.Helper()
	eng := engine.New()
	paths := make([]string, len(dirs))
	for i, d := range dirs {
		paths[i] = filepath.Join(caseDir, d)
	}
	if _, err := eng.Load(context.Background(), paths...); err != nil {
		t.Fatalf("Load(%v): %v", paths, err)
	}
	var buf bytes.Buffer
	L := NewState(eng, Options{Stdout: &buf})
	defer L.Close()
	err := L.DoString(luaPrelude + strings.TrimLeft(script, "\n"))
	return buf.String(), err
}
