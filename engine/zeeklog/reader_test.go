package zeeklog

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// tsvHeader is a small conn-like header used by inline inputs.
const tsvHeader = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n" +
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tservice\tnote\n" +
	"#types\ttime\tstring\taddr\tport\tset[string]\tstring\n"

func TestReader_TSVValues(t *testing.T) {
	tests := []struct {
		name, line, field string
		want              string // rendered with show
	}{
		{"Time", "1709633100.000001\tC\ta\t1\t-\t-", "ts", "int 1709633100000001"},
		{"NegativeTime", "-0.4\tC\ta\t1\t-\t-", "ts", "int -400000"},
		{"Port", "1\tC\ta\t65535\t-\t-", "id.orig_p", "uint 65535"},
		{"Unset", "1\tC\ta\t1\t-\t-", "note", "unset"},
		{"LiteralDash", "1\tC\ta\t1\t-\t\\x2d", "note", `text "-"`},
		{"EmptyString", "1\tC\ta\t1\t-\t(empty)", "note", `text ""`},
		{"LiteralEmptyMarker", "1\tC\ta\t1\t-\t\\x28empty)", "note", `text "(empty)"`},
		{"Backslash", "1\tC\ta\t1\t-\tO=VMware\\\\, Inc", "note", `text "O=VMware\\, Inc"`},
		{"BinaryByte", "1\tC\ta\t1\t-\tMicrosoft\\xae", "note", `text "Microsoft\xae"`},
		{"UnknownEscapeKept", "1\tC\ta\t1\t-\ta\\qb\\x4", "note", `text "a\\qb\\x4"`},
		{"SetSplitBeforeUnescape", "1\tC\ta\t1\ta\\x2cb,c\t-", "service", `["a,b" "c"]`},
		{"EmptySet", "1\tC\ta\t1\t(empty)\t-", "service", "[]"},
		{"UnsetSet", "1\tC\ta\t1\t-\t-", "service", "unset"},
		{"UnsetElement", "1\tC\ta\t1\ta,-,b\t-", "service", `["a" <unset> "b"]`},
		{"EmptyElement", "1\tC\ta\t1\ta,(empty)\t-", "service", `["a" ""]`},
		{"DashInsideElementKept", "1\tC\ta\t1\t-1.0,x-\t-", "service", `["-1.0" "x-"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := readString(t, "conn.log", tsvHeader+tt.line+"\n")
			if len(res.errs) != 0 || len(res.rows) != 1 {
				t.Fatalf("%d rows, errors %v", len(res.rows), res.errs)
			}
			if w := res.rows[0].Warnings; len(w) != 0 {
				t.Errorf("warnings %v", w)
			}
			if got := show(get(t, res.rows[0], tt.field)); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.field, got, tt.want)
			}
		})
	}
}

// show renders a value for comparisons.
func show(v Value) string {
	switch {
	case v.Unset:
		return "unset"
	case v.Elems != nil || (v.Text == nil && v.Uint == 0 && v.Int == 0 && v.Float == 0 && !v.Bool && false):
		var parts []string
		for _, e := range v.Elems {
			if e.Unset {
				parts = append(parts, "<unset>")
			} else {
				parts = append(parts, fmt.Sprintf("%q", e.Text))
			}
		}
		return "[" + strings.Join(parts, " ") + "]"
	case v.Text != nil:
		return fmt.Sprintf("text %q", v.Text)
	case v.Uint != 0:
		return fmt.Sprintf("uint %d", v.Uint)
	case v.Int != 0:
		return fmt.Sprintf("int %d", v.Int)
	case v.Float != 0:
		return fmt.Sprintf("float %v", v.Float)
	case v.Bool:
		return "true"
	}
	return `text ""` // the zero Value: empty text, empty container, 0 or false
}

// TestReader_ErrorPositions uses a marker rune (§) in front of the value to
// blame: the test strips it and expects the line and 1-based field ordinal
// where it stood, like encoding/csv's tests.
func TestReader_ErrorPositions(t *testing.T) {
	tests := []struct {
		name, in string
		field    string
		sentinel error
		warning  bool
	}{
		{"BadPort", tsvHeader + "1\tC\ta\t80\t-\t-\n1\tC\ta\t§x80\t-\t-\n", "id.orig_p", ErrInvalidValue, true},
		{"BadTime", tsvHeader + "§XXXXXXXXXX.XXXXXX\tC\ta\t1\t-\t-\n", "ts", ErrInvalidValue, true},
		{"PortTooBig", tsvHeader + "\n\n1\tC\ta\t§65536\t-\t-\n", "id.orig_p", ErrInvalidValue, true},
		{"BadCountElement", "#fields\tn\tv\n#types\tstring\tvector[count]\nx\t§1,x,3\n", "v", ErrInvalidValue, true},
		{"BadBool", "#fields\tb\n#types\tbool\n§true\n", "b", ErrInvalidValue, true},
		{"JSONSyntax", "{\"a\":1}\n{\"a\":§X}\n", "", ErrInvalidJSON, false},
		{"JSONTrailing", "{\"a\":1} §x\n", "", ErrInvalidJSON, false},
		{"JSONNotObject", "{\"a\":1}\n§[1]\n", "", ErrInvalidJSON, false},
		{"JSONWiden", "{\"ts\":1.5,\"zz_s\":\"x\"}\n{\"ts\":1,\"zz_s\":\"y\"}\n{\"ts\":§[1],\"zz_s\":\"z\"}\n", "ts", ErrInvalidValue, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantLine, wantCol := int64(0), 0
			for i, l := range strings.Split(tt.in, "\n") {
				if j := strings.Index(l, "§"); j >= 0 {
					wantLine = int64(i + 1)
					if strings.HasPrefix(l, "{") || strings.HasPrefix(l, "§") && !strings.HasPrefix(tt.name, "Bad") {
						wantCol = j + 1 // JSON: byte column
					} else {
						wantCol = strings.Count(l[:j], "\t") + 1 // TSV: field ordinal
					}
				}
			}
			in := strings.Replace(tt.in, "§", "", 1)
			res := readString(t, "conn.log", in)
			var got []*ParseError
			got = append(got, res.errs...)
			for _, r := range res.rows {
				got = append(got, r.Warnings...)
			}
			if len(got) != 1 {
				t.Fatalf("got %d problems %v, want 1", len(got), got)
			}
			e := got[0]
			if e.Line != wantLine || e.Column != wantCol || e.Field != tt.field || e.Warning != tt.warning || !errors.Is(e, tt.sentinel) {
				t.Errorf("got %d:%d field %q warning %v (%v), want %d:%d field %q warning %v (%v)",
					e.Line, e.Column, e.Field, e.Warning, e, wantLine, wantCol, tt.field, tt.warning, tt.sentinel)
			}
			data := 0
			for _, l := range strings.Split(in, "\n") {
				if l != "" && l[0] != '#' {
					data++
				}
			}
			if tt.warning && len(res.rows) != data {
				t.Errorf("%d rows: a warning must not cost the row", len(res.rows))
			}
		})
	}
}

func TestParseError_Text(t *testing.T) {
	res := readString(t, "conn.log", "#fields\tts\tid.orig_p\n#types\ttime\tport\n\n\n\n\n\n\n\n\n\n1\tx80\n")
	if len(res.rows) != 1 || len(res.rows[0].Warnings) != 1 {
		t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
	}
	got := res.rows[0].Warnings[0].Error()
	if want := `conn.log:12: field id.orig_p (port): invalid value "x80"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, in := range []string{"#fields\ta\n#types\tcount\n99999999999999999999999\n", "{\"a\":1}\n{\"a\":\"b\"\n", "#fields\ta\tb\n#types\tcount\n1\t2\n"} {
		res := readString(t, "x.log", in)
		var all []*ParseError
		all = append(all, res.errs...)
		for _, r := range res.rows {
			all = append(all, r.Warnings...)
		}
		for _, e := range all {
			msg := e.Error()
			if strings.Contains(msg, "strconv") || strings.Contains(msg, "json.") || strings.Contains(msg, "Go ") ||
				strings.Contains(msg, "*") || msg != strings.TrimSuffix(msg, ".") {
				t.Errorf("message leaks Go names or punctuation: %s", msg)
			}
		}
	}
}

func TestReader_Header(t *testing.T) {
	t.Run("DiffSortedOrder", func(t *testing.T) {
		// btest diff-sort: comments, #close first, #separator after #fields, odd #open.
		in := "### BTest baseline\n#close XXXX-XX-XX-XX-XX-XX\n#empty_field\t(empty)\n#fields\ta\tb\n#open XXXX-XX-XX-XX-XX-XX\n" +
			"#path\tp\n#separator \\x09\n#set_separator\t,\n#types\tcount\tstring\n#unset_field\t-\n1\tx\n2\ty\n"
		res := readString(t, "f.log", in)
		if len(res.errs) != 0 || len(res.rows) != 2 || res.rows[0].Header != res.rows[1].Header {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		h := res.rows[0].Header
		if h.Path != "p" || h.Open != "" || len(h.Fields) != 2 || h.Fields[0].Type.Kind != KindCount {
			t.Errorf("header %+v", h)
		}
	})
	t.Run("MultiByteSeparator", func(t *testing.T) {
		in := "#separator ||\n#set_separator||,\n#fields||a||b\n#types||string||set[string]\nfa\\x7c\\x7cure||x,y\n"
		res := readString(t, "ssh.log", in)
		if len(res.errs) != 0 || len(res.rows) != 1 {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		if got := text(t, res.rows[0], "a"); got != "fa||ure" {
			t.Errorf("a = %q", got)
		}
		if got := elems(t, res.rows[0], "b"); strings.Join(got, "|") != "x|y" {
			t.Errorf("b = %q", got)
		}
		if res.rows[0].Header.Path != "ssh" {
			t.Errorf("path %q, want ssh from the file name", res.rows[0].Header.Path)
		}
	})
	t.Run("TabAfterSeparator", func(t *testing.T) {
		res := readString(t, "c.log", "#separator\t\\x09\n#fields\ta\n#types\tcount\n7\n")
		if len(res.errs) != 0 || len(res.rows) != 1 || get(t, res.rows[0], "a").Uint != 7 {
			t.Fatalf("rows %v errs %v", res.rows, res.errs)
		}
	})
	t.Run("HeaderChangeNewPointer", func(t *testing.T) {
		in := "#fields\ta\n#types\tcount\n1\n#fields\ta\n#types\tcount\n2\n#fields\ta\n#types\tstring\n3\n"
		res := readString(t, "c.log", in)
		if len(res.rows) != 3 || res.rows[0].Header != res.rows[1].Header || res.rows[1].Header == res.rows[2].Header {
			t.Fatalf("want one pointer for an unchanged header and a new one after a change")
		}
	})
	t.Run("TypesCountMismatch", func(t *testing.T) {
		in := "#fields\ta\tb\n#types\tcount\n1\t2\n3\t4\n#types\tcount\tcount\n5\t6\n"
		res := readString(t, "c.log", in)
		if len(res.rows) != 1 || get(t, res.rows[0], "b").Uint != 6 {
			t.Fatalf("rows %d", len(res.rows))
		}
		want := []struct {
			line int64
			err  error
		}{{2, ErrInvalidHeader}, {3, ErrNoHeader}, {4, ErrNoHeader}}
		if len(res.errs) != len(want) {
			t.Fatalf("errors %v", res.errs)
		}
		for i, w := range want {
			if res.errs[i].Line != w.line || !errors.Is(res.errs[i], w.err) {
				t.Errorf("error %d = %v, want line %d %v", i, res.errs[i], w.line, w.err)
			}
		}
	})
	t.Run("FieldsWithoutTypes", func(t *testing.T) {
		res := readString(t, "c.log", "#fields\ta\tb\n1\t2\n3\t4\n")
		if len(res.rows) != 2 || len(res.errs) != 0 || len(res.rows[0].Warnings) != 1 || len(res.rows[1].Warnings) != 0 {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		if text(t, res.rows[0], "b") != "2" || res.rows[0].Warnings[0].Line != 1 {
			t.Errorf("want strings and one warning at line 1: %v", res.rows[0].Warnings)
		}
	})
	t.Run("UnknownType", func(t *testing.T) {
		res := readString(t, "c.log", "#fields\ta\tf\n#types\tcount\tfunc\n1\tfoo\n")
		if len(res.rows) != 1 || len(res.rows[0].Warnings) != 1 || !errors.Is(res.rows[0].Warnings[0], ErrUnknownType) {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		if w := res.rows[0].Warnings[0]; w.Line != 2 || w.Column != 2 || w.Field != "f" || text(t, res.rows[0], "f") != "foo" {
			t.Errorf("warning %v", w)
		}
	})
	t.Run("TableIsSet", func(t *testing.T) {
		res := readString(t, "c.log", "#fields\ts\n#types\ttable[addr]\n1.2.3.4,::1\n")
		if ft := res.rows[0].Header.Fields[0].Type; ft != (Type{KindAddr, Set}) {
			t.Errorf("type %v", ft)
		}
	})
	t.Run("NoHeaderAfterDirective", func(t *testing.T) {
		res := readString(t, "c.log", "#separator \\x09\n1\t2\n")
		if len(res.rows) != 0 || len(res.errs) != 1 || !errors.Is(res.errs[0], ErrNoHeader) || res.errs[0].Line != 2 {
			t.Errorf("errs %v", res.errs)
		}
	})
	t.Run("EmptySeparator", func(t *testing.T) {
		res := readString(t, "c.log", "#separator \n#fields\ta\n#types\tcount\n1\n")
		if len(res.errs) != 1 || !errors.Is(res.errs[0], ErrInvalidHeader) || res.errs[0].Line != 1 || len(res.rows) != 1 {
			t.Errorf("rows %d errs %v", len(res.rows), res.errs)
		}
	})
}

func TestReader_FieldCount(t *testing.T) {
	tests := []struct {
		name, line string
		rows       int
		msg        string
		warning    bool
	}{
		{"Exact", "1\tC\ta\t1\t-\t-", 1, "", false},
		{"TrailingTab", "1\tC\ta\t1\t-\t-\t", 1, "c.log:8: wrong number of fields: 7 values, want 6 (empty extra values dropped)", true},
		{"TwoEmptyExtras", "1\tC\ta\t1\t-\t-\t\t", 1, "8 values, want 6", true},
		{"NonEmptyExtra", "1\tC\ta\t1\t-\t-\tx", 0, "c.log:8: wrong number of fields: 7 values, want 6", false},
		{"Short", "1\tC\ta", 0, "c.log:8: wrong number of fields: 3 values, want 6", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := readString(t, "c.log", tsvHeader+tt.line+"\n")
			if len(res.rows) != tt.rows {
				t.Fatalf("%d rows, want %d (errs %v)", len(res.rows), tt.rows, res.errs)
			}
			var all []*ParseError
			all = append(all, res.errs...)
			for _, r := range res.rows {
				all = append(all, r.Warnings...)
			}
			if tt.msg == "" {
				if len(all) != 0 {
					t.Errorf("problems %v", all)
				}
				return
			}
			if len(all) != 1 || !strings.Contains(all[0].Error(), tt.msg) || all[0].Warning != tt.warning || !errors.Is(all[0], ErrFieldCount) {
				t.Errorf("problems %v, want %q (warning %v)", all, tt.msg, tt.warning)
			}
		})
	}
}

func TestReader_Lines(t *testing.T) {
	tests := []struct {
		name, in    string
		rows, errs  int
		lines       int64
		partial     bool
		format      Format
		firstErrIsZ bool
	}{
		{"Empty", "", 0, 0, 0, false, TSV, false},
		{"BlankOnly", "\n\n", 0, 0, 0, false, TSV, false},
		{"PartialLast", tsvHeader + "1\tC\ta\t1\t-\t-\n2\tC\t20", 1, 1, 2, true, TSV, false},
		{"PartialJSON", "{\"a\":1}\n{\"a\"", 1, 1, 2, true, JSON, false},
		{"CRLF", "#fields\ta\r\n#types\tcount\r\n1\r\n", 1, 0, 1, false, TSV, false},
		{"NotZeekFirstLineData", "1\t2\t3\n#fields\ta\n", 0, 1, 0, false, TSV, true},
		{"NotZeekText", "Connection summary\n==\n", 0, 1, 0, false, TSV, true},
		{"JSONAfterBTestComment", "### BTest baseline\n{\"d\":1.5}\n\n{\"d\":2}\n", 2, 0, 2, false, JSON, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tt.in), "x.log")
			res := readAll(t, r)
			if len(res.rows) != tt.rows || len(res.errs) != tt.errs || res.lines != tt.lines || r.Format() != tt.format {
				t.Fatalf("rows %d errs %v lines %d format %v; want %d %d %d %v", len(res.rows), res.errs, res.lines, r.Format(), tt.rows, tt.errs, tt.lines, tt.format)
			}
			if tt.partial && (!errors.Is(res.errs[0], ErrPartialLine) || !res.errs[0].Warning) {
				t.Errorf("want ErrPartialLine warning, got %v", res.errs[0])
			}
			if tt.firstErrIsZ && (!errors.Is(res.errs[0], ErrNotZeek) || res.errs[0].Line != 0) {
				t.Errorf("want ErrNotZeek, got %v", res.errs[0])
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("Read after the end = %v, want io.EOF", err)
			}
		})
	}
}

func TestReader_LongLine(t *testing.T) {
	long := strings.Repeat("x", 5000)
	in := "#fields\ta\n#types\tstring\n" + long + "\nshort\n" + long // the last long line has no newline
	r := NewReader(strings.NewReader(in), "l.log")
	r.MaxLineBytes = 1000
	res := readAll(t, r)
	if len(res.rows) != 1 || text(t, res.rows[0], "a") != "short" {
		t.Fatalf("rows %d", len(res.rows))
	}
	if len(res.errs) != 2 || res.errs[0].Line != 3 || res.errs[1].Line != 5 || !errors.Is(res.errs[0], ErrLineTooLong) || !errors.Is(res.errs[1], ErrLineTooLong) {
		t.Errorf("errs %v", res.errs)
	}
	if res.lines != 3 {
		t.Errorf("Lines() = %d, want 3", res.lines)
	}
	// The default limit takes a line bigger than bufio's buffer.
	res = readString(t, "l.log", "#fields\ta\n#types\tstring\n"+strings.Repeat("y", 200000)+"\n")
	if len(res.rows) != 1 || len(get(t, res.rows[0], "a").Text) != 200000 {
		t.Errorf("long line: %d rows, errs %v", len(res.rows), res.errs)
	}
}

func TestReader_JSON(t *testing.T) {
	t.Run("Types", func(t *testing.T) {
		in := `{"_path":"conn","_write_ts":"2024-03-05T11:30:00.500000Z","ts":1709632800.123456,"id.orig_p":443,"orig_bytes":18446744073709551615,"duration":0.0012309551239013672,"local_orig":true,"tunnel_parents":[],"zz_int":-3,"zz_s":"\\xc3(","zz_vec":[0,null,2],"ms_ts":1700000000123}` + "\n"
		res := readString(t, "j.log", in)
		if len(res.errs) != 0 || len(res.rows) != 1 {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		r := res.rows[0]
		h := r.Header
		if h.Path != "conn" || h.Format != JSON || h.Index("_path") >= 0 || h.Fields[0].Name != "_write_ts" {
			t.Errorf("header %+v", h)
		}
		checks := []struct {
			field string
			typ   Type
			want  string
		}{
			{"_write_ts", Type{Kind: KindTime}, "int 1709638200500000"},
			{"ts", Type{Kind: KindTime}, "int 1709632800123456"},
			{"id.orig_p", Type{Kind: KindPort}, "uint 443"},
			{"orig_bytes", Type{Kind: KindCount}, "uint 18446744073709551615"},
			{"duration", Type{Kind: KindInterval}, "float 0.0012309551239013672"},
			{"local_orig", Type{Kind: KindBool}, "true"},
			{"tunnel_parents", Type{KindString, Set}, "[]"},
			{"zz_int", Type{Kind: KindInt}, "int -3"},
			{"zz_s", Type{Kind: KindString}, `text "\xc3("`},
			{"ms_ts", Type{Kind: KindTime}, "int 1700000000123000"},
		}
		for _, c := range checks {
			if ft := h.Fields[h.Index(c.field)].Type; ft != c.typ {
				t.Errorf("%s type %v, want %v", c.field, ft, c.typ)
			}
			if got := show(get(t, r, c.field)); got != c.want {
				t.Errorf("%s = %s, want %s", c.field, got, c.want)
			}
		}
		vn := get(t, r, "zz_vec")
		if len(vn.Elems) != 3 || !vn.Elems[1].Unset || vn.Elems[2].Uint != 2 {
			t.Errorf("vn = %+v", vn)
		}
	})
	t.Run("SharedHeaderAndWidening", func(t *testing.T) {
		in := strings.ReplaceAll("{\"n\":1,\"s\":\"a\"}\n{\"n\":2,\"s\":\"b\"}\n{\"n\":-2,\"s\":\"c\"}\n{\"n\":2.5,\"s\":\"d\"}\n{\"n\":\"x\",\"s\":\"e\"}\n{\"n\":7,\"s\":\"f\"}\n{\"s\":\"g\"}\n", `"n"`, `"zz_n"`)
		res := readString(t, "w.log", in)
		if len(res.errs) != 0 || len(res.rows) != 7 {
			t.Fatalf("rows %d errs %v", len(res.rows), res.errs)
		}
		rows := res.rows
		if rows[0].Header != rows[1].Header {
			t.Error("same keys, same types: want one *Header")
		}
		kinds := []Kind{KindCount, KindCount, KindInt, KindDouble, KindUnknown, KindUnknown}
		for i, k := range kinds {
			if got := rows[i].Header.Fields[0].Type.Kind; got != k {
				t.Errorf("row %d n kind %v, want %v", i, got, k)
			}
		}
		if show(get(t, rows[2], "zz_n")) != "int -2" || show(get(t, rows[3], "zz_n")) != "float 2.5" || show(get(t, rows[4], "zz_n")) != `text "x"` || show(get(t, rows[5], "zz_n")) != `text "7"` {
			t.Errorf("widened values wrong")
		}
		if len(rows[4].Warnings) != 1 || !errors.Is(rows[4].Warnings[0], ErrInvalidValue) || len(rows[2].Warnings)+len(rows[3].Warnings) != 0 {
			t.Errorf("warnings: want one for the string in a number column, none for numeric widening")
		}
		if rows[6].Header.Index("zz_n") >= 0 {
			t.Error("absent key must not be a field")
		}
	})
	t.Run("ISOAndEpochEqual", func(t *testing.T) {
		res := readString(t, "t.log", "{\"ts\":\"1969-12-31T23:59:59.600000Z\"}\n{\"ts\":-0.4}\n{\"ts\":\"2011-09-10T12:15:02+00:00\"}\n{\"ts\":1315656902}\n")
		if len(res.rows) != 4 || get(t, res.rows[0], "ts").Int != -400000 || get(t, res.rows[1], "ts").Int != -400000 ||
			get(t, res.rows[2], "ts").Int != get(t, res.rows[3], "ts").Int {
			t.Errorf("rows %v errs %v", res.rows, res.errs)
		}
	})
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1709633100.000001", 1709633100000001, true}, // case 10 expected.md
		{"-315619200.0", -315619200000000, true},
		{"253402300799.0", 253402300799000000, true},
		{"-0.4", -400000, true},
		{"1709632912.5", 1709632912500000, true},
		{"0", 0, true},
		{"1332008617", 1332008617000000, true},
		{"0.0000005", 1, true},
		{"-0.0000005", -1, true},
		{"0.0000004", 0, true},
		{"1.5e9", 1500000000000000, true},
		{"15e-1", 1500000, true},
		{"9223372036854.775807", 9223372036854775807, true},
		{"-9223372036854.775808", -9223372036854775808, true},
		{"9223372036854.775808", 0, false},
		{"XXXXXXXXXX.XXXXXX", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{"1.2.3", 0, false},
		{"1e", 0, false},
		{" 1", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseTime([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseTime(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseISO8601(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2024-03-05T10:05:00.000001Z", 1709633100000001, true}, // case 10 expected.md
		{"1960-01-01T00:00:00.000000Z", -315619200000000, true},
		{"9999-12-31T23:59:59.000000Z", 253402300799000000, true},
		{"1969-12-31T23:59:59.600000Z", -400000, true},
		{"2018-03-24T17:15:20.615923Z", 1521911720615923, true},
		{"2011-09-10T19:15:02Z", 1315682102000000, true}, // LINKS-AND-FORMATS.md §3
		{"2011-09-10T12:15:02-07:00", 1315682102000000, true},
		{"2024-02-29T00:00:00Z", 1709164800000000, true},
		{"2023-02-29T00:00:00Z", 0, false},
		{"2024-03-05", 0, false},
		{"2024-03-05T10:00:00.Z", 0, false},
		{"2024-03-05T10:00:00Zjunk", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseISO8601([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseISO8601(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAppendUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{`abc`, "abc"},
		{`\x2d`, "-"},
		{`a\x2cb`, "a,b"},
		{`\\x2c`, `\x2c`},
		{`O=VMware\\, Inc`, `O=VMware\, Inc`},
		{`\x0a\xff`, "\n\xff"},
		{`\xZZ\`, `\xZZ\`},
		{`\x4`, `\x4`},
	}
	for _, tt := range tests {
		if got := string(AppendUnescape(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendUnescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPathFromName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"conn.log", "conn"},
		{"/x/y/conn.15:00:00-16:00:00.log.gz", "conn"},
		{"open_conn.17_32_32-18_00_00.log.gz", "open_conn"},
		{"known_certs.16:02:19-17:00:00.log.gz", "known_certs"},
		{"http.2019-05-01.log", "http"},
		{"conn.2024-03-05-10-00-00.log", "conn"},
		{"conn.log.1", "conn"},
		{"logs/current/json_streaming_http.log", "http"},
		{"ssl.ndjson.gz", "ssl"},
		{"x509.json", "x509"},
	}
	for _, tt := range tests {
		if got := PathFromName(tt.in); got != tt.want {
			t.Errorf("PathFromName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseType(t *testing.T) {
	for in, want := range map[string]Type{
		"time": {Kind: KindTime}, "set[string]": {KindString, Set}, "table[enum]": {KindEnum, Set},
		"vector[interval]": {KindInterval, Vector},
	} {
		if got, err := ParseType(in); got != want || err != nil {
			t.Errorf("ParseType(%q) = %v, %v", in, got, err)
		}
	}
}
