package render

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zhunt/zhunt/engine"
)

func TestRows(t *testing.T) {
	header := []string{"key", "count"}
	rows := [][]Cell{
		{{Text: "sha1WithRSAEncryption", JSON: `"sha1WithRSAEncryption"`}, {Text: "4", JSON: "4"}},
		{{Text: "tab\there", JSON: `"tab\there"`}, {Text: "-"}}, // unset count: left out of JSON
	}
	tests := []struct {
		format Format
		want   string
	}{
		{Table, "key                    count\nsha1WithRSAEncryption  4\ntab\\x09here            -\n"},
		{TSV, "#fields\tkey\tcount\nsha1WithRSAEncryption\t4\ntab\\x09here\t-\n"},
		{JSON, "{\"key\":\"sha1WithRSAEncryption\",\"count\":4}\n{\"key\":\"tab\\there\"}\n"},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		if err := Rows(&b, tc.format, header, rows); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tc.want {
			t.Errorf("format %d:\ngot  %q\nwant %q", tc.format, got, tc.want)
		}
	}
}

func TestEscapes(t *testing.T) {
	tests := []struct {
		name, in, table, tsv, json string
	}{
		{"Plain", "CN=example.com", "CN=example.com", "CN=example.com", `"CN=example.com"`},
		{"InvalidUTF8", "Microsoft\xae", `Microsoft\xae`, `Microsoft\xae`, `"Microsoft\\xae"`},
		{"ValidUTF8", "uurimisr\u00fchma", "uurimisr\u00fchma", "uurimisr\u00fchma", "\"uurimisr\u00fchma\""},
		{"Control", "a\x01b", `a\x01b`, `a\x01b`, `"a\u0001b"`},
		{"Backslash", `O=VMware\, Inc`, `O=VMware\, Inc`, `O=VMware\\, Inc`, `"O=VMware\\, Inc"`},
		{"NewlineTab", "a\nb\tc", `a\x0ab\x09c`, `a\x0ab\x09c`, `"a\nb\tc"`},
		{"NoHTMLEscape", "<a&b>", "<a&b>", "<a&b>", `"<a&b>"`},
		// what a log could use to drive the analyst's terminal
		{"Escape", "x\x1b]0;T\x07\x1b[2J", `x\x1b]0;T\x07\x1b[2J`, `x\x1b]0;T\x07\x1b[2J`, `"x\u001b]0;T\u0007\u001b[2J"`},
		{"C1CSI", "v\u009b31m", `v\u009b31m`, `v\u009b31m`, `"v\u009b31m"`},
		{"BidiOverride", "evil\u202etxt.exe", `evil\u202etxt.exe`, `evil\u202etxt.exe`, `"evil\u202etxt.exe"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := escapeTable(tc.in); got != tc.table {
				t.Errorf("escapeTable = %q, want %q", got, tc.table)
			}
			if got := escapeTSV(tc.in); got != tc.tsv {
				t.Errorf("escapeTSV = %q, want %q", got, tc.tsv)
			}
			if got := JSONString(tc.in); got != tc.json {
				t.Errorf("JSONString = %q, want %q", got, tc.json)
			}
		})
	}
}

func TestCut(t *testing.T) {
	long := strings.Repeat("x", MaxCell+10)
	var b bytes.Buffer
	Rows(&b, Table, []string{"a", "b", "c"}, [][]Cell{{{Text: long}, {Text: long}, {Text: long}}})
	line := strings.Split(b.String(), "\n")[1]
	// first column never cut, middle cut to MaxCell with "…", last up to MaxLastCell
	want := long + "  " + strings.Repeat("x", MaxCell-1) + "…  " + long
	if line != want {
		t.Errorf("got  %q\nwant %q", line, want)
	}
	var j bytes.Buffer
	Rows(&j, JSON, []string{"a"}, [][]Cell{{{Text: long, JSON: JSONString(long)}}})
	if !strings.Contains(j.String(), long) {
		t.Error("JSON output was cut")
	}
}

// TestRecords renders records of the walk fixture (values from
// testdata/walk/ssl.log, grep CoHgqkuPMOwyYRy01d) in each format.
func TestRecords(t *testing.T) {
	e := engine.New()
	if _, err := e.Load(context.Background(), "../testdata/walk"); err != nil {
		t.Fatal(err)
	}
	ids := e.Find("ssl", []engine.Cond{{Field: "uid", Values: []engine.Literal{engine.Str("CoHgqkuPMOwyYRy01d")}}})
	if len(ids) != 1 {
		t.Fatalf("found %d records", len(ids))
	}
	fields := []string{"ts", "id.resp_p", "resumed", "cert_chain_fuids", "client_cert_chain_fuids", "_path"}
	tests := []struct {
		format Format
		want   string
	}{
		{Table, "ts                           id.resp_p  resumed  cert_chain_fuids                       client_cert_chain_fuids  _path\n" +
			"2019-03-14T10:01:28.451949Z  443        F        Ftr7a0kcRVdvmUjGyW,FGKbtUDhE8RiDxhFTP  (empty)                  ssl\n"},
		{TSV, "#fields\tts\tid.resp_p\tresumed\tcert_chain_fuids\tclient_cert_chain_fuids\t_path\n" +
			"1552557688.451949\t443\tF\tFtr7a0kcRVdvmUjGyW,FGKbtUDhE8RiDxhFTP\t(empty)\tssl\n"},
		{JSON, `{"ts":1552557688.451949,"id.resp_p":443,"resumed":false,"cert_chain_fuids":["Ftr7a0kcRVdvmUjGyW","FGKbtUDhE8RiDxhFTP"],"client_cert_chain_fuids":[],"_path":"ssl"}` + "\n"},
	}
	for _, tc := range tests {
		var b bytes.Buffer
		if err := Records(&b, tc.format, e, ids, fields); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tc.want {
			t.Errorf("format %d:\ngot  %q\nwant %q", tc.format, got, tc.want)
		}
	}
	// records of several logs get the connection columns and a details column
	chain := e.Chain("Cv72V4sYGURwuEO1V")
	if got := Columns(e, chain); strings.Join(got, " ") != "_path ts uid id.orig_h id.orig_p id.resp_h id.resp_p details" {
		t.Errorf("Columns(chain) = %v", got)
	}
}
