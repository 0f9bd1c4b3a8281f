package zeeklog

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir returns $ZHUNT_SHARED (the shared cases and corpus). Tests that
// need it skip when it is unset, except under CI, where they fail.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ZHUNT_SHARED")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ZHUNT_SHARED is not set (required when CI is set)")
		}
		t.Skip("ZHUNT_SHARED not set")
	}
	return dir
}

// caseFile returns the path of a file of a pitfall case.
func caseFile(t testing.TB, rel string) string {
	return filepath.Join(sharedDir(t), "cases", rel)
}

// result is everything a Reader returned for one input.
type result struct {
	rows  []Row // deep copies
	errs  []*ParseError
	lines int64
}

// readAll drains r, copying every row.
func readAll(t testing.TB, r *Reader) result {
	t.Helper()
	var res result
	for i := 0; ; i++ {
		if i > 1e7 {
			t.Fatal("reader does not end")
		}
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			res.errs = append(res.errs, pe)
			continue
		}
		res.rows = append(res.rows, copyRow(row))
	}
	res.lines = r.Lines()
	return res
}

func readString(t testing.TB, name, in string) result {
	t.Helper()
	return readAll(t, NewReader(strings.NewReader(in), name))
}

func readFile(t testing.TB, name string) result {
	t.Helper()
	f, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, NewReader(f, name))
}

func copyValue(v Value) Value {
	if v.Text != nil {
		v.Text = append([]byte{}, v.Text...)
	}
	if v.Elems != nil {
		el := make([]Value, len(v.Elems))
		for i, e := range v.Elems {
			el[i] = copyValue(e)
		}
		v.Elems = el
	}
	return v
}

func copyRow(r Row) Row {
	vals := make([]Value, len(r.Values))
	for i, v := range r.Values {
		vals[i] = copyValue(v)
	}
	r.Values = vals
	r.Warnings = append([]*ParseError(nil), r.Warnings...)
	return r
}

// get returns the named value of a row; it fails the test if the field
// does not exist.
func get(t testing.TB, r Row, name string) Value {
	t.Helper()
	i := r.Header.Index(name)
	if i < 0 {
		t.Fatalf("line %d: no field %q in %s", r.Line, name, r.Header.Path)
	}
	return r.Values[i]
}

// has reports whether the row's header has the field.
func has(r Row, name string) bool { return r.Header.Index(name) >= 0 }

// text returns a text value, "<unset>" for unset.
func text(t testing.TB, r Row, name string) string {
	t.Helper()
	v := get(t, r, name)
	if v.Unset {
		return "<unset>"
	}
	return string(v.Text)
}

// elems returns the elements of a container as strings ("<unset>" for an
// unset container, "<nil>" for unset elements).
func elems(t testing.TB, r Row, name string) []string {
	t.Helper()
	v := get(t, r, name)
	if v.Unset {
		return nil
	}
	out := []string{}
	for _, e := range v.Elems {
		if e.Unset {
			out = append(out, "<nil>")
		} else {
			out = append(out, string(e.Text))
		}
	}
	return out
}

// rowBy finds the row whose uid is uid.
func rowBy(t testing.TB, rows []Row, uid string) Row {
	t.Helper()
	for _, r := range rows {
		if i := r.Header.Index("uid"); i >= 0 && string(r.Values[i].Text) == uid {
			return r
		}
	}
	t.Fatalf("no row with uid %s", uid)
	return Row{}
}

// countDataLines counts the non-blank lines not starting with '#' of a
// (possibly gzip) file independently of the Reader: bufio over the
// decompressed stream, keeping whatever decompresses before an error. It
// also returns the set of those line numbers.
func countDataLines(t testing.TB, name string) (int64, map[int64]bool) {
	t.Helper()
	f, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var n, ln int64
	set := map[int64]bool{}
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			ln++
			s := strings.TrimRight(string(line), "\r\n")
			if s != "" && s[0] != '#' {
				n++
				set[ln] = true
			}
		}
		if err != nil {
			break
		}
	}
	return n, set
}
