package zeeklog

// Tests over the pitfall cases in $ZHUNT_SHARED/cases. Each expected value
// quotes the case's expected.md unless the comment says it was read from the
// input file itself.

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestCase01SetSeparatorInsideElement(t *testing.T) {
	res := readFile(t, caseFile(t, "01-set-separator-inside-element/dns.log"))
	if len(res.errs) != 0 {
		t.Fatalf("errors: %v", res.errs)
	}
	tests := []struct {
		uid     string
		answers []string // nil: unset
		ttls    []float64
	}{
		{"CnX1r8a2Jt4PqLw0e", []string{"TXT 15 cmd=ls,-la,/tmp", "TXT 5 ok,go"}, []float64{60, 60}},
		{"C4fWq0b9ZkTe1Hm7u", []string{"192.0.2.80", "192.0.2.81"}, []float64{300, 300}},
		{"CbV7yQ2nLr5sXo3Da", []string{"TXT 3 a,b"}, []float64{120}},
		{"CzP0eR6tYw8uIa2Sd", nil, nil},
	}
	total := 0
	for _, tt := range tests {
		t.Run(tt.uid, func(t *testing.T) {
			row := rowBy(t, res.rows, tt.uid)
			got := elems(t, row, "answers")
			if strings.Join(got, "|") != strings.Join(tt.answers, "|") || (got == nil) != (tt.answers == nil) {
				t.Errorf("answers = %q, want %q", got, tt.answers)
			}
			total += len(got)
			ttl := get(t, row, "TTLs")
			if ttl.Unset != (tt.ttls == nil) || len(ttl.Elems) != len(tt.ttls) {
				t.Fatalf("TTLs = %+v, want %v", ttl, tt.ttls)
			}
			for i, e := range ttl.Elems {
				if e.Float != tt.ttls[i] {
					t.Errorf("TTLs[%d] = %v, want %v", i, e.Float, tt.ttls[i])
				}
			}
		})
	}
	if total != 5 {
		t.Errorf("exploded answers = %d, want 5", total)
	}
}

func TestCase02EmptyUnsetLiteralDash(t *testing.T) {
	res := readFile(t, caseFile(t, "02-empty-unset-and-literal-dash/http.log"))
	if len(res.errs) != 0 || len(res.rows) != 4 {
		t.Fatalf("%d rows, errors %v; want 4 rows", len(res.rows), res.errs)
	}
	tests := []struct {
		uid, userAgent, username string
		proxied                  []string // nil: unset
	}{
		{"CA1b2C3d4E5f6G7h8", "-", "", nil},
		{"CH9i8J7k6L5m4N3o2", "(empty)", "<unset>", nil},
		{"Cp1Q2r3S4t5U6v7W8", "<unset>", "<unset>", nil},
		{"CxY9z8A7b6C5d4E3f", "curl/8.5.0", "<unset>", []string{"X-FORWARDED-FOR -> 198.51.100.23"}},
	}
	for _, tt := range tests {
		t.Run(tt.uid, func(t *testing.T) {
			row := rowBy(t, res.rows, tt.uid)
			if got := text(t, row, "user_agent"); got != tt.userAgent {
				t.Errorf("user_agent = %q, want %q", got, tt.userAgent)
			}
			if got := text(t, row, "username"); got != tt.username {
				t.Errorf("username = %q, want %q", got, tt.username)
			}
			if tags := get(t, row, "tags"); tags.Unset || len(tags.Elems) != 0 {
				t.Errorf("tags = %+v, want the empty set", tags)
			}
			got := elems(t, row, "proxied")
			if (got == nil) != (tt.proxied == nil) || strings.Join(got, "|") != strings.Join(tt.proxied, "|") {
				t.Errorf("proxied = %q, want %q", got, tt.proxied)
			}
		})
	}
}

func TestCase03CustomHeaderMarkers(t *testing.T) {
	res := readFile(t, caseFile(t, "03-custom-header-markers/http.log"))
	if len(res.errs) != 0 || len(res.rows) != 4 {
		t.Fatalf("%d rows, errors %v; want 4 rows", len(res.rows), res.errs)
	}
	h := res.rows[0].Header
	if h.SetSeparator != ";" || h.EmptyField != "EMPTY" || h.UnsetField != "NULL" {
		t.Errorf("markers %q %q %q, want ; EMPTY NULL", h.SetSeparator, h.EmptyField, h.UnsetField)
	}
	tests := []struct {
		uid, userAgent, referrer, username string
		proxied                            []string
	}{
		{"Cq7Wm2Lx9Pz4Rt6Yu", "-", "<unset>", "<unset>", nil},
		{"CeR5tY7uI9oP1aS3d", "NULL", "<unset>", "", nil},
		{"Cf6Gh8Jk0Lz2Xc4Vb", "Mozilla/5.0", "http://www.example.com/?a=1;b=2", "<unset>",
			[]string{"X-FORWARDED-FOR -> 192.0.2.44", "VIA -> 1.1 proxy.example.net"}},
		{"Cn1Mb3Vc5Xz7Lk9Jh", "<unset>", "<unset>", "(empty)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.uid, func(t *testing.T) {
			row := rowBy(t, res.rows, tt.uid)
			for _, c := range []struct{ field, want string }{
				{"user_agent", tt.userAgent}, {"referrer", tt.referrer}, {"username", tt.username},
			} {
				if got := text(t, row, c.field); got != c.want {
					t.Errorf("%s = %q, want %q", c.field, got, c.want)
				}
			}
			if got := elems(t, row, "proxied"); strings.Join(got, "|") != strings.Join(tt.proxied, "|") || (got == nil) != (tt.proxied == nil) {
				t.Errorf("proxied = %q, want %q", got, tt.proxied)
			}
			if tags := get(t, row, "tags"); tags.Unset || len(tags.Elems) != 0 {
				t.Errorf("tags = %+v, want the empty set", tags)
			}
		})
	}
}

func TestCase05WrongFieldCount(t *testing.T) {
	res := readFile(t, caseFile(t, "05-row-with-wrong-field-count/dns.log"))
	var uids []string
	var warns []*ParseError
	for _, r := range res.rows {
		uids = append(uids, text(t, r, "uid"))
		warns = append(warns, r.Warnings...)
	}
	if got, want := strings.Join(uids, " "), "CsD4fG6hJ8kL0zX2c CvB3nM5qW7eR9tY1u CiO2pA4sD6fG8hJ0k ClZ5xC7vB9nM1qW3e"; got != want {
		t.Errorf("uids = %s, want %s", got, want)
	}
	if len(warns) != 1 || warns[0].Line != 11 || !warns[0].Warning || !errors.Is(warns[0], ErrFieldCount) ||
		!strings.Contains(warns[0].Error(), "dns.log:11: wrong number of fields: 25 values, want 24") {
		t.Errorf("warnings = %v, want one at dns.log:11 (25 values, want 24)", warns)
	}
	if len(res.errs) != 1 || res.errs[0].Line != 13 || res.errs[0].Warning || !errors.Is(res.errs[0], ErrFieldCount) ||
		!strings.Contains(res.errs[0].Error(), "dns.log:13: wrong number of fields: 20 values, want 24") {
		t.Errorf("errors = %v, want one at dns.log:13 (20 values, want 24)", res.errs)
	}
	row := rowBy(t, res.rows, "CiO2pA4sD6fG8hJ0k")
	if got := elems(t, row, "answers"); len(got) != 1 || got[0] != "TXT 9 beacon=42" {
		t.Errorf("answers = %q, want [TXT 9 beacon=42]", got)
	}
	if ttl := get(t, row, "TTLs"); len(ttl.Elems) != 1 || ttl.Elems[0].Float != 60 {
		t.Errorf("TTLs = %+v, want [60]", ttl)
	}
	if v := get(t, row, "rejected"); v.Unset || v.Bool {
		t.Errorf("rejected = %+v, want false", v)
	}
}

func TestCase06SchemaDiffersBetweenFiles(t *testing.T) {
	var rows []Row
	for _, f := range []string{"http.2019-05-01.log", "http.2024-03-05.log"} {
		res := readFile(t, caseFile(t, "06-schema-differs-between-files/"+f))
		if len(res.errs) != 0 {
			t.Errorf("%s: errors %v", f, res.errs)
		}
		for _, r := range res.rows {
			if len(r.Warnings) != 0 {
				t.Errorf("%s: warnings %v", f, r.Warnings)
			}
		}
		rows = append(rows, res.rows...)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	var req, resp uint64
	status := map[uint64]int{}
	for _, r := range rows {
		req += get(t, r, "request_body_len").Uint
		resp += get(t, r, "response_body_len").Uint
		status[get(t, r, "status_code").Uint]++
	}
	if req != 348 || resp != 5309 {
		t.Errorf("sums = %d, %d; want 348, 5309", req, resp)
	}
	if status[200] != 2 || status[301] != 1 || status[404] != 1 {
		t.Errorf("status codes = %v, want 200=2 301=1 404=1", status)
	}
	for uid, want := range map[string]string{"CgH7jK9lZ1xC3vB5n": "<absent>", "CmN1bV3cX5zL7kJ9h": "<absent>",
		"CdF3gH5jK7lZ9xC1v": "https://app.example.com", "CbV7nM9qW1eR3tY5u": "<unset>"} {
		r := rowBy(t, rows, uid)
		got := "<absent>"
		if has(r, "origin") {
			got = text(t, r, "origin")
		}
		if got != want {
			t.Errorf("%s origin = %q, want %q", uid, got, want)
		}
	}
	if got := text(t, rowBy(t, rows, "CmN1bV3cX5zL7kJ9h"), "user_agent"); got != "Mozilla/5.0 (Windows NT 10.0)" {
		t.Errorf("user_agent = %q", got)
	}
}

func TestCase08TruncatedGzip(t *testing.T) {
	name := caseFile(t, "08-truncated-gzip/conn.log.gz")
	res := readFile(t, name)
	if len(res.rows) != 159 {
		t.Errorf("%d rows, want 159", len(res.rows))
	}
	if len(res.errs) != 1 || !errors.Is(res.errs[0], ErrTruncated) || !errors.Is(res.errs[0], io.ErrUnexpectedEOF) ||
		!strings.Contains(res.errs[0].Error(), "conn.log.gz") {
		t.Fatalf("errors = %v, want one ErrTruncated naming conn.log.gz", res.errs)
	}
	// Line: the partial line after the 8 header lines and 159 records
	// (expected.md's counts; `zcat conn.log.gz | awk 'END {print NR}'`
	// prints 168 too).
	if res.errs[0].Line != 168 {
		t.Errorf("truncation reported at line %d, want 168", res.errs[0].Line)
	}
	var sum uint64
	for _, r := range res.rows {
		sum += get(t, r, "orig_bytes").Uint
	}
	if last := text(t, res.rows[len(res.rows)-1], "uid"); last != "COQVWbi4S5bsgvxRFF" || sum != 117183 {
		t.Errorf("last uid %s, sum(orig_bytes) %d; want COQVWbi4S5bsgvxRFF, 117183", last, sum)
	}
}

func TestCase09FileStillBeingWritten(t *testing.T) {
	live := readFile(t, caseFile(t, "09-file-still-being-written/live/conn.log"))
	var uids []string
	for _, r := range live.rows {
		uids = append(uids, text(t, r, "uid"))
	}
	if got, want := strings.Join(uids, " "), "CdnXRIL3rAVgd5mFVj C7nsCuYKt8c8ubKKPD CHIg37lExsYyv4G6SN CrOuya4FxR6NZRVzCM"; got != want {
		t.Errorf("live uids = %s, want %s", got, want)
	}
	if len(live.errs) != 1 || !errors.Is(live.errs[0], ErrPartialLine) || !live.errs[0].Warning || live.errs[0].Field != "" {
		t.Errorf("live errors = %v, want one ErrPartialLine warning", live.errs)
	}
	after := readFile(t, caseFile(t, "09-file-still-being-written/after/conn.log"))
	if len(after.rows) != 5 || len(after.errs) != 0 {
		t.Fatalf("after: %d rows, errors %v; want 5 rows", len(after.rows), after.errs)
	}
	r := after.rows[4]
	if text(t, r, "uid") != "Ct4A4aD5Y2fIBPbv62" || text(t, r, "id.resp_h") != "203.0.113.5" {
		t.Errorf("5th row uid %s id.resp_h %s", text(t, r, "uid"), text(t, r, "id.resp_h"))
	}
}

func TestCase10JSONTimeFormats(t *testing.T) {
	for _, dir := range []string{"epoch", "iso8601"} {
		t.Run(dir, func(t *testing.T) {
			conn := readFile(t, caseFile(t, "10-json-time-formats/"+dir+"/conn.log"))
			x509 := readFile(t, caseFile(t, "10-json-time-formats/"+dir+"/x509.log"))
			if len(conn.errs)+len(x509.errs) != 0 || len(conn.rows) != 3 || len(x509.rows) != 3 {
				t.Fatalf("conn %d rows, x509 %d rows, errors %v %v", len(conn.rows), len(x509.rows), conn.errs, x509.errs)
			}
			for uid, want := range map[string]int64{
				"CaB1cD2eF3gH4iJ5k": 1709632800123456,
				"CkL6mN7oP8qR9sT0u": 1709632912500000,
				"CvW1xY2zA3bC4dE5f": 1709633100000001,
			} {
				r := rowBy(t, conn.rows, uid)
				if ts := get(t, r, "ts"); ts.Unset || ts.Int != want {
					t.Errorf("%s ts = %d, want %d", uid, ts.Int, want)
				}
				if r.Header.Fields[r.Header.Index("ts")].Type.Kind != KindTime {
					t.Errorf("ts type %v, want time", r.Header.Fields[0].Type)
				}
			}
			// Cert A is x509 row 1, cert B row 2 (order in the files).
			checks := []struct {
				row   int
				field string
				want  int64
			}{
				{0, "certificate.not_valid_before", -315619200000000},
				{0, "certificate.not_valid_after", 253402300799000000},
				{1, "certificate.not_valid_before", -400000},
				{1, "certificate.not_valid_after", 1893456000000000},
			}
			for _, c := range checks {
				if v := get(t, x509.rows[c.row], c.field); v.Unset || v.Int != c.want {
					t.Errorf("cert %d %s = %d, want %d", c.row, c.field, v.Int, c.want)
				}
			}
			if v := get(t, x509.rows[0], "certificate.exponent"); string(v.Text) != "65537" {
				t.Errorf("exponent = %+v, want text 65537", v)
			}
		})
	}
}

func TestCase12DottedVsNested(t *testing.T) {
	conn := readFile(t, caseFile(t, "12-json-dotted-vs-nested-names/conn.log"))
	smb := readFile(t, caseFile(t, "12-json-dotted-vs-nested-names/smb_cmd.log"))
	if len(conn.errs)+len(smb.errs) != 0 || len(conn.rows) != 2 || len(smb.rows) != 2 {
		t.Fatalf("conn %d smb %d rows, errors %v %v", len(conn.rows), len(smb.rows), conn.errs, smb.errs)
	}
	for _, r := range conn.rows {
		if r.Header.Path != "conn" {
			t.Errorf("path %q, want conn (from the file name)", r.Header.Path)
		}
		if text(t, r, "id.orig_h") != "192.0.2.21" || has(r, "id") {
			t.Errorf("line %d: id.orig_h %q, has id %v", r.Line, text(t, r, "id.orig_h"), has(r, "id"))
		}
	}
	ports := []uint64{get(t, conn.rows[0], "id.resp_p").Uint, get(t, conn.rows[1], "id.resp_p").Uint}
	if ports[0] != 445 || ports[1] != 443 {
		t.Errorf("id.resp_p = %v, want 445 443", ports)
	}
	actions := map[string]int{}
	for _, r := range smb.rows {
		if got := text(t, r, "referenced_file.id.resp_h"); got != "198.51.100.45" {
			t.Errorf("line %d: referenced_file.id.resp_h = %q", r.Line, got)
		}
		actions[text(t, r, "referenced_file.action")]++
	}
	if actions["SMB::FILE_OPEN"] != 1 || actions["SMB::FILE_READ"] != 1 {
		t.Errorf("actions = %v", actions)
	}
}

func TestCase14Uint64(t *testing.T) {
	stats := readFile(t, caseFile(t, "14-uint64-beyond-float-precision/stats.log"))
	conn := readFile(t, caseFile(t, "14-uint64-beyond-float-precision/conn.log"))
	if len(stats.errs)+len(conn.errs) != 0 || len(stats.rows) != 2 || len(conn.rows) != 2 {
		t.Fatalf("rows %d %d, errors %v %v", len(stats.rows), len(conn.rows), stats.errs, conn.errs)
	}
	if got := get(t, stats.rows[0], "pkts_dropped").Uint; got != 18446744073709551612 {
		t.Errorf("pkts_dropped = %d", got)
	}
	if got := get(t, stats.rows[1], "pkts_dropped").Uint; got != 3 {
		t.Errorf("pkts_dropped min = %d, want 3", got)
	}
	r := rowBy(t, conn.rows, "CbH2nJ4mK6lP8oI0u")
	if got := get(t, r, "orig_bytes").Uint; got != 9007199254740993 {
		t.Errorf("orig_bytes = %d, want 9007199254740993", got)
	}
	if got := get(t, r, "resp_bytes").Uint; got != 18446744073709551615 {
		t.Errorf("resp_bytes = %d, want 18446744073709551615", got)
	}
}

func TestCase15NegativeIntervals(t *testing.T) {
	dns := readFile(t, caseFile(t, "15-negative-intervals/dns.log"))
	ntp := readFile(t, caseFile(t, "15-negative-intervals/ntp.log"))
	if len(dns.errs)+len(ntp.errs) != 0 || len(dns.rows) != 4 || len(ntp.rows) != 1 {
		t.Fatalf("rows %d %d, errors %v %v", len(dns.rows), len(ntp.rows), dns.errs, ntp.errs)
	}
	for uid, want := range map[string][]float64{
		"CgT5yH7uJ9iK1oL3p": {-1}, "CwQ2eR4tY6uI8oP0s": {-1, 300}, "CdF6gH8jK0lZ2xC4v": nil, "CbN7mQ9wE1rT3yU5i": {60},
	} {
		v := get(t, rowBy(t, dns.rows, uid), "TTLs")
		if v.Unset != (want == nil) || len(v.Elems) != len(want) {
			t.Errorf("%s TTLs = %+v, want %v", uid, v, want)
			continue
		}
		for i := range want {
			if v.Elems[i].Float != want[i] {
				t.Errorf("%s TTLs[%d] = %v, want %v", uid, i, v.Elems[i].Float, want[i])
			}
		}
	}
	if got := get(t, ntp.rows[0], "root_delay").Float; got != -0.000015 {
		t.Errorf("root_delay = %v, want -0.000015", got)
	}
}

func TestCase21VeryLongLines(t *testing.T) {
	http := readFile(t, caseFile(t, "21-very-long-lines/http.log"))
	smtp := readFile(t, caseFile(t, "21-very-long-lines/smtp.log"))
	if len(http.errs)+len(smtp.errs) != 0 || len(http.rows) != 3 || len(smtp.rows) != 2 {
		t.Fatalf("rows %d %d, errors %v %v", len(http.rows), len(smtp.rows), http.errs, smtp.errs)
	}
	r := rowBy(t, http.rows, "CLg6Ff7Gg8Hh9Ii0J")
	if n := len(get(t, r, "uri").Text); n != 300000 || get(t, r, "status_code").Uint != 414 {
		t.Errorf("len(uri) = %d status %d, want 300000 414", n, get(t, r, "status_code").Uint)
	}
	if got := text(t, rowBy(t, http.rows, "CLg1Kk2Ll3Mm4Nn5O"), "uri"); got != "/end" {
		t.Errorf("next uri = %q, want /end", got)
	}
	if n := len(get(t, rowBy(t, smtp.rows, "CLg6Pp7Qq8Rr9Ss0T"), "subject").Text); n != 200000 {
		t.Errorf("len(subject) = %d, want 200000", n)
	}

	// Below the limit: the long line alone is rejected, naming file and line.
	f, err := Open(caseFile(t, "21-very-long-lines/http.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f, "http.log")
	rd.MaxLineBytes = 100000
	res := readAll(t, rd)
	if len(res.rows) != 2 || len(res.errs) != 1 || !errors.Is(res.errs[0], ErrLineTooLong) {
		t.Fatalf("MaxLineBytes 100000: %d rows, errors %v; want 2 rows and ErrLineTooLong", len(res.rows), res.errs)
	}
	if got := text(t, res.rows[1], "uri"); got != "/end" {
		t.Errorf("row after the long line: uri %q, want /end", got)
	}
	if res.errs[0].Line != rowBy(t, http.rows, "CLg6Ff7Gg8Hh9Ii0J").Line {
		t.Errorf("too long at line %d, want the long row's line", res.errs[0].Line)
	}
}

func TestCase26FileNamingAndNonZeek(t *testing.T) {
	root := caseFile(t, "26-file-naming-and-non-zeek-files/logs")
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Errorf("Files found %d files, want 6: %v", len(files), files)
	}
	count := map[string]int{}
	notZeek := map[string]bool{}
	for _, name := range files {
		res := readFile(t, name)
		for _, e := range res.errs {
			if !errors.Is(e, ErrNotZeek) || e.Line != 0 || len(res.errs) != 1 {
				t.Errorf("%s: errors %v", name, res.errs)
			}
			notZeek[filepath.Base(name)] = true
		}
		for _, r := range res.rows {
			count[r.Header.Path]++
			if r.Header.Path == "http" {
				ts, wts := get(t, r, "ts"), get(t, r, "_write_ts")
				if ts.Unset || wts.Unset || ts.Int == wts.Int {
					t.Errorf("http ts %d _write_ts %d: want both, distinct", ts.Int, wts.Int)
				}
			}
		}
	}
	if count["conn"] != 3 || count["dns"] != 2 || count["http"] != 2 || len(count) != 3 {
		t.Errorf("counts = %v, want conn 3 dns 2 http 2", count)
	}
	for _, n := range []string{"conn-summary.10:00:00-11:00:00.log.gz", "stderr.log", "stdout.log"} {
		if !notZeek[n] {
			t.Errorf("%s not reported as not a Zeek log", n)
		}
	}
}

func TestCase27EarlyBro2Headers(t *testing.T) {
	old := readFile(t, caseFile(t, "27-early-bro2-headers/bro-2.0/conn.log"))
	b21 := readFile(t, caseFile(t, "27-early-bro2-headers/bro-2.1/conn.log"))
	if len(old.errs)+len(b21.errs) != 0 || len(old.rows)+len(b21.rows) != 4 {
		t.Fatalf("rows %d+%d, errors %v %v; want 4 rows", len(old.rows), len(b21.rows), old.errs, b21.errs)
	}
	if old.rows[0].Header.Open != "" || has(old.rows[0], "tunnel_parents") || has(old.rows[0], "local_resp") {
		t.Errorf("bro-2.0 header: open %q, fields %v", old.rows[0].Header.Open, old.rows[0].Header.Fields)
	}
	rowBy(t, old.rows, "Xk2mQ9pLr4T")
	tunnel := rowBy(t, b21.rows, "Hj3VbX6cL9p")
	if ft := tunnel.Header.Fields[tunnel.Header.Index("tunnel_parents")].Type; ft != (Type{KindString, Set}) {
		t.Errorf("tunnel_parents type %v, want set[string]", ft)
	}
	if v := get(t, tunnel, "tunnel_parents"); v.Unset || len(v.Elems) != 0 {
		t.Errorf("tunnel tunnel_parents = %+v, want empty set", v)
	}
	if got := elems(t, rowBy(t, b21.rows, "Rq5TzW8nM2c"), "tunnel_parents"); len(got) != 1 || got[0] != "Hj3VbX6cL9p" {
		t.Errorf("inner tunnel_parents = %q, want [Hj3VbX6cL9p]", got)
	}
	if old.rows[0].Header.Fields[0].Type.Kind != KindTime || get(t, old.rows[0], "ts").Int >= get(t, b21.rows[0], "ts").Int {
		t.Errorf("2012-02 ts should sort before 2012-10")
	}
}
