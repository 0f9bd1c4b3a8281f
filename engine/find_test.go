package engine

import (
	"context"
	"fmt"
	"testing"
)

// TestFindAnyOf checks filters with a list of values (any of), long enough
// for the symbol-set path (eqSetMin), on the bundled WRCCDC 2018 sample
// (Zeek 6.2). The lists are taken from the sample; the expected counts come
// from bro-cut and grep over the same files, never from zhunt:
//
//	zcat ssl.log.gz | bro-cut uid | sort -u > uids                       # 49474 uids
//	zcat notice.log.gz | bro-cut uid | grep -cFxf uids                    # 207
//	zcat x509.log.gz | bro-cut fingerprint certificate.sig_alg |
//	  awk -F'\t' '$2 == "sha1WithRSAEncryption" {print $1}' | sort -u > fps   # 16
//	zcat ssl.log.gz | bro-cut cert_chain_fps |
//	  awk -F, 'NR == FNR {a[$1]; next} {for (i = 1; i <= NF; i++) if ($i in a) {n++; break}} END {print n}' fps -   # 4047
//	zcat ssl.log.gz | bro-cut id.resp_p | grep -cxE '443|993|995|465|8443|636|989|990'   # 29510
//	zcat ssl.log.gz | bro-cut version cert_chain_fps | awk -F'\t' 'NR == FNR {a[$1]; next}
//	  $1 == "TLSv11" {m = split($2, f, ","); for (i = 1; i <= m; i++) if (f[i] in a) {n++; break}} END {print n}' fps -   # 113
//	zcat notice.log.gz | bro-cut uid | sort -u > nuids                    # 207
//	zcat ssl.log.gz | bro-cut id.resp_h uid | awk -F'\t' 'NR == FNR {u[$1]; next}
//	  $1 == "151.101.196.162" {n++; if ($2 in u) m++} END {print n, m}' nuids -   # 30 1
//
//	zcat ssl.log.gz | bro-cut server_name | grep -cx -- -                # 34404 unset
//
// In the "Checked" cases the other condition's postings are the narrower
// and drive: the list is checked record by record (matchRow), not by its
// postings. In the "Mixed" ones literals other than strings sit beside the
// strings (checked one by one after the set).
func TestFindAnyOf(t *testing.T) {
	e := New()
	if _, err := e.Load(context.Background(), "../testdata/corpus/brim-wrccdc2018-zeek62/zeek-default"); err != nil {
		t.Fatal(err)
	}
	distinct := func(path, field string, conds []Cond) []Literal {
		seen := map[string]bool{}
		var out []Literal
		for _, id := range e.Find(path, conds) {
			v := e.Get(id, field)
			if v.Unset {
				continue
			}
			if s := e.ScalarText(v); !seen[s] {
				seen[s] = true
				out = append(out, Str(s))
			}
		}
		return out
	}
	sslUIDs := distinct("ssl", "uid", nil)
	noticeUIDs := distinct("notice", "uid", nil)
	sha1FPs := distinct("x509", "fingerprint", []Cond{{Field: "certificate.sig_alg", Values: []Literal{Str("sha1WithRSAEncryption")}}})
	if len(sslUIDs) != 49474 || len(sha1FPs) != 16 || len(noticeUIDs) != 207 {
		t.Fatalf("%d ssl uids, %d SHA-1 fingerprints, %d notice uids; want 49474, 16 and 207 (bro-cut | sort -u)",
			len(sslUIDs), len(sha1FPs), len(noticeUIDs))
	}
	absent := []Literal{Str("CnotAnywhere1"), Str("-"), Str("")}
	var onlyAbsent []Literal
	for i := range eqSetMin {
		onlyAbsent = append(onlyAbsent, Str(fmt.Sprintf("CnotAnywhere%d", i)))
	}
	ports := []Literal{Str("443"), Str("993"), Str("995"), Str("465"), Str("8443"), Str("636"), Str("989"), Str("990")}
	tests := []struct {
		name, path, field string
		values            []Literal
		also              []Cond
		want              int
	}{
		{"ScalarText", "notice", "uid", sslUIDs, nil, 207},
		{"ScalarTextWithAbsent", "notice", "uid", append(absent, sslUIDs...), nil, 207},
		{"VectorElements", "ssl", "cert_chain_fps", sha1FPs, nil, 4047},
		{"VectorElementsWithAbsent", "ssl", "cert_chain_fps", append(append([]Literal{}, sha1FPs...), absent...), nil, 4047},
		{"OnlyAbsent", "notice", "uid", onlyAbsent, nil, 0},
		{"NumbersAsText", "ssl", "id.resp_p", ports, nil, 29510}, // a port field: compared as numbers, not symbols
		{"VectorChecked", "ssl", "cert_chain_fps", sha1FPs, []Cond{{Field: "version", Values: []Literal{Str("TLSv11")}}}, 113},
		{"ScalarChecked", "ssl", "uid", noticeUIDs, []Cond{{Field: "id.resp_h", Values: []Literal{Str("151.101.196.162")}}}, 1},
		{"ScalarCheckedMixed", "ssl", "uid", append([]Literal{Num(5), {Kind: LitUnset}}, noticeUIDs...),
			[]Cond{{Field: "id.resp_h", Values: []Literal{Str("151.101.196.162")}}}, 1},
		{"MixedUnsetMatches", "ssl", "server_name", append([]Literal{{Kind: LitUnset}}, onlyAbsent...), nil, 34404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.values) < eqSetMin {
				t.Fatalf("%d values: too few for the set path (%d)", len(tc.values), eqSetMin)
			}
			conds := append([]Cond{{Field: tc.field, Values: tc.values}}, tc.also...)
			if got := len(e.Find(tc.path, conds)); got != tc.want {
				t.Errorf("Find(%s, %s in %d values) = %d records, want %d", tc.path, tc.field, len(tc.values), got, tc.want)
			}
		})
	}
}
