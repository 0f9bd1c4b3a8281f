package pathrule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBelowAndHidden(t *testing.T) {
	tests := []struct {
		p, root    string
		wantRel    string
		wantBelow  bool
		wantHidden bool
	}{
		{"/a/b/c", "/a", "b/c", true, false},
		{"/a", "/a", ".", true, false},
		{"/a/.ssh/id", "/a", ".ssh/id", true, true},
		{"/a/b/.env", "/a", "b/.env", true, true},
		{"/a/..b/c", "/a", "..b/c", true, true}, // a name starting with dots is hidden, not a way up
		{"/ab", "/a", "", false, false},         // a prefix of the name is not a parent
		{"/b", "/a", "", false, false},
		{"/etc/passwd", "/", "etc/passwd", true, false},
	}
	for _, tc := range tests {
		rel, ok := Below(tc.p, tc.root)
		if rel != tc.wantRel || ok != tc.wantBelow {
			t.Errorf("Below(%q, %q) = %q, %v; want %q, %v", tc.p, tc.root, rel, ok, tc.wantRel, tc.wantBelow)
		}
		if ok && Hidden(rel) != tc.wantHidden {
			t.Errorf("Hidden(%q) = %v, want %v", rel, !tc.wantHidden, tc.wantHidden)
		}
	}
}

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("twelve bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		limit   int64
		follow  bool
		want    string
		wantErr string
	}{
		{"Regular", file, 100, false, "twelve bytes", ""},
		{"LinkFollowed", link, 100, true, "twelve bytes", ""},
		{"LinkNotFollowed", link, 100, false, "", "not a regular file"},
		{"Directory", dir, 100, true, "", "not a regular file"},
		{"Device", "/dev/zero", 100, true, "", "not a regular file"},
		{"TooLarge", file, 5, false, "", "12 bytes, more than a test file may hold (5)"},
		{"Missing", filepath.Join(dir, "none"), 100, true, "", "open " + filepath.Join(dir, "none") + ": no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadRegular(tc.path, tc.limit, tc.follow, "a test file")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				if tc.wantErr == "not a regular file" && !errors.Is(err, ErrNotRegular) {
					t.Errorf("err = %v, want ErrNotRegular", err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
