package zeeklog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSeeds returns the first ~20 lines of a few real files when
// ZHUNT_SHARED is set.
func fuzzSeeds(f *testing.F, rels ...string) {
	dir := os.Getenv("ZHUNT_SHARED")
	if dir == "" {
		return
	}
	for _, rel := range rels {
		r, err := Open(filepath.Join(dir, rel))
		if err != nil {
			continue
		}
		var sb strings.Builder
		br := bufio.NewReader(r)
		for i := 0; i < 20; i++ {
			line, err := br.ReadString('\n')
			if len(line) > 4096 {
				line = line[:4096] + "\n"
			}
			sb.WriteString(line)
			if err != nil {
				break
			}
		}
		r.Close()
		f.Add([]byte(sb.String()))
	}
}

// checkReader drains a Reader over in and checks the invariants: no panic,
// every error a *ParseError with a line in range, rows within range.
func checkReader(t *testing.T, in []byte, max int) {
	r := NewReader(strings.NewReader(string(in)), "fuzz.log")
	r.MaxLineBytes = max
	nlines := int64(strings.Count(string(in), "\n") + 1)
	for i := 0; ; i++ {
		if i > len(in)+10 {
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
			if pe.Line < 0 || pe.Line > nlines || pe.Column < 0 {
				t.Fatalf("error position %d:%d out of range (%d lines): %v", pe.Line, pe.Column, nlines, pe)
			}
			if pe.Error() == "" {
				t.Fatal("empty error text")
			}
			continue
		}
		if row.Line < 1 || row.Line > nlines {
			t.Fatalf("row line %d out of range (%d lines)", row.Line, nlines)
		}
		if row.Header == nil || len(row.Values) != len(row.Header.Fields) {
			t.Fatalf("row with %d values for header %+v", len(row.Values), row.Header)
		}
		for _, w := range row.Warnings {
			if w.Line < 1 || w.Line > nlines || w.Column < 0 || w.Column > len(in)+1 {
				t.Fatalf("warning position out of range: %v", w)
			}
		}
	}
	if r.Lines() > nlines {
		t.Fatalf("Lines() = %d > %d", r.Lines(), nlines)
	}
}

func FuzzTSV(f *testing.F) {
	f.Add([]byte(tsvHeader + "1.5\tC1\t192.0.2.1\t80\ta,b\\x2cc\t-\n"))
	f.Add([]byte("#separator ||\n#fields||a||b\n#types||count||set[string]\n1||x,y\n"))
	f.Add([]byte("#fields\ta\n#types\tint\tcount\nx\n#separator \\x7c\n#fields|a\n#types|time\n-0.4\n"))
	f.Add([]byte("### c\n#types\tvector[int]\n#fields\tv\n#close\tx\n1,-,(empty)\n1\t\n\n2"))
	f.Add([]byte("#fields\ta\n" + strings.Repeat("x", 300) + "\n"))
	fuzzSeeds(f, "cases/01-set-separator-inside-element/dns.log", "cases/03-custom-header-markers/http.log",
		"cases/05-row-with-wrong-field-count/dns.log", "zeek-corpus/zeek-btest-format-edge-cases/scripts.base.frameworks.logging.ascii-escape/ssh.log",
		"zeek-corpus/zeek-btest-format-edge-cases/scripts.base.frameworks.logging.ascii-binary/ssh.log",
		"zeek-corpus/zeek-testing-m57short-zeekhead/conn.log", "zeek-corpus/rita-truncated/conn.log")
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, in, 256)
		checkReader(t, in, 0)
		// Split into blocks, the input reads the same.
		want := readAll(t, NewReader(strings.NewReader(string(in)), "fuzz.log"))
		for _, size := range []int{16, 70} {
			r := NewReader(strings.NewReader(string(in)), "fuzz.log")
			r.SetBlockBytes(size)
			got, _ := readSplit(t, r)
			sameResult(t, fmt.Sprintf("blocks of %d bytes", size), want, got)
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"ts":1.5,"id":{"orig_h":"a","orig_p":1},"n":[1,null,-2],"s":"\\xc3(","b":true}` + "\n" + `{"ts":"2018-03-24T17:15:20.615923Z","n":[1.5]}`))
	f.Add([]byte("### c\n{\"_path\":\"conn\",\"a\":18446744073709551615}\n{\"a\":-1}\n{\"a\":\"x\"}\n{\"a\":[{}]}\n{x}\n[1]\n{\"a\":1} 2"))
	f.Add([]byte(`{"_write_ts":1700000000000,"d":{"e":{"f":{"g":null}}}}`))
	fuzzSeeds(f, "cases/10-json-time-formats/iso8601/x509.log", "cases/12-json-dotted-vs-nested-names/smb_cmd.log",
		"cases/14-uint64-beyond-float-precision/conn.log", "zeek-corpus/zat-json-zeek3/files.log",
		"zeek-corpus/zeek-btest-format-edge-cases/scripts.base.frameworks.logging.ascii-json/ssh.log",
		"zeek-corpus/zeek-btest-format-edge-cases/scripts.base.frameworks.logging.ascii-json-utf8/ssh-tsv.log")
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, in, 512)
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1709633100.000001", "-0.4", "253402300799.0", "1e9", "-9223372036854.775808",
		"9223372036854.775807", ".5", "0.0000005", "2018-03-24T17:15:20.615923Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59.6+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		us, ok := ParseTime([]byte(s))
		if ok && isPlainDecimal(s) {
			// Cross-check against strconv-free reasoning: the integer
			// part must match the microseconds divided down.
			intPart := strings.SplitN(strings.TrimLeft(s, "+-"), ".", 2)[0]
			if n, ok := parseUint([]byte(intPart)); ok && n < 1e12 {
				abs := us
				if abs < 0 {
					abs = -abs
				}
				if q := uint64(abs / 1e6); q != n && q != n+1 {
					t.Fatalf("ParseTime(%q) = %d: integer part %d", s, us, n)
				}
			}
		}
		ParseISO8601([]byte(s))
		AppendUnescape(nil, []byte(s))
		appendUnescapeHex(nil, []byte(s))
	})
}

// isPlainDecimal reports [sign]digits[.digits] text.
func isPlainDecimal(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if len(s) == 0 || len(s) > 30 || strings.Count(s, ".") > 1 || s[0] == '.' {
		return false
	}
	for _, c := range s {
		if c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
