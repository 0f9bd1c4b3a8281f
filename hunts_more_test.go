package main

// End-to-end tests of the hunts self_signed, host_profile, weak_tls and
// rare_ja3, and of the ja4 tables of ja3_fanout: each runs the hunt with
// --format tsv on real (or the hand-made walk) logs and compares its numbers
// with answers computed by bro-cut, zcat, grep and mawk over the same files
// (testdata/expected/<hunt>-*.txt; the "# command:" line of each says how,
// and testdata/expected/make.sh regenerates them).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// expectedNumber reads an expected file whose answer is one number.
func expectedNumber(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "expected", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("%s holds no answer", name)
	return ""
}

func wantLine(t *testing.T, out, line string) {
	t.Helper()
	if !strings.Contains(out, line) {
		t.Errorf("want %q in output:\n%s", line, out)
	}
}

const zeek62 = "testdata/corpus/brim-wrccdc2018-zeek62/zeek-default"

// TestMoreSelfSigned_Zeek62: the number of x509 records with subject ==
// issuer, the sessions per self-signed leaf fingerprint (ssl.cert_chain_fps[1]
// joined to x509 with mawk) and the validation_status profile.
func TestMoreSelfSigned_Zeek62(t *testing.T) {
	out := mustRun(t, "run", "hunts/self_signed.lua", "--format", "tsv", "-l", zeek62, "--", "--top", "0")
	wantLine(t, out, "x509 records with subject == issuer: "+expectedNumber(t, "self_signed-zeek62-x509.txt")+" ")
	h, rows := section(t, out, "== self-signed certificates")
	sameRows(t, "sessions per self-signed leaf certificate", project(t, h, rows, "certificate", "sessions"),
		expectedRows(t, "self_signed-zeek62-leaf-sessions.txt"))
	h, rows = section(t, out, "== 2. Certificate validation")
	sameRows(t, "sessions per validation_status", project(t, h, rows, "validation_status", "sessions"),
		expectedRows(t, "self_signed-zeek62-validation.txt"))
}

// TestMoreSelfSigned_MissingLogs: Bro 2.2 has no x509.log and btest imap no
// validation_status or notice.log; the hunt says so instead of printing
// empty tables.
func TestMoreSelfSigned_MissingLogs(t *testing.T) {
	out := mustRun(t, "run", "hunts/self_signed.lua", "-l", "testdata/corpus/zat-bro22")
	wantLine(t, out, "! x509.log is not loaded")
	out = mustRun(t, "run", "hunts/self_signed.lua",
		"-l", "testdata/corpus/zeek-btest-tls-multilog/scripts.base.protocols.imap.starttls")
	wantLine(t, out, "! ssl.log has no validation_status field")
	wantLine(t, out, "! notice.log is not loaded")
}

// TestMoreHostProfile_WalkDNS: the names 192.0.2.10 asked for, with qtype,
// rcode and count, equal bro-cut over dns.log filtered on id.orig_h.
func TestMoreHostProfile_WalkDNS(t *testing.T) {
	out := mustRun(t, "run", "hunts/host_profile.lua", "--format", "tsv", "-l", "testdata/walk",
		"--", "--host", "192.0.2.10", "--top", "0")
	h, rows := section(t, out, "== 3. dns")
	sameRows(t, "dns queries of 192.0.2.10", project(t, h, rows, "query", "qtype", "rcode", "queries"),
		expectedRows(t, "host_profile-walk-dns.txt"))
}

// TestMoreHostProfile_Bro22Conn: services, connections and distinct peers of
// 192.168.33.10 as a client, and its byte sums in both roles, equal mawk over
// the Bro 2.2 conn.log.
func TestMoreHostProfile_Bro22Conn(t *testing.T) {
	out := mustRun(t, "run", "hunts/host_profile.lua", "--format", "tsv", "-l", "testdata/corpus/zat-bro22",
		"--", "--host", "192.168.33.10", "--top", "0")
	h, rows := section(t, out, "== services used as a client")
	sameRows(t, "services of 192.168.33.10 as a client",
		project(t, h, rows, "proto", "service", "port", "connections", "peers"),
		expectedRows(t, "host_profile-bro22-services.txt"))
	for _, w := range expectedRows(t, "host_profile-bro22-bytes.txt") { // role, conns, orig_bytes, resp_bytes
		var line string
		if w[0] == "client" {
			line = "   as client: " + w[1] + " connections, sent " + w[2] + " bytes (orig_bytes), received " + w[3] + " bytes (resp_bytes)"
		} else {
			line = "   as responder: " + w[1] + " connections, received " + w[2] + " bytes (orig_bytes), sent " + w[3] + " bytes (resp_bytes)"
		}
		wantLine(t, out, line+"\n")
	}
}

// TestMoreHostProfile_Zeek6Files: in the unrolled Zeek >= 5.1 files.log the
// sender follows is_orig; files sent and received per mime type equal mawk.
func TestMoreHostProfile_Zeek6Files(t *testing.T) {
	out := mustRun(t, "run", "hunts/host_profile.lua", "--format", "tsv",
		"-l", "testdata/cases/18-files-log-schema-change/zeek6", "--", "--host", "192.0.2.30")
	h, rows := section(t, out, "== 5. files")
	sameRows(t, "files of 192.0.2.30", project(t, h, rows, "direction", "mime_type", "files"),
		expectedRows(t, "host_profile-zeek6-files.txt"))
	wantLine(t, out, "! dns.log is not loaded")
}

// TestMoreHostProfile_NeedsHost: --host is required, with a clear error.
func TestMoreHostProfile_NeedsHost(t *testing.T) {
	_, errOut, code := runCLI(t, "run", "hunts/host_profile.lua", "-l", "testdata/walk")
	if code != 1 || !strings.Contains(errOut, "--host IP is required") {
		t.Errorf("without --host: exit %d, stderr %q; want exit 1 and \"--host IP is required\"", code, errOut)
	}
	out := mustRun(t, "run", "hunts/host_profile.lua", "--", "--help")
	wantLine(t, out, "--host IP")
}

// TestMoreWeakTLS_Zeek62: the version profile (and the TLSv10 count), the
// sessions per weak cipher (grep -Ei 'rc4|export|null|des|anon') and the
// number of short-key x509 records equal bro-cut/grep/mawk.
func TestMoreWeakTLS_Zeek62(t *testing.T) {
	out := mustRun(t, "run", "hunts/weak_tls.lua", "--format", "tsv", "-l", zeek62, "--", "--top", "0")
	h, rows := section(t, out, "== 1. Protocol versions")
	versions := project(t, h, rows, "version", "sessions")
	sameRows(t, "sessions per version", versions, expectedRows(t, "weak_tls-zeek62-versions.txt"))
	tls10 := expectedNumber(t, "weak_tls-zeek62-tlsv10.txt")
	found := false
	for _, r := range versions {
		if r[0] == "TLSv10" {
			found = true
			if r[1] != tls10 {
				t.Errorf("TLSv10 sessions = %s, want %s (bro-cut version | grep -c)", r[1], tls10)
			}
		}
	}
	if !found {
		t.Errorf("no TLSv10 row; want %s sessions", tls10)
	}
	h, rows = section(t, out, "== 2. Weak cipher suites")
	sameRows(t, "sessions per weak cipher", project(t, h, rows, "cipher", "sessions"),
		expectedRows(t, "weak_tls-zeek62-ciphers.txt"))
	wantLine(t, out, "x509 records with a short key: "+expectedNumber(t, "weak_tls-zeek62-short-keys.txt")+" ")
}

// TestMoreWeakTLS_Expired: in pitfall case 19 (Zeek <= 4.0, fuid links) the
// sessions after their leaf's not_valid_after equal the mawk join.
func TestMoreWeakTLS_Expired(t *testing.T) {
	out := mustRun(t, "run", "hunts/weak_tls.lua", "--format", "tsv",
		"-l", "testdata/cases/19-ssl-x509-via-fuid-old-schema")
	n := expectedNumber(t, "weak_tls-case19-expired.txt")
	wantLine(t, out, "   sessions: "+n+", certificates: 1\n")
	h, rows := section(t, out, "== 4. Leaf certificates expired")
	got := project(t, h, rows, "state", "sessions")
	sameRows(t, "expired leaf certificates", got, [][]string{{"expired", n}})
	out = mustRun(t, "run", "hunts/weak_tls.lua", "-l", "testdata/corpus/zat-bro22")
	wantLine(t, out, "! x509.log with certificate.key_length is not loaded")
}

func checkRareJA3(t *testing.T, logs, want string) {
	t.Helper()
	out := mustRun(t, "run", "hunts/rare_ja3.lua", "--format", "tsv", "-l", logs, "--", "--top", "0")
	h, rows := section(t, out, "== rare ja3:")
	sameRows(t, "rare ja3 (<= 2 clients)", project(t, h, rows, "ja3", "clients", "sessions"), expectedRows(t, want))
	wantLine(t, out, "! ssl.log has no ja4 field")
}

// TestMoreRareJA3_Walk: ja3 values with at most 2 distinct clients, with
// their client and session counts, equal lib/ja3-clients.sh filtered on
// clients <= 2.
func TestMoreRareJA3_Walk(t *testing.T) {
	checkRareJA3(t, "testdata/walk", "rare_ja3-walk.txt")
}

// TestMoreRareJA3_Rita: the same on rita-proxy-rolling (GPL, read from
// ZHUNT_SHARED, not copied), over its hourly rotated gzip files.
func TestMoreRareJA3_Rita(t *testing.T) {
	shared := sharedDir(t)
	checkRareJA3(t, filepath.Join(shared, "zeek-corpus/rita-proxy-rolling"), "rare_ja3-rita.txt")
}

// TestMoreJA3Fanout_JA4: the ja4 fan-out (sessions, clients, servers) on the
// FoxIO baseline equals mawk over the same ssl.log; the ja3 lines say the ja3
// package is missing, and --ja4 narrows to one fingerprint. The log is read
// from ../shared: its ja4s values fall under the FoxIO License 1.1, which is
// not permissive enough to bundle.
func TestMoreJA3Fanout_JA4(t *testing.T) {
	logs := filepath.Join(sharedDir(t), "zeek-corpus/foxio-ja4-btest/Scripts.ja4-tls-handshake")
	out := mustRun(t, "run", "hunts/ja3_fanout.lua", "--format", "tsv", "-l", logs)
	want := expectedRows(t, "ja3_fanout-ja4.txt") // ja4, sessions, clients, servers
	h, rows := section(t, out, "== ja4 fan-out")
	sameRows(t, "ja4 fan-out", project(t, h, rows, "ja4", "sessions", "clients", "servers"), want)
	wantLine(t, out, "! ssl.log has no ja3 field")
	if _, rows := section(t, out, "== ja4s fan-out"); len(rows) == 0 {
		t.Errorf("no ja4s fan-out rows")
	}
	for _, w := range want {
		out := mustRun(t, "run", "hunts/ja3_fanout.lua", "-l", logs, "--", "--ja4", w[0])
		wantLine(t, out, "== ja4 "+w[0]+": "+w[1]+" sessions from "+w[2]+" clients")
	}
}
