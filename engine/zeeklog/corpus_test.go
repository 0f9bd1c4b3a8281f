package zeeklog

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCorpusRowCounts reads every file of every folder of the shared corpus
// ($ZHUNT_SHARED/zeek-corpus) and checks, per file, that rows + rejected
// data lines == the file's non-blank, non-'#' lines counted independently,
// and that only the files known to be damaged or foreign produce errors
// (SOURCES.md: rita-truncated is cut by hand, conn-summary files are
// trace-summary reports, ascii-json/ssh.log is canonified and not valid
// JSON).
func TestCorpusRowCounts(t *testing.T) {
	root := filepath.Join(sharedDir(t), "zeek-corpus")
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 500 {
		t.Fatalf("got %d files under %s, want the whole corpus (over 500)", len(files), root)
	}
	expectErr := func(rel string) bool {
		return strings.HasPrefix(rel, "rita-truncated/") ||
			strings.Contains(filepath.Base(rel), "conn-summary.") ||
			strings.HasSuffix(rel, "logging.ascii-json/ssh.log")
	}
	var summary []string
	var totalRows, totalWarn int64
	warnKinds := map[string]int{}
	for _, name := range files {
		rel, _ := filepath.Rel(root, name)
		res := readFile(t, name)
		want, dataLines := countDataLines(t, name)
		var lineErrs int64
		notZeek := false
		var msgs []string
		for _, e := range res.errs {
			if errors.Is(e.Err, ErrNotZeek) {
				notZeek = true
			}
			if dataLines[e.Line] || errors.Is(e.Err, ErrTruncated) {
				lineErrs++
			}
			if len(msgs) < 3 {
				msgs = append(msgs, e.Error())
			}
		}
		for _, r := range res.rows {
			totalWarn += int64(len(r.Warnings))
			for _, w := range r.Warnings {
				k := rel
				if i := strings.IndexByte(k, '/'); i > 0 {
					k = k[:i]
				}
				warnKinds[fmt.Sprintf("%s: %s", k, firstWord(w))]++
			}
		}
		totalRows += int64(len(res.rows))
		if len(res.errs) > 0 {
			summary = append(summary, fmt.Sprintf("%s: %d rows, %d errors: %s", rel, len(res.rows), len(res.errs), strings.Join(msgs, " | ")))
			if !expectErr(rel) {
				t.Errorf("%s: unexpected errors: %v", rel, msgs)
			}
		}
		if notZeek {
			if len(res.rows) != 0 {
				t.Errorf("%s: not a Zeek log but %d rows", rel, len(res.rows))
			}
			continue
		}
		if got := int64(len(res.rows)) + lineErrs; got != want {
			t.Errorf("%s: rows %d + line errors %d = %d, want %d data lines", rel, len(res.rows), lineErrs, got, want)
		}
		if res.lines != want {
			t.Errorf("%s: Lines() = %d, want %d", rel, res.lines, want)
		}
	}
	sort.Strings(summary)
	t.Logf("%d files, %d rows, %d row warnings", len(files), totalRows, totalWarn)
	for _, s := range summary {
		t.Log(s)
	}
	keys := make([]string, 0, len(warnKinds))
	for k := range warnKinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("row warnings %s x%d", k, warnKinds[k])
	}
}

// firstWord summarises a warning: field and sentinel.
func firstWord(e *ParseError) string {
	msg := e.Err.Error()
	if i := strings.IndexByte(msg, '"'); i > 0 {
		msg = msg[:i]
	}
	return fmt.Sprintf("%s (%s) %s", e.Field, e.FieldType, msg)
}
