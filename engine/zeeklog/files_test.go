package zeeklog

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFiles_Symlinks builds a tree with a symlinked root, a symlinked
// sub-directory, a symlinked file, a loop and a dangling link.
func TestFiles_Symlinks(t *testing.T) {
	tmp := t.TempDir()

	for _, d := range []string{"real/2024-04-29", "other"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"real/2024-04-29/conn.log", "real/dns.log.gz", "other/http.log", "real/notes.txt"} {
		if err := os.WriteFile(filepath.Join(tmp, f), []byte("#fields\tts\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"current":           "real",              // a symlinked root
		"real/other":        "../other",          // a symlinked directory inside
		"real/ssl.log":      "../other/http.log", // a symlinked file
		"real/loop":         ".",                 // a loop
		"real/dangling.log": "nowhere.log",       // dangling
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(tmp, name)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Files(filepath.Join(tmp, "current"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], filepath.Join(tmp, "current")+"/")
	}
	want := []string{"2024-04-29/conn.log", "dns.log.gz", "other/http.log", "ssl.log"}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}

}

func TestOpen_NotGzip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "conn.log.gz")
	if err := os.WriteFile(p, []byte("#separator \\x09\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p)
	if err == nil || !strings.Contains(err.Error(), "named .gz but has no gzip header") {
		t.Errorf("Open = %v, want a no-gzip-header error", err)
	}
}
