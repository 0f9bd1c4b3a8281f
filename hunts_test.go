package main

// End-to-end tests of the shipped hunts: each runs the zhunt command (in
// process, through the same run function as the binary) on real logs with
// --format tsv, and compares the tables it prints with answers computed by
// independent tools. The expected files live in testdata/expected; each
// starts with "# command:" naming the bro-cut/jq/mawk pipeline that made it
// (testdata/expected/make.sh regenerates them all).

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// runCLI runs zhunt with args and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// tsvSections splits hunt output printed with --format tsv into its tables,
// keyed by the last "== " title line before each "#fields" header.
func tsvSections(out string) map[string][][]string {
	sections := map[string][][]string{}
	title, inTable := "", false
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "== "):
			title, inTable = line, false
		case strings.HasPrefix(line, "#fields\t"):
			inTable = true
			sections[title] = append(sections[title], strings.Split(line, "\t")[1:])
		case inTable && line != "" && !strings.HasPrefix(line, "(") && !strings.HasPrefix(line, "!"):
			sections[title] = append(sections[title], strings.Split(line, "\t"))
		default:
			inTable = false
		}
	}
	return sections
}

// section returns the rows (without header) of the table whose title starts
// with prefix, failing the test if there is none.
func section(t *testing.T, out, prefix string) (header []string, rows [][]string) {
	t.Helper()
	for title, tab := range tsvSections(out) {
		if strings.HasPrefix(title, prefix) {
			return tab[0], tab[1:]
		}
	}
	t.Fatalf("no table titled %q in output:\n%s", prefix, out)
	return nil, nil
}

// expectedRows reads an expected file: lines not starting with '#', split
// on tabs (or, for `uniq -c` output, into count and value).
func expectedRows(t *testing.T, name string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "expected", name))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !strings.Contains(line, "\t") {
			count, value, _ := strings.Cut(strings.TrimLeft(line, " "), " ")
			rows = append(rows, []string{count, value})
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// expectedSection is expectedRows limited to the lines after the "## "
// comment line starting with title, up to the next "## " line.
func expectedSection(t *testing.T, name, title string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "expected", name))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## "+title)
			continue
		}
		if in && line != "" && !strings.HasPrefix(line, "#") {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no section %q", name, title)
	}
	return rows
}

// project picks columns (by header name) from rows.
func project(t *testing.T, header []string, rows [][]string, cols ...string) [][]string {
	t.Helper()
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = slices.Index(header, c)
		if idx[i] < 0 {
			t.Fatalf("no column %q in %v", c, header)
		}
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		for _, j := range idx {
			out[i] = append(out[i], r[j])
		}
	}
	return out
}

// sameRows compares two row sets ignoring order.
func sameRows(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	key := func(rows [][]string) []string {
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "\t"))
		}
		slices.Sort(out)
		return out
	}
	g, w := key(got), key(want)
	if !slices.Equal(g, w) {
		t.Errorf("%s: got %d rows, want %d\ngot:\n%s\nwant:\n%s", what, len(g), len(w),
			strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("zhunt %s: exit %d\nstderr:\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// TestSHA1Certs_Zeek62Profile: the signature-algorithm profile equals
// `bro-cut certificate.sig_alg | sort | uniq -c` over x509.log, and the JSON
// twin of the same run gives the same table.
func TestSHA1Certs_Zeek62Profile(t *testing.T) {
	want := expectedRows(t, "zeek62-x509-sig_alg.txt") // count, value
	for _, dir := range []string{"zeek-default", "zeek-json"} {
		t.Run(dir, func(t *testing.T) {
			out := mustRun(t, "run", "hunts/sha1_certs.lua", "--format", "tsv",
				"-l", filepath.Join("testdata/corpus/brim-wrccdc2018-zeek62", dir))
			h, rows := section(t, out, "== 1.")
			sameRows(t, "sig_alg profile", project(t, h, rows, "count", "key"), want)
		})
	}
}

// TestSHA1Certs_Zeek62Sessions: per SHA1-signed fingerprint, the sessions
// and the notices reached through their uids equal lib/weak-fps.sh's counts
// (mawk over ssl.cert_chain_fps and notice.uid).
func TestSHA1Certs_Zeek62Sessions(t *testing.T) {
	want := expectedSection(t, "zeek62-sha1-fps.txt", "weak-signed certificates")
	out := mustRun(t, "run", "hunts/sha1_certs.lua", "--format", "tsv",
		"-l", "testdata/corpus/brim-wrccdc2018-zeek62/zeek-default")
	for _, w := range want { // fingerprint, sig_alg, x509, ssl, leaf, notices, subject
		line := "-- certificate " + w[0] + " "
		i := strings.Index(out, line)
		if i < 0 {
			t.Errorf("no section for certificate %s", w[0])
			continue
		}
		head := strings.SplitN(out[i:], "\n#fields", 2)[0] + "\n"
		wantLine := "   sessions: " + w[3] + "   notices through their uids: " + w[5] + "\n"
		if !strings.Contains(head, wantLine) {
			t.Errorf("certificate %s: want %q in\n%s", w[0], wantLine, head)
		}
	}
	// zeek62-sha1-fps.txt: 16 fingerprints, each with 1 x509 record
	if !strings.Contains(out, "Certificates signed with SHA-1 or MD5: 16 x509 records, 16 distinct certificates") {
		t.Errorf("want 16 weak x509 records and 16 certificates (zeek62-sha1-fps.txt lists 16)")
	}
}

// TestJA3Fanout_Walk: clients per ja3 and (ja3s, server) client counts on
// the hand-made walk fixture equal lib/ja3-clients.sh and lib/ja3s-servers.sh.
func TestJA3Fanout_Walk(t *testing.T) {
	checkJA3Fanout(t, []string{"testdata/walk"}, "walk-ja3-clients.txt", "walk-ja3s-servers.txt")
}

func checkJA3Fanout(t *testing.T, logs []string, ja3File, ja3sFile string) {
	t.Helper()
	args := []string{"run", "hunts/ja3_fanout.lua", "--format", "tsv"}
	for _, l := range logs {
		args = append(args, "-l", l)
	}
	out := mustRun(t, args...)
	h, rows := section(t, out, "== ja3 fan-out")
	sameRows(t, "clients and sessions per ja3", project(t, h, rows, "ja3", "clients", "sessions"),
		expectedSection(t, ja3File, "ja3, distinct"))
	h, rows = section(t, out, "== ja3s fan-out")
	sameRows(t, "unique clients per (ja3s, server)", project(t, h, rows, "ja3s", "server", "clients", "sessions"),
		expectedSection(t, ja3sFile, "per (ja3s, server)"))
}

// TestJA3Fanout_RitaProxyRolling: the same on rita-proxy-rolling (GPL, so
// read from ../shared), over its hourly rotated gzip files.
func TestJA3Fanout_RitaProxyRolling(t *testing.T) {
	shared := sharedDir(t)
	checkJA3Fanout(t, []string{filepath.Join(shared, "zeek-corpus/rita-proxy-rolling")},
		"rita-ja3-clients.txt", "rita-ja3s-servers.txt")
}

// TestJA3Fanout_OneFingerprint: --ja3 and --ja3s narrow to one fingerprint;
// the totals equal the fan-out rows of the expected files.
func TestJA3Fanout_OneFingerprint(t *testing.T) {
	for _, w := range expectedSection(t, "walk-ja3-clients.txt", "ja3, distinct") {
		out := mustRun(t, "run", "hunts/ja3_fanout.lua", "-l", "testdata/walk", "--", "--ja3", w[0])
		want := "== ja3 " + w[0] + ": " + w[2] + " sessions from " + w[1] + " clients"
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	for _, w := range expectedSection(t, "walk-ja3s-servers.txt", "per ja3s") {
		out := mustRun(t, "run", "hunts/ja3_fanout.lua", "-l", "testdata/walk", "--", "--ja3s", w[0])
		want := "== ja3s " + w[0] + ": " + w[3] + " sessions, " + w[1] + " servers"
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}

// TestSHA1Certs_M57LongChain: on zeek-testing-m57long-zeek3x (the corpus's
// only complete conn -> ssl -> x509 -> files -> notice capture, read from
// ../shared), the hunt groups the SHA1/MD5-signed x509 records (one per
// sighting, each with its own file id) into certificates by issuer and
// serial, and for each prints chains whose per-log counts equal the sums of
// lib/weak-fuid-chain.sh -c over the certificate's ids (mawk joins on
// files.fuid, ssl.cert_chain_fuids, conn.uid, notice.fuid and notice.uid);
// the issuer and serial of each id come from the same tool's
// m57long-sha1-chain.txt.
func TestSHA1Certs_M57LongChain(t *testing.T) {
	shared := sharedDir(t)
	out := mustRun(t, "run", "hunts/sha1_certs.lua", "--format", "tsv",
		"-l", filepath.Join(shared, "zeek-corpus/zeek-testing-m57long-zeek3x"), "--", "--max-sessions", "0")

	// identity of each id, from the expected chain file
	ident := map[string]string{}
	data, err := os.ReadFile("testdata/expected/m57long-sha1-chain.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cur, serial string
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "## x509 id="); ok {
			cur, _, _ = strings.Cut(rest, " ")
			_, serial, _ = strings.Cut(rest, "serial=")
		}
		if issuer, ok := strings.CutPrefix(line, "#  issuer="); ok && cur != "" {
			ident[cur] = issuer + "|" + serial
			cur = ""
		}
	}
	type sums struct {
		ids                                 []string
		files, ssl, conn, byFuid, noticeUID int
	}
	certs := map[string]*sums{}
	var order []string
	for _, w := range expectedRows(t, "m57long-sha1-chain-counts.txt") { // id sig_alg files ssl conn notice_by_fuid notice_by_uid ...
		key, ok := ident[w[0]]
		if !ok {
			t.Fatalf("no issuer/serial for %s in m57long-sha1-chain.txt", w[0])
		}
		c := certs[key]
		if c == nil {
			c = &sums{}
			certs[key] = c
			order = append(order, key)
		}
		atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
		c.ids = append(c.ids, w[0])
		c.files += atoi(w[2])
		c.ssl += atoi(w[3])
		c.conn += atoi(w[4])
		c.byFuid += atoi(w[5])
		c.noticeUID += atoi(w[6])
	}
	if !strings.Contains(out, fmt.Sprintf("%d x509 records, %d distinct certificates", len(ident), len(certs))) {
		t.Errorf("want %d x509 records, %d distinct certificates", len(ident), len(certs))
	}
	blocks := strings.Split(out, "\n-- certificate ")[1:]
	if len(blocks) != len(certs) {
		t.Errorf("got %d certificate sections, want %d", len(blocks), len(certs))
	}
	for _, key := range order {
		c := certs[key]
		var b string
		for _, blk := range blocks {
			id, _, _ := strings.Cut(blk, " ")
			if slices.Contains(c.ids, id) {
				b = blk
			}
		}
		if b == "" {
			t.Errorf("no section for the certificate of %v", c.ids)
			continue
		}
		count := func(prefix string, any []string) int {
			n := 0
			for _, line := range strings.Split(b, "\n") {
				if !strings.HasPrefix(line, prefix) {
					continue
				}
				if any == nil || slices.ContainsFunc(any, func(id string) bool { return strings.Contains(line, "fuid="+id) }) {
					n++
				}
			}
			return n
		}
		checks := []struct {
			what      string
			got, want int
		}{
			{"files rows with its fuids", count("files\t", c.ids), c.files},
			{"ssl rows", count("ssl\t", nil), c.ssl},
			{"conn rows", count("conn\t", nil), c.conn},
			{"notice rows by uid", count("notice\t", nil), c.noticeUID},
		}
		for _, ch := range checks {
			if ch.got != ch.want {
				t.Errorf("%v: %s = %d, want %d", c.ids, ch.what, ch.got, ch.want)
			}
		}
		for _, line := range []string{
			fmt.Sprintf("   sessions: %d   notices through their uids: %d\n", c.ssl, c.noticeUID),
			fmt.Sprintf("   notices naming the certificate by fuid: %d\n", c.byFuid),
		} {
			if !strings.Contains(b, line) {
				t.Errorf("%v: want %q", c.ids, line)
			}
		}
	}
}

// TestHuntFixtures runs `zhunt test hunts`: every shipped hunt on its
// fixtures in hunts/testdata, compared with the reviewed expected output
// (the counts in those outputs are checked against bro-cut/mawk by the
// tests above).
func TestHuntFixtures(t *testing.T) {
	out, errOut, code := runCLI(t, "test", "hunts")
	if code != 0 {
		t.Fatalf("zhunt test hunts: exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(out, "no fixtures") {
		t.Errorf("a shipped hunt has no fixtures:\n%s", out)
	}
}
