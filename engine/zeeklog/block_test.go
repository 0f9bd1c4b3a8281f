package zeeklog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readSplit drains r the way a loader that splits files does: blocks cut
// by NextBlock are read by their own readers (here one after another, in
// order), everything else by r itself.
func readSplit(t testing.TB, r *Reader) (res result, blocks int) {
	t.Helper()
	var blockLines int64
	for i := 0; ; i++ {
		if i > 1e7 {
			t.Fatal("reader does not end")
		}
		if b, ok := r.NextBlock(); ok {
			blocks++
			br := b.Reader()
			sub := readAll(t, br)
			res.rows = append(res.rows, sub.rows...)
			res.errs = append(res.errs, sub.errs...)
			blockLines += sub.lines
			continue
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
	res.lines = r.Lines() + blockLines
	return res, blocks
}

// sameResult fails the test when two reads of one input differ in rows
// (values, headers, line numbers, warnings), errors or line counts.
func sameResult(t testing.TB, what string, want, got result) {
	t.Helper()
	if want.lines != got.lines {
		t.Errorf("%s: Lines() = %d, want %d", what, got.lines, want.lines)
	}
	if len(want.rows) != len(got.rows) {
		t.Fatalf("%s: %d rows, want %d", what, len(got.rows), len(want.rows))
	}
	for i := range want.rows {
		if !reflect.DeepEqual(want.rows[i], got.rows[i]) {
			t.Fatalf("%s: row %d (line %d) differs:\n got %+v\nwant %+v", what, i, want.rows[i].Line, got.rows[i], want.rows[i])
		}
	}
	if len(want.errs) != len(got.errs) {
		t.Fatalf("%s: %d errors %v, want %d %v", what, len(got.errs), got.errs, len(want.errs), want.errs)
	}
	for i := range want.errs {
		if want.errs[i].Error() != got.errs[i].Error() || want.errs[i].Warning != got.errs[i].Warning {
			t.Fatalf("%s: error %d is %q, want %q", what, i, got.errs[i], want.errs[i])
		}
	}
}

// TestBlocksReadLikeTheFile reads every bundled log and pitfall case whole
// and split into blocks of several sizes, and wants the same rows, errors
// and line numbers both ways.
func TestBlocksReadLikeTheFile(t *testing.T) {
	var files []string
	for _, root := range []string{"../../testdata/corpus", "../../testdata/cases", "../../testdata/walk"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.Contains(d.Name(), ".log") || strings.HasSuffix(d.Name(), ".gz")) {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 50 {
		t.Fatalf("found %d log files under testdata, want the bundled corpus and cases", len(files))
	}
	totalBlocks := 0
	for _, name := range files {
		want := readFile(t, name)
		sizes := []int{4096, 1 << 20}
		if st, err := os.Stat(name); err == nil && st.Size() < 200<<10 {
			sizes = append(sizes, 16, 100) // line by line: for the small files
		}
		for _, size := range sizes {
			f, err := Open(name)
			if err != nil {
				t.Fatal(err)
			}
			r := NewReader(f, name)
			r.SetBlockBytes(size)
			got, blocks := readSplit(t, r)
			f.Close()
			totalBlocks += blocks
			sameResult(t, fmt.Sprintf("%s in blocks of %d bytes", name, size), want, got)
		}
	}
	if totalBlocks < 1000 {
		t.Errorf("only %d blocks cut: the splitting was hardly exercised", totalBlocks)
	}
}

// TestBlocksKeepHeaderChanges cuts a file whose header changes midway
// (and whose separator does): each block keeps the header in force where it
// was cut, and no block holds a header line.
func TestBlocksKeepHeaderChanges(t *testing.T) {
	in := "#fields\ta\tb\n#types\tcount\tstring\n1\tx\n2\ty\n3\tz\n" +
		"#separator \\x7c\n#fields|a\n#types|string\nq\nr\n#close|2020\n\n" +
		"#separator \\x09\n#fields\tb\n#types\tcount\n7\n8\nbad\n"
	want := readString(t, "h.log", in)
	r := NewReader(strings.NewReader(in), "h.log")
	r.SetBlockBytes(16)
	got, blocks := readSplit(t, r)
	sameResult(t, "header changes", want, got)
	if blocks == 0 {
		t.Fatal("no block was cut")
	}
	last := got.rows[len(got.rows)-1]
	if len(got.rows) != 8 || len(got.errs) != 0 || last.Line != 18 || len(last.Warnings) != 1 || last.Header.Fields[0].Name != "b" {
		t.Fatalf("got %d rows, errors %v, last row %+v; want 8 rows, the last (line 18) of field b with one warning", len(got.rows), got.errs, last)
	}
}

// TestNextBlockStates: no block is cut before the header, for JSON, or
// from a Block's own reader.
func TestNextBlockStates(t *testing.T) {
	r := NewReader(strings.NewReader(tsvHeader+"1.5\tC1\t192.0.2.1\t80\ta\t-\n"), "conn.log")
	if _, ok := r.NextBlock(); ok {
		t.Fatal("a block was cut before the header was read")
	}
	j := NewReader(strings.NewReader(`{"a":1}`+"\n"+`{"a":2}`+"\n"), "conn.log")
	if _, err := j.Read(); err != nil {
		t.Fatal(err)
	}
	if _, ok := j.NextBlock(); ok {
		t.Fatal("a JSON block was cut")
	}
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	r2 := NewReader(strings.NewReader(tsvHeader+"1\tC1\t192.0.2.1\t80\ta\t-\n2\tC2\t192.0.2.1\t80\ta\t-\n3\tC3\t192.0.2.1\t80\ta\t-\n"), "conn.log")
	r2.SetBlockBytes(64)
	if _, err := r2.Read(); err != nil {
		t.Fatal(err)
	}
	b, ok := r2.NextBlock()
	if !ok {
		t.Fatal("no block cut after the first row")
	}
	if b.Lines() != 2 {
		t.Fatalf("block of %d lines (%q), want 2", b.Lines(), b.data)
	}
	if _, ok := b.Reader().NextBlock(); ok {
		t.Fatal("a block's reader cut a block")
	}
}
