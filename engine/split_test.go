package engine

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// dumpRecords renders every record: path, source, and each field's value.
func dumpRecords(e *Engine) []string {
	out := make([]string, 0, e.Records())
	for id := RecID(0); int(id) < e.Records(); id++ {
		file, line := e.Source(id)
		s := fmt.Sprintf("%s %s:%d", e.Path(id), file, line)
		for _, f := range e.FieldsOf(id) {
			s += " " + f.Name + "=" + e.DescribeValue(e.Get(id, f.Name))
		}
		out = append(out, s)
	}
	return out
}

// TestSplitFilesLoadTheSame loads bundled captures with files cut into
// blocks of 1 KiB (hundreds of blocks, parsed side by side) and with the
// default blocks, and wants the same records, in the same order, and the
// same pivots.
func TestSplitFilesLoadTheSame(t *testing.T) {
	for _, dir := range []string{"../testdata/corpus/brim-wrccdc2018-zeek62/zeek-default", "../testdata/corpus/zat-bro22",
		"../testdata/walk", "../testdata/cases/05-row-with-wrong-field-count", "../testdata/cases/08-truncated-gzip",
		"../testdata/cases/09-file-still-being-written"} {
		t.Run(dir, func(t *testing.T) {
			whole := New()
			if _, err := whole.Load(context.Background(), dir); err != nil {
				t.Fatal(err)
			}
			blockBytes = 1 << 10
			defer func() { blockBytes = defaultBlockBytes }()
			split := New()
			if _, err := split.Load(context.Background(), dir); err != nil {
				t.Fatal(err)
			}
			if len(split.segs) <= len(whole.segs) && whole.Records() > 100 {
				t.Fatalf("%d segments split vs %d whole: the files were not cut into blocks", len(split.segs), len(whole.segs))
			}
			a, b := dumpRecords(whole), dumpRecords(split)
			if len(a) == 0 || len(a) != len(b) {
				t.Fatalf("%d records whole, %d split", len(a), len(b))
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("record %d differs:\nwhole %s\nsplit %s", i, a[i], b[i])
				}
			}
			if !slices.EqualFunc(whole.Diagnostics(), split.Diagnostics(), func(x, y Diagnostic) bool { return x.String() == y.String() && x.Line == y.Line }) {
				t.Fatalf("diagnostics differ:\nwhole %v\nsplit %v", whole.Diagnostics(), split.Diagnostics())
			}
			pivots := 0
			for id := RecID(0); int(id) < whole.Records() && pivots < 300; id += RecID(max(1, whole.Records()/100)) {
				for _, f := range []string{"uid", "fuid", "id"} {
					v := whole.ScalarText(whole.Get(id, f))
					if v == "" || v == "-" {
						continue
					}
					pw, ps := whole.Pivot(v, PivotOptions{}), split.Pivot(v, PivotOptions{})
					if len(pw) == 0 || !slices.Equal(pw, ps) {
						t.Fatalf("pivot %q: whole %v, split %v", v, pw, ps)
					}
					pivots++
				}
			}
			if pivots < 10 && whole.Records() > 100 {
				t.Fatalf("only %d pivots compared", pivots)
			}
		})
	}
}
