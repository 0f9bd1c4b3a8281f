package luaapi

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// FuncDoc documents one zeek.* function for help() and completion.
type FuncDoc struct {
	Name    string // without the "zeek." prefix
	Sig     string
	Doc     string
	Example string
}

// Docs documents every function of the zeek module, sorted by name.
var Docs = []FuncDoc{
	{"args", "zeek.args", "the hunt's arguments after --, as an array of strings", `zeek.args[1]`},
	{"cert", "zeek.cert(id)", "the x509 record(s) of a certificate, by file id (Zeek < 4.1) or SHA256 fingerprint", `zeek.cert("FEZqSF2gRb2YVkK67k")`},
	{"cert_ids", "zeek.cert_ids(ssl_rec)", "the certificate ids (fuids or fingerprints) an ssl record names, leaf first", `zeek.cert_ids(zeek.find("ssl", {})[1])`},
	{"chain", "zeek.chain(uid)", "one connection's records: conn, ssl, its certificates' x509 and files, notice, then others", `zeek.chain("CZrF6x2vDGeSNbw0Jf")`},
	{"community_id", "zeek.community_id(rec_or_flow [, seed])", "the Community ID v1 of a record's flow, or of {saddr=, daddr=, sport=, dport=, proto=}; zeek.pivot accepts one", `zeek.pivot(zeek.community_id(zeek.find("conn", {})[1]))`},
	{"count", "zeek.count(path, filter)", "how many records of path match filter (as in zeek.find)", `zeek.count("ssl", {version = "TLSv10"})`},
	{"dir", "zeek.dir", "the directory of the running hunt file (nil in the REPL): files beside the hunt are zeek.dir .. \"/name\"; relative paths are from the current directory", `io.lines(zeek.dir .. "/iocs.txt")`},
	{"diagnostics", "zeek.diagnostics()", "load problems: {severity=, file=, line=, field=, message=}", `#zeek.diagnostics()`},
	{"fields", "zeek.fields(path)", "a log's fields: {name=, type=}", `zeek.fields("ssl")`},
	{"find", "zeek.find(path, filter)", `records of path ("*" = all) matching {field=value}, {field={v1,v2}}, {field={gt=,lt=,contains=,prefix=,...}} or a function(rec)`, `zeek.find("conn", {["id.resp_p"] = 443, duration = {gt = 3600}})`},
	{"flags", "zeek.flags()", "the hunt's arguments parsed as --name value, checked against its metadata block", `local f = zeek.flags(); print(f.ja3)`},
	{"group", "zeek.group(src, keys [, {distinct=, explode=}])", "count records by key fields: {key= or keys=, count=[, distinct=]}, largest first", `zeek.group("ssl", "ja3", {distinct = "id.orig_h"})`},
	{"has_field", "zeek.has_field(path, field)", "whether a loaded log has the field (Zeek generations differ)", `zeek.has_field("x509", "fingerprint")`},
	{"iso", "zeek.iso(seconds)", "epoch seconds as ISO 8601 UTC with microseconds", `zeek.iso(rec.ts)`},
	{"load", "zeek.load(path, ...)", "load more logs (files or directories); {records=, files=, skipped=, rejected=, warnings=}", `zeek.load("/var/log/zeek/2024-04-29")`},
	{"logs", "zeek.logs()", "the loaded log paths: {path=, records=, fields={...}}", `zeek.logs()`},
	{"pivot", "zeek.pivot(value [, {paths=, fields=}])", "every record holding value in any field or set/vector element, conn/ssl/x509/files/notice first, then by ts", `zeek.pivot("192.168.1.104", {paths = {"dns"}})`},
	{"report", "zeek.report{severity=, title=, records=, ...}", "record a finding (info, low, medium, high, critical); printed at the end, --findings writes JSON lines", `zeek.report{severity = "high", title = "SHA-1 certificate", records = recs}`},
	{"show", "zeek.show(records [, fields])", "print records or rows as a table (or tsv/json with --format)", `zeek.show(zeek.find("notice", {}), {"ts", "note", "msg"})`},
	{"stats", "zeek.stats(src, field)", "n, sum, min and max of a numeric field, and exact text (sum_exact, ...)", `zeek.stats("conn", "orig_bytes").sum_exact`},
	{"time", "zeek.time(text)", "ISO 8601 (or epoch text) to epoch seconds", `zeek.time("2024-04-29T15:00:00Z")`},
	{"unset", "zeek.unset", "in a filter, matches an unset field", `zeek.find("ssl", {server_name = zeek.unset})`},
}

func init() {
	sort.Slice(Docs, func(i, j int) bool { return Docs[i].Name < Docs[j].Name })
}

// Help renders help() text: every function with its one-line doc.
func Help() string {
	var b strings.Builder
	b.WriteString("zeek module (help(zeek.NAME) for one function with an example):\n")
	for _, d := range Docs {
		fmt.Fprintf(&b, "  %-48s %s\n", d.Sig, d.Doc)
	}
	b.WriteString("records: rec._path, rec.ts, rec.uid, rec[\"id.orig_h\"]; rec:exact(f), rec:source(), rec:totable(), rec:fields()\n")
	return b.String()
}

// HelpFor renders help for one function.
func HelpFor(name string) (string, bool) {
	for _, d := range Docs {
		if d.Name == name {
			return fmt.Sprintf("%s\n  %s\nexample:\n  %s\n", d.Sig, d.Doc, d.Example), true
		}
	}
	return "", false
}

// openHelp defines help() and help(zeek.fn) in the state.
func (h *host) openHelp(L *lua.LState, z *lua.LTable) {
	L.SetGlobal("help", L.NewFunction(func(L *lua.LState) int {
		if L.GetTop() == 0 {
			fmt.Fprint(h.opts.Stdout, Help())
			return 0
		}
		v := L.Get(1)
		name := ""
		if s, ok := v.(lua.LString); ok {
			name = strings.TrimPrefix(string(s), "zeek.")
		} else {
			z.ForEach(func(k, fn lua.LValue) {
				if fn == v {
					name = k.String()
				}
			})
		}
		text, ok := HelpFor(name)
		if !ok {
			fmt.Fprintln(h.opts.Stdout, "no help for that; help() lists the zeek functions")
			return 0
		}
		fmt.Fprint(h.opts.Stdout, text)
		return 0
	}))
}
