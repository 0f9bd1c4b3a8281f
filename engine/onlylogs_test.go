package engine

import (
	"context"
	"slices"
	"testing"
)

// TestOnlyLogsPassesOverOtherLogs loads testdata/walk keeping only ssl and
// x509. Expected counts are `grep -vc '^#'` over each file: conn 16, dns 5,
// files 14, notice 2, ssl 9, x509 8.
func TestOnlyLogsPassesOverOtherLogs(t *testing.T) {
	all := New()
	if _, err := all.Load(context.Background(), "../testdata/walk"); err != nil {
		t.Fatal(err)
	}
	e := New()
	e.OnlyLogs = []string{"ssl", "x509"}
	sum, err := e.Load(context.Background(), "../testdata/walk")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files != 6 || sum.Unused != 4 || sum.Records != 9+8 || e.Records() != 9+8 {
		t.Fatalf("summary %+v, %d records; want 6 files, 4 unused, 17 records", sum, e.Records())
	}
	if got, want := e.LeftOutLogs(), []string{"conn", "dns", "files", "notice"}; !slices.Equal(got, want) {
		t.Fatalf("LeftOutLogs = %v, want %v", got, want)
	}
	if !e.LeftOut("dns") || e.LeftOut("ssl") || e.LeftOut("http") {
		t.Fatalf("LeftOut: dns %v ssl %v http %v; want true false false", e.LeftOut("dns"), e.LeftOut("ssl"), e.LeftOut("http"))
	}
	for _, fi := range e.Files() {
		if fi.Unused != !slices.Contains([]string{"ssl", "x509"}, fi.Paths[0]) {
			t.Errorf("%s: Unused = %v for log %v", fi.Name, fi.Unused, fi.Paths)
		}
	}
	if len(e.Diagnostics()) != 0 {
		t.Fatalf("diagnostics: %v", e.Diagnostics())
	}
	// The kept logs read exactly as in a full load: same pivot on the
	// self-signed session's certificate, restricted to ssl and x509.
	var want []string
	for _, id := range all.Pivot("FjYkvEd8IBW7T0P7jo", PivotOptions{}) {
		if p := all.Path(id); p == "ssl" || p == "x509" {
			want = append(want, p)
		}
	}
	var got []string
	for _, id := range e.Pivot("FjYkvEd8IBW7T0P7jo", PivotOptions{}) {
		got = append(got, e.Path(id))
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("pivot on the certificate: got %v, want %v", got, want)
	}
}
