package main

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

// newTestREPL is a REPL session over the walk fixture (testdata/walk).
func newTestREPL(t *testing.T) (*replSession, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	eng := engine.New()
	if _, err := eng.Load(context.Background(), "testdata/walk"); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	vm := luaapi.NewVM(eng, luaapi.Options{Stdout: &out, Stderr: &errOut, Format: render.Table})
	t.Cleanup(vm.Close)
	return newREPLSession(eng, vm, &out, &errOut), &out, &errOut
}

func TestREPL_Feed(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		more    []bool // Feed's answer per line
		wantOut string
		wantErr string
	}{
		{name: "Expression", lines: []string{"1 + 2"}, more: []bool{false}, wantOut: "3\n"},
		{name: "EqualsPrefix", lines: []string{"=zeek.count('ssl', {})"}, more: []bool{false}, wantOut: "9\n"},
		{name: "Statement", lines: []string{"x = 40", "x + 2"}, more: []bool{false, false}, wantOut: "42\n"},
		{name: "MultiLineFor", lines: []string{"for i = 1, 2 do", "  print(i)", "end"},
			more: []bool{true, true, false}, wantOut: "1\n2\n"},
		{name: "MultiLineFunction", lines: []string{"function f(a)", "return a * 2", "end", "f(21)"},
			more: []bool{true, true, false, false}, wantOut: "42\n"},
		{name: "UnfinishedExpression", lines: []string{"x = 1 +", "2", "x"}, more: []bool{true, false, false}, wantOut: "3\n"},
		{name: "Error", lines: []string{"error('boom')", "1"}, more: []bool{false, false}, wantOut: "1\n", wantErr: "error: <string>:1: boom\n"},
		{name: "Table", lines: []string{"{1, 2, a = 'x'}"}, more: []bool{false}, wantOut: "{1, 2, a = \"x\"}\n"},
		// the walk's x509.log: 4 sha1WithRSAEncryption, 3 sha256, 1 md5 (walk-x509-sig_alg.txt)
		{name: "GroupAsTable", lines: []string{`zeek.group("x509", "certificate.sig_alg")`}, more: []bool{false},
			wantOut: "key                      count\nsha1WithRSAEncryption    4\nsha256WithRSAEncryption  3\nmd5WithRSAEncryption     1\n"},
		{name: "RecordsAsTable", lines: []string{`zeek.find("notice", {uid = "Cv72V4sYGURwuEO1V"})`}, more: []bool{false},
			wantOut: "(1 records)\n"},
		// The session prints with the zeek.show it began with, whatever the user rebinds.
		{name: "ShowRebound", lines: []string{"zeek.show = nil", `zeek.find("notice", {uid = "Cv72V4sYGURwuEO1V"})`},
			more: []bool{false, false}, wantOut: "(1 records)\n"},
		{name: "ZeekDirNil", lines: []string{"zeek.dir"}, more: []bool{false}, wantOut: "nil\n"}, // documented: nil in the REPL
		{name: "ZeekGone", lines: []string{"zeek = nil", "1 + 1"}, more: []bool{false, false}, wantOut: "2\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, out, errOut := newTestREPL(t)
			for i, line := range tc.lines {
				if more, _ := r.Feed(context.Background(), line); more != tc.more[i] {
					t.Fatalf("line %d %q: more = %v, want %v", i, line, more, tc.more[i])
				}
			}
			if got := out.String(); !strings.HasSuffix(got, tc.wantOut) {
				t.Errorf("stdout = %q, want it to end with %q", got, tc.wantOut)
			}
			if got := errOut.String(); got != tc.wantErr {
				t.Errorf("stderr = %q, want %q", got, tc.wantErr)
			}
		})
	}
}

func TestREPL_InterruptStopsStatement(t *testing.T) {
	r, _, errOut := newTestREPL(t)
	done := make(chan struct{})
	go func() {
		r.Feed(context.Background(), "while true do end")
		close(done)
	}()
	deadline := time.After(10 * time.Second)
	for {
		r.Interrupt()
		select {
		case <-done:
			if !strings.Contains(errOut.String(), "interrupted") {
				t.Errorf("stderr = %q, want \"interrupted\"", errOut.String())
			}
			// the session still works
			var out bytes.Buffer
			r.out = &out
			r.Feed(context.Background(), "1 + 1")
			if out.String() != "2\n" {
				t.Errorf("after interrupt: %q, want 2", out.String())
			}
			return
		case <-deadline:
			t.Fatal("Interrupt did not stop the loop")
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestREPL_Complete(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string // completions (head+completion)
	}{
		{"ZeekFunctions", "zeek.pi", []string{"zeek.pivot("}},
		{"ZeekAll", "x = zeek.co", []string{"x = zeek.community_id(", "x = zeek.count("}},
		{"LogPath", `zeek.find("ss`, []string{`zeek.find("ssl"`}},
		{"FieldInFilter", `zeek.find("ssl", {ja`, []string{`zeek.find("ssl", {ja3 = `, `zeek.find("ssl", {ja3s = `}},
		{"DottedField", `zeek.find("ssl", {version = "x", id.orig`, []string{`zeek.find("ssl", {version = "x", ["id.orig_h"] = `, `zeek.find("ssl", {version = "x", ["id.orig_p"] = `}},
		{"Global", "he", []string{"help("}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _, _ := newTestREPL(t)
			head, comps, _ := r.Complete(tc.line, len(tc.line))
			var got []string
			for _, c := range comps {
				got = append(got, head+c)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Complete(%q) = %q, want %q", tc.line, got, tc.want)
			}
		})
	}
}

// TestREPL_OneRecordVertical: a single record prints one field a line; the
// values are those of the notice line in testdata/walk/notice.log
// (grep Cv72V4sYGURwuEO1V), unset fields left out.
func TestREPL_OneRecordVertical(t *testing.T) {
	r, out, _ := newTestREPL(t)
	r.Feed(context.Background(), `zeek.find("notice", {uid = "Cv72V4sYGURwuEO1V"})[1]`)
	got := out.String()
	for _, re := range []string{`(?m)^_path +notice$`, `(?m)^note +SSL::Invalid_Server_Cert$`,
		`(?m)^msg +SSL certificate validation failed with \(self signed certificate\)$`, `(?m)^fuid +FjYkvEd8IBW7T0P7jo$`} {
		if !regexp.MustCompile(re).MatchString(got) {
			t.Errorf("output lacks %s:\n%s", re, got)
		}
	}
	if strings.Contains(got, "peer_descr") {
		t.Errorf("unset field peer_descr printed:\n%s", got)
	}
}
