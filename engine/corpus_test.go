package engine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

// sharedCorpus returns $ZHUNT_SHARED/zeek-corpus. Without ZHUNT_SHARED the
// test skips on a developer machine and fails in CI (.ci/run sets it).
func sharedCorpus(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ZHUNT_SHARED")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("ZHUNT_SHARED is not set; .ci/run sets it to ../shared")
		}
		t.Skip("ZHUNT_SHARED not set")
	}
	return filepath.Join(dir, "zeek-corpus")
}

// captureDirs lists the directories that directly hold log files: each is
// loaded on its own, since uids of different captures collide.
func captureDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range ents {
			if !e.IsDir() && strings.Contains(e.Name(), ".log") || strings.Contains(e.Name(), ".json") {
				dirs = append(dirs, p)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

var jsonPathRE = regexp.MustCompile(`"_path":"([^"]+)"`)

// countLines counts, independently of the reader, the data lines of one file
// by log path: complete or final lines that are not blank and do not start
// with '#'. The path comes from #path, "_path", or the file name prefix.
func countLines(t *testing.T, name string, into map[string]int64) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	truncated := err != nil // a cut gzip stream: only complete lines count
	if truncated {
		if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
			data = data[:i+1]
		}
	}
	path := strings.SplitN(filepath.Base(name), ".", 2)[0]
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if p, ok := bytes.CutPrefix(line, []byte("#path\t")); ok {
			path = string(p)
		}
		if len(bytes.TrimSpace(line)) == 0 || line[0] == '#' {
			continue
		}
		if m := jsonPathRE.FindSubmatch(line); m != nil {
			path = string(m[1])
		}
		into[path]++
	}
}

// TestCorpusLoad loads every capture folder of the shared corpus on its own
// and checks, per log path, records loaded + rows rejected = data lines
// counted independently, and that every rejected row is reported with file
// and line.
func TestCorpusLoad(t *testing.T) {
	root := sharedCorpus(t)
	for _, dir := range captureDirs(t, root) {
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			e := New()
			sum, err := e.Load(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int64{}
			got := map[string]int64{}
			for _, fi := range e.Files() {
				before := map[string]int64{}
				countLines(t, fi.Name, before)
				if fi.Skipped {
					continue // reported below; not a Zeek log, its lines are no records
				}
				for p, n := range before {
					want[p] += n
				}
				for _, p := range fi.Paths {
					got[p] += 0
				}
				switch len(fi.Paths) {
				case 0: // nothing loaded: the rejected lines belong to the file name's path
					got[zeeklog.PathFromName(fi.Name)] += fi.Rejected
				case 1:
					got[fi.Paths[0]] += fi.Rejected
				default:
					t.Fatalf("%s holds several log paths %v; count them apart", fi.Name, fi.Paths)
				}
			}
			for _, l := range e.Logs() {
				got[l.Path] += int64(l.Records)
			}
			var paths []string
			for p := range want {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			for _, p := range paths {
				if got[p] != want[p] {
					t.Errorf("%s: records+rejected = %d, want %d data lines", p, got[p], want[p])
				}
			}
			var rejected []string
			for _, d := range e.Diagnostics() {
				if d.Severity == Error && d.Line == 0 && d.File == "" {
					t.Errorf("error without a file: %v", d.Err)
				}
				if d.Severity != Warning {
					rejected = append(rejected, d.String())
				}
			}
			t.Logf("%d files, %d records, %d rejected, %d warnings, %d skipped", sum.Files, sum.Records,
				sum.Rejected, sum.Warnings, sum.Skipped)
			for i, r := range rejected {
				if i == 5 {
					t.Logf("  ... %d more", len(rejected)-5)
					break
				}
				t.Logf("  %s", r)
			}
		})
	}
}
