package engine

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

// TestTwinsAgree loads the same Zeek 6.2 run written twice (SOURCES.md:
// brim-wrccdc2018-zeek62 zeek-default/ as TSV and zeek-json/ as JSON with
// ISO8601 times, "uids identical in both") and checks that every log path
// holds the same records with the same values, field by field: times to the
// microsecond, counts exactly, and bytes that TSV writes as \xNN and JSON as
// the text \\xNN compare equal. Only fields both forms have are compared
// (JSON adds _write_ts).
func TestTwinsAgree(t *testing.T) {
	root := filepath.Join(sharedCorpus(t), "brim-wrccdc2018-zeek62")
	load := func(dir string) *Engine {
		e := New()
		if _, err := e.Load(context.Background(), filepath.Join(root, dir)); err != nil {
			t.Fatal(err)
		}
		return e
	}
	tsv, js := load("zeek-default"), load("zeek-json")
	for _, l := range tsv.Logs() {
		t.Run(l.Path, func(t *testing.T) {
			if !js.HasLog(l.Path) {
				t.Fatalf("JSON twin has no %s", l.Path)
			}
			var fields []string
			for _, f := range l.Fields {
				if js.HasField(l.Path, f.Name) {
					fields = append(fields, f.Name)
				}
			}
			render := func(e *Engine) []string {
				var out []string
				for _, id := range e.All(l.Path) {
					var b strings.Builder
					for _, f := range fields {
						b.WriteString(e.DescribeValue(e.Get(id, f)))
						b.WriteByte('\t')
					}
					out = append(out, b.String())
				}
				slices.Sort(out)
				return out
			}
			a, b := render(tsv), render(js)
			if len(a) != len(b) {
				t.Fatalf("%d TSV records, %d JSON records", len(a), len(b))
			}
			diffs, ambiguous := 0, 0
			for i := range a {
				// Zeek's JSON writer writes the byte 0x0d and the literal text
				// `\x0d` alike (`"\\x0d"`); zhunt reads it as the byte, which
				// the twin TSV confirms for 4757 lines and contradicts for 33
				// analyzer messages that quote an escaped pattern.
				if a[i] != b[i] && string(zeeklog.AppendUnescape(nil, []byte(a[i]))) == b[i] {
					ambiguous++
					continue
				}
				if a[i] != b[i] {
					if diffs < 3 {
						t.Errorf("record differs:\nTSV:  %q\nJSON: %q", a[i], b[i])
					}
					diffs++
				}
			}
			if diffs > 0 {
				t.Errorf("%d of %d records differ (fields %v)", diffs, len(a), fields)
			}
			if ambiguous > 0 {
				t.Logf("%d records hold literal \\xNN text that Zeek's JSON cannot tell from bytes", ambiguous)
			}
		})
	}
}
