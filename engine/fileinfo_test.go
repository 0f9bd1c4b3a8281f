package engine

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestFileInfoPaths checks the log paths a load reports per file, including
// a file with a header and no record. Expected values are the files' own
// #path lines (`grep -m1 '^#path' FILE`) and their data line counts
// (`grep -vc '^#' FILE`).
func TestFileInfoPaths(t *testing.T) {
	tests := []struct {
		file    string
		paths   []string
		records int64
	}{
		{"http_empty.log", []string{"http"}, 0}, // a header, no data line
		{"conn.log", []string{"conn"}, 360},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			e := New()
			name := filepath.Join("..", "testdata", "corpus", "zat-bro22", tc.file)
			if _, err := e.Load(context.Background(), name); err != nil {
				t.Fatal(err)
			}
			fis := e.Files()
			if len(fis) != 1 {
				t.Fatalf("%d files loaded, want 1", len(fis))
			}
			fi := fis[0]
			if !slices.Equal(fi.Paths, tc.paths) || fi.Records != tc.records || fi.Skipped {
				t.Errorf("Paths %v, Records %d, Skipped %v; want %v, %d, false", fi.Paths, fi.Records, fi.Skipped, tc.paths, tc.records)
			}
		})
	}
}
