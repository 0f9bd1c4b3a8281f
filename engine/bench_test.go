package engine

// Benchmarks of the engine on real logs. The directory is $ZHUNT_BENCH_DIR
// (for example a scale corpus built by bench/run.sh) or else the bundled
// WRCCDC 2018 sample (Zeek 6.2: ssl, x509, notice, ocsp, pe).
//
//	go test -run '^$' -bench . -benchmem ./engine/
//	ZHUNT_BENCH_DIR=/tmp/zbench/scale40-gz go test -run '^$' -bench . -benchmem ./engine/

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

func benchDir() string {
	if d := os.Getenv("ZHUNT_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "corpus", "brim-wrccdc2018-zeek62", "zeek-default")
}

// benchBytes is the size on disk of every log file under dir.
func benchBytes(b *testing.B, dir string) int64 {
	b.Helper()
	names, err := zeeklog.Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, name := range names {
		if st, err := os.Stat(name); err == nil {
			n += st.Size()
		}
	}
	return n
}

func loadBench(b *testing.B, dir string) *Engine {
	b.Helper()
	e := New()
	sum, err := e.Load(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	if sum.Records == 0 {
		b.Fatalf("%s: no records loaded", dir)
	}
	return e
}

// The loaded engine is shared by the query benchmarks (loading is measured
// by BenchmarkLoad alone).
var (
	benchOnce sync.Once
	benchEng  *Engine
)

func benchEngine(b *testing.B) *Engine {
	b.Helper()
	benchOnce.Do(func() { benchEng = loadBench(b, benchDir()) })
	if benchEng == nil {
		b.Fatal("engine did not load")
	}
	return benchEng
}

// BenchmarkLoad reads and indexes the whole directory; MB/s is of the files
// as stored (compressed when they are .gz).
func BenchmarkLoad(b *testing.B) {
	dir := benchDir()
	b.SetBytes(benchBytes(b, dir))
	b.ReportAllocs()
	var recs int64
	for b.Loop() {
		e := New()
		sum, err := e.Load(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		recs = sum.Records
	}
	b.ReportMetric(float64(recs), "records")
}

// BenchmarkLoadBaselineDecompress only opens and decompresses the same
// files, one after the other, as zcat would: BenchmarkLoad's MB/s over this
// one's is the load's speed as a share of decompressing alone, measured in
// the same run.
func BenchmarkLoadBaselineDecompress(b *testing.B) {
	dir := benchDir()
	b.SetBytes(benchBytes(b, dir))
	names, err := zeeklog.Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 256<<10)
	for b.Loop() {
		for _, name := range names {
			rc, err := zeeklog.Open(name)
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := rc.Read(buf); err != nil {
					break
				}
			}
			rc.Close()
		}
	}
}

// texts returns up to n distinct values of a text field of path.
func texts(e *Engine, path, field string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range e.All(path) {
		v := e.Get(id, field)
		if v.Unset || v.Type.Container != zeeklog.Scalar {
			continue
		}
		s := e.ScalarText(v)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
		if len(out) == n {
			break
		}
	}
	return out
}

// BenchmarkPivot: one uid pivot (every record naming a connection, all
// logs, sorted), cycling through 100 uids of ssl.
func BenchmarkPivot(b *testing.B) {
	e := benchEngine(b)
	uids := texts(e, "ssl", "uid", 100)
	if len(uids) == 0 {
		b.Skip("no ssl uids")
	}
	b.Run("uid", func(b *testing.B) {
		b.ReportAllocs()
		i, hits := 0, 0
		for b.Loop() {
			hits += len(e.Pivot(uids[i%len(uids)], PivotOptions{}))
			i++
		}
		b.ReportMetric(float64(hits)/float64(i), "records/op")
	})
	b.Run("uid-in-notice", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		opts := PivotOptions{Paths: []string{"notice"}, Fields: []string{"uid"}}
		for b.Loop() {
			e.Pivot(uids[i%len(uids)], opts)
			i++
		}
	})
}

// BenchmarkFind: equality on a text field (postings) and a range on a count
// (scan).
func BenchmarkFind(b *testing.B) {
	e := benchEngine(b)
	b.Run("text-eq", func(b *testing.B) {
		if !e.HasField("x509", "certificate.sig_alg") {
			b.Skip("no x509 certificate.sig_alg")
		}
		conds := []Cond{{Field: "certificate.sig_alg", Values: []Literal{Str("sha1WithRSAEncryption")}}}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = len(e.Find("x509", conds))
		}
		b.ReportMetric(float64(n), "records")
	})
	b.Run("count-range", func(b *testing.B) {
		if !e.HasField("x509", "certificate.key_length") {
			b.Skip("no x509 certificate.key_length")
		}
		conds := []Cond{
			{Field: "certificate.key_length", Values: []Literal{{Kind: LitNumber, Op: Ge, Num: 1024}}},
			{Field: "certificate.key_length", Values: []Literal{{Kind: LitNumber, Op: Lt, Num: 4096}}},
		}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = len(e.Find("x509", conds))
		}
		b.ReportMetric(float64(n), "records")
	})
}

// BenchmarkGroup: the signature-algorithm profile of x509, and ssl by client
// fingerprint (ja3, or server_name where the logs have no ja3) with the
// distinct clients of each.
func BenchmarkGroup(b *testing.B) {
	e := benchEngine(b)
	b.Run("x509-sig_alg", func(b *testing.B) {
		ids := e.All("x509")
		if len(ids) == 0 {
			b.Skip("no x509")
		}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = len(e.Group(ids, []string{"certificate.sig_alg"}, GroupOptions{}))
		}
		b.ReportMetric(float64(n), "groups")
	})
	key := "ja3"
	if !e.HasField("ssl", key) {
		key = "server_name"
	}
	b.Run("ssl-"+key+"-distinct", func(b *testing.B) {
		ids := e.All("ssl")
		if len(ids) == 0 {
			b.Skip("no ssl")
		}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = len(e.Group(ids, []string{key}, GroupOptions{Distinct: "id.orig_h"}))
		}
		b.ReportMetric(float64(n), "groups")
	})
}
