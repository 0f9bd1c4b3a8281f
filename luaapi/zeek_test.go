package luaapi

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/render"
)

// newWalk loads the hand-made walk fixture (testdata/walk, README there).
// Expected values below are read off its files with grep/cut, or come from
// testdata/expected/walk-*.txt (bro-cut + mawk); each case says which.
func newWalk(t *testing.T, format render.Format, args ...string) (*lua.LState, *bytes.Buffer) {
	t.Helper()
	eng := engine.New()
	if _, err := eng.Load(context.Background(), "../testdata/walk"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	L := NewState(eng, Options{Stdout: &out, Format: format, Args: args})
	t.Cleanup(L.Close)
	return L, &out
}

func TestZeekAPI(t *testing.T) {
	tests := []struct {
		name string
		lua  string
		want string // printed output
	}{
		// grep -vc '^#' testdata/walk/{conn,ssl,x509}.log: 16, 9, 8
		{"LogsAndCounts", `for _, l in ipairs(zeek.logs()) do print(l.path, l.records) end`,
			"conn\t16\ndns\t5\nfiles\t14\nnotice\t2\nssl\t9\nx509\t8\n"},
		{"FieldsTyped", `local f = zeek.fields("ssl"); print(f[1].name, f[1].type, f[2].name, f[2].type)`,
			"ts\ttime\tuid\tstring\n"},
		// ssl.log rows with id.orig_h 192.0.2.10 (cut -f3): 3
		{"FindByValue", `print(#zeek.find("ssl", {["id.orig_h"] = "192.0.2.10"}))`, "3\n"},
		{"FindAnyOf", `print(zeek.count("ssl", {["id.orig_h"] = {"192.0.2.10", "192.0.2.11"}}))`, "6\n"},
		// the bounded string calls still do their ordinary work
		{"BoundedCallsWork", `print(string.format("%5.2f|%-4s|%%|%03d", 3.14159, "x", 7), (("x y"):gsub("(%w)", "<%1>")), (("a-b"):gsub("-", {["-"] = "+"})), table.concat({1, "b", 3}, ","))`,
			" 3.14|x   |%|007\t<x> <y>\ta+b\t1,b,3\n"},
		{"IOStdoutChains", `io.write("a"):write("b"); io.stdout:write("c", 1):write("\n"); io.stdout:flush()`, "abc1\n"},
		// any of none: nothing (a join whose key list came out empty)
		{"FindAnyOfNone", `print(zeek.count("ssl", {uid = {}}), zeek.count("ssl", {uid = {}, ["id.resp_p"] = 443}))`, "0\t0\n"},
		{"FindTwoConditions", `print(zeek.count("ssl", {["id.orig_h"] = "192.0.2.11", ["id.resp_h"] = "203.0.113.40"}))`, "1\n"},
		{"FindNumber", `print(zeek.count("ssl", {["id.resp_p"] = 8443}))`, "2\n"},
		{"FindFunction", `print(zeek.count("ssl", function(r) return r["id.resp_p"] == 443 end))`, "7\n"},
		{"FindAllLogs", `print(zeek.count("*", {uid = "Cv72V4sYGURwuEO1V"}))`, "3\n"},
		// bro-cut + awk over testdata/walk: id.resp_p in [443, 8443): 7; server_name
		// ending legacy.example.com: 2, containing "self": 2; conn ts in
		// [1552557731, 1552557804): 7; ja3 other than 9a7b…: 3; orig_bytes > 1000: 6
		{"FindRange", `print(zeek.count("ssl", {["id.resp_p"] = {ge = 443, lt = 8443}}))`, "7\n"},
		{"FindSuffixContains", `print(zeek.count("ssl", {server_name = {suffix = "legacy.example.com"}}), zeek.count("ssl", {server_name = {contains = "self"}}))`, "2\t2\n"},
		{"FindTimeRange", `print(zeek.count("conn", {ts = {ge = 1552557731, lt = "2019-03-14T10:03:24Z"}}))`, "7\n"},
		{"FindNe", `print(zeek.count("ssl", {ja3 = {ne = "9a7bff228003fda282cbd76daafcf6b5"}}))`, "3\n"},
		{"FindCountGt", `print(zeek.count("conn", {orig_bytes = {gt = 1000}}), zeek.count("conn", {orig_bytes = {gt = "1000"}}))`, "6\t6\n"},
		{"FindUnset", `print(zeek.count("ssl", {server_name = zeek.unset}))`, "0\n"},
		{"CaseSensitive", `print(zeek.count("ssl", {["id.orig_h"] = "192.0.2.10 "}), zeek.count("notice", {note = "ssl::invalid_server_cert"}))`, "0\t0\n"},
		// the self-signed session: conn, ssl, notice name its uid; files by conn_uids
		{"PivotOrder", `for _, r in ipairs(zeek.pivot("Cv72V4sYGURwuEO1V")) do print(r._path) end`,
			"conn\nssl\nfiles\nnotice\n"},
		{"PivotPaths", `print(#zeek.pivot("Cv72V4sYGURwuEO1V", {paths = {"ssl", "notice"}}))`, "2\n"},
		{"PivotFields", `print(#zeek.pivot("192.0.2.10", {paths = {"ssl"}, fields = {"id.orig_h"}}))`, "3\n"},
		{"PivotMissing", `print(#zeek.pivot("no-such-value"))`, "0\n"},
		// walk-sha1-chain.txt: FjYkvEd8IBW7T0P7jo has one files row, one ssl, one conn, one notice
		{"Chain", `for _, r in ipairs(zeek.chain("Cv72V4sYGURwuEO1V")) do print(r._path, r.uid or r.fuid or r.id) end`,
			"conn\tCv72V4sYGURwuEO1V\nssl\tCv72V4sYGURwuEO1V\nx509\tFjYkvEd8IBW7T0P7jo\nfiles\tFjYkvEd8IBW7T0P7jo\nnotice\tCv72V4sYGURwuEO1V\n"},
		{"Cert", `local c = zeek.cert("FjYkvEd8IBW7T0P7jo"); print(#c, c[1]["certificate.sig_alg"])`, "1\tsha1WithRSAEncryption\n"},
		{"CertIDs", `local s = zeek.find("ssl", {uid = "CoHgqkuPMOwyYRy01d"})[1]; print(table.concat(zeek.cert_ids(s), ","))`,
			"Ftr7a0kcRVdvmUjGyW,FGKbtUDhE8RiDxhFTP\n"},
		// walk-x509-sig_alg.txt: 4 sha1, 3 sha256, 1 md5
		{"GroupOneKey", `for _, g in ipairs(zeek.group("x509", "certificate.sig_alg")) do print(g.key, g.count) end`,
			"sha1WithRSAEncryption\t4\nsha256WithRSAEncryption\t3\nmd5WithRSAEncryption\t1\n"},
		// walk-ja3-clients.txt: 9a7b… 2 clients 6 records; 0171… 2/2; 42e0… 1/1
		{"GroupDistinct", `for _, g in ipairs(zeek.group("ssl", "ja3", {distinct = "id.orig_h"})) do print(g.key, g.count, g.distinct) end`,
			"9a7bff228003fda282cbd76daafcf6b5\t6\t2\n017123413c2950c5d9c67447a86bed69\t2\t2\n42e0a3b65828d5d7c77fd1f22fa61005\t1\t1\n"},
		{"GroupRecords", `local g = zeek.group(zeek.find("ssl", {["id.resp_h"] = "203.0.113.40"}), {"id.orig_h", "id.resp_p"}); print(#g, g[1].keys[2], g[1].count)`,
			"2\t8443\t1\n"},
		// bro-cut cert_chain_fuids < ssl.log | tr , '\n': 14 elements, and one resumed session whose chain is unset
		{"GroupExplode", `local n, unset = 0, 0; for _, g in ipairs(zeek.group("ssl", "cert_chain_fuids", {explode = true})) do if g.key == nil then unset = unset + g.count else n = n + g.count end end; print(n, unset)`,
			"14\t1\n"},
		{"RecordFields", `local r = zeek.find("conn", {uid = "Cv72V4sYGURwuEO1V"})[1]; print(r._path, r.uid, r["id.resp_p"], r.proto, r.ts, r.nosuch)`,
			"conn\tCv72V4sYGURwuEO1V\t8443\ttcp\t1552557731.003877\tnil\n"},
		{"RecordContainer", `local r = zeek.find("ssl", {uid = "CoHgqkuPMOwyYRy01d"})[1]; print(type(r.cert_chain_fuids), #r.cert_chain_fuids)`,
			"table\t2\n"},
		// grep -n Cv72V4sYGURwuEO1V testdata/walk/conn.log: line 13
		{"RecordExactAndSource", `local r = zeek.find("conn", {uid = "Cv72V4sYGURwuEO1V"})[1]; local f, l = r:source(); print(r:exact("ts"), f, l)`,
			"1552557731.003877\t../testdata/walk/conn.log\t13\n"},
		{"RecordToTable", `local t = zeek.find("notice", {uid = "Cv72V4sYGURwuEO1V"})[1]:totable(); print(t._path, t.note)`,
			"notice\tSSL::Invalid_Server_Cert\n"},
		{"RecordEquality", `local a = zeek.find("ssl", {uid = "Cv72V4sYGURwuEO1V"})[1]; local b = zeek.pivot("Cv72V4sYGURwuEO1V", {paths = {"ssl"}})[1]; print(a == b)`,
			"true\n"},
		{"Time", `print(zeek.time("2019-03-14T10:02:11.003877Z"), zeek.iso(1552557731.003877))`,
			"1552557731.003877\t2019-03-14T10:02:11.003877Z\n"},
		{"Diagnostics", `print(#zeek.diagnostics())`, "0\n"},
		// grep -vc '^#' testdata/walk/*.log: conn 16, files 14, ssl 9, x509 8, dns 5, notice 2
		{"PathField", `print(zeek.count("*", {_path = "conn"}), zeek.count("*", {_path = {"ssl", "x509"}}))`, "16\t17\n"},
		{"GroupByPath", `for _, g in ipairs(zeek.group("*", "_path")) do io.write(g.key, "=", g.count, " ") end`,
			"conn=16 files=14 ssl=9 x509=8 dns=5 notice=2 "},
		{"ShowJSONNonFinite", `zeek.show({{a = 1/0, b = 0/0, c = zeek.unset, d = 1}})`, "a    b    c  d\ninf  nan  -  1\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, out := newWalk(t, render.Table)
			if err := L.DoString(tc.lua); err != nil {
				t.Fatalf("%s: %v", tc.lua, err)
			}
			if got := out.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestZeekAPI_Errors(t *testing.T) {
	tests := []struct {
		name, lua, want string
	}{
		{"UnknownFilterField", `zeek.find("ssl", {ja5 = "x"})`, `ssl has no field "ja5"`},
		{"UnknownGroupKey", `zeek.group("x509", "certificate.nosuch")`, `x509 has no field "certificate.nosuch"`},
		{"GetUnknownField", `zeek.find("ssl", {})[1]:get("nosuch")`, `ssl has no field "nosuch"`},
		{"BadFilter", `zeek.find("ssl", 42)`, "filter must be a table or a function"},
		{"ListAndOperators", `zeek.find("ssl", {uid = {"C1", "C2", gt = "x"}})`,
			"filter uid: give either a list of values (any of) or operators (all of), not both"},
		{"FilterFunctionErrorOnce", `zeek.find("ssl", function(r) return zeek.nope end)`,
			"<string>:1: zeek.nope does not exist (help() lists the zeek functions)"},
		{"AllLogsUnknownField", `zeek.count("*", {nosuch = "x"})`, `no loaded log has a field "nosuch"`},
		{"PivotNumber", `zeek.pivot(80)`, "pivot matches text values"},
		{"PivotTable", `zeek.pivot({})`, "a string value expected, got table"},
		{"ISOInfinite", `zeek.iso(1/0)`, "not a time: inf"},
		{"TimeInfinite", `zeek.time("inf")`, `not a time: "inf"`},
		{"UnknownOperator", `zeek.find("ssl", {uid = {like = "C%"}})`, `filter uid: unknown operator "like"`},
		{"ReadOnlyRecord", `zeek.find("ssl", {})[1].uid = "x"`, "records are read-only"},
		{"BadTime", `zeek.time("yesterday")`, `not a time: "yesterday"`},
		{"GroupNoKeys", `zeek.group("ssl", {})`, "at least one key field expected"},
		{"FilterErrorPropagates", `zeek.find("ssl", function(r) error("inside") end)`, "inside"},
		{"NoFileAccess", `io.open("/etc/passwd")`, "sandbox: reading /etc/passwd is not allowed"},
		{"NoExec", `os.execute("true")`, "sandbox: os.execute runs a program"},
		{"NoPopen", `io.popen("id")`, "sandbox: io.popen runs a program"},
		{"NoWrite", `io.open("x.txt", "w")`, "sandbox: writing x.txt is not allowed"},
		{"NoExit", `os.exit(1)`, "sandbox: os.exit would end zhunt itself; a hunt ends by returning"},
		{"NoGetenv", `os.getenv("HOME")`, "sandbox: os.getenv reads zhunt's environment; pass values as hunt flags"},
		{"NoTmpname", `os.tmpname()`, "sandbox: os.tmpname makes a file outside what the user allowed"},
		{"NoStdin", `io.read("*l")`, "sandbox: io.read reads zhunt's standard input"},
		{"NoCloseStdout", `io.close()`, "sandbox: io.close() would close zhunt's standard output"},
		{"GsubBomb", `local s = string.rep("a", 2^20) s:gsub("a", string.rep("b", 2^12))`, "sandbox: string.gsub could make 4296019968 bytes; the limit is 256 MiB"},
		{"GsubTableBomb", `local s = string.rep("a", 2^20) s:gsub("a", {a = string.rep("b", 2^12)})`, "sandbox: string.gsub could make"},
		{"ConcatBomb", `local b, t = string.rep("x", 2^20), {} for i = 1, 1000 do t[i] = b end table.concat(t)`, "sandbox: table.concat would make 269484032 bytes"},
		{"FormatWidth", `string.format("%999999999d", 1)`, "invalid format (width or precision too long)"},
		{"NoCloseStdoutFile", `io.stdout:close()`, "sandbox: io.stdout:close() would close zhunt's stdout"},
		{"NoStdinLines", `for l in io.lines() do end`, "sandbox: io.lines() reads zhunt's standard input"},
		{"NoRequireOutsideLib", `require("os")`, `require "os": no module`},
		{"NoDofile", `dofile("/etc/passwd")`, "sandbox: dofile runs a file as code; a hunt shares code through require"},
		{"NoLoadfile", `loadfile("/etc/passwd")`, "sandbox: loadfile reads a file as code"},
		{"UnknownZeekFunction", `zeek.fnd("ssl", {})`, "zeek.fnd does not exist; did you mean zeek.find? (help() lists the zeek functions)"},
		{"UnknownZeekName", `local x = zeek.frobnicate`, "zeek.frobnicate does not exist (help() lists the zeek functions)"},
		{"UnknownZeekCase", `zeek.FIND("ssl", {})`, "zeek.FIND does not exist; did you mean zeek.find?"},
		{"UnknownZeekShort", `local x = zeek.ts`, "zeek.ts does not exist (help() lists"}, // not "did you mean zeek.iso"
		{"UnknownZeekShortTypo", `local x = zeek.iSo`, "zeek.iSo does not exist; did you mean zeek.iso?"},
		{"UnknownZeekNotAString", `local x = zeek[true]`, "zeek[boolean] does not exist: zeek's names are strings"},
		{"RawgetTestsForAName", `assert(rawget(zeek, "frobnicate") == nil)`, ""},
		{"IOTypeKept", `assert(io.type(42) == nil)`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _ := newWalk(t, render.Table)
			err := L.DoString(tc.lua)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
			if first, _, _ := strings.Cut(fmt.Sprint(err), "\n"); strings.Count(first, "<string>:") > 1 {
				t.Errorf("error = %q: the position is named more than once", first)
			}
		})
	}
}

func TestZeekShow(t *testing.T) {
	tests := []struct {
		name   string
		format render.Format
		lua    string
		want   string
	}{
		{"TableOfGroups", render.Table, `zeek.show(zeek.group("x509", "certificate.sig_alg"))`,
			"key                      count\nsha1WithRSAEncryption    4\nsha256WithRSAEncryption  3\nmd5WithRSAEncryption     1\n"},
		{"TSVFields", render.TSV, `zeek.show(zeek.find("ssl", {uid = "CoHgqkuPMOwyYRy01d"}), {"uid", "cert_chain_fuids", "ts"})`,
			"#fields\tuid\tcert_chain_fuids\tts\nCoHgqkuPMOwyYRy01d\tFtr7a0kcRVdvmUjGyW,FGKbtUDhE8RiDxhFTP\t1552557688.451949\n"},
		{"JSONOmitsUnset", render.JSON, `zeek.show(zeek.find("ssl", {uid = "CoHgqkuPMOwyYRy01d"}), {"uid", "subject", "resumed", "id.resp_p", "cert_chain_fuids"})`,
			`{"uid":"CoHgqkuPMOwyYRy01d","subject":"CN=legacy.example.com,O=Example Inc.,C=US","resumed":false,"id.resp_p":443,"cert_chain_fuids":["Ftr7a0kcRVdvmUjGyW","FGKbtUDhE8RiDxhFTP"]}` + "\n"},
		{"Empty", render.Table, `zeek.show({})`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, out := newWalk(t, tc.format)
			if err := L.DoString(tc.lua); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestZeekFlags(t *testing.T) {
	L, out := newWalk(t, render.Table, "--ja3", "abc", "--all", "--max=3", "pos")
	if err := L.DoString(`local f = zeek.flags(); print(f.ja3, f.all, f.max, f[1], #zeek.args)`); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "abc\ttrue\t3\tpos\t5\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"find", "find", 0},
		{"fnd", "find", 1},
		{"pviot", "pivot", 2},
		{"kitten", "sitting", 3},
		{"abc", "", 3},
		{"", "group", 5},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
