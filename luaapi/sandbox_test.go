package luaapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPath_TooLongToResolve builds a path that is short as text but
// leads, through links, to a place more than PATH_MAX (4096) bytes deep:
// filepath.EvalSymlinks fails on it (ENAMETOOLONG) while the kernel, which
// follows links one at a time, opens it. Such a path must be refused, not
// judged by its text (which lies inside the allowed directory).
func TestCheckPath_TooLongToResolve(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	victim := filepath.Join(root, "victim")
	for _, d := range []string{out, victim} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(victim, "secret.txt"), []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// 21 nested directories of 200-byte names: 4221 bytes below out, made
	// one level at a time (a path that long cannot be named at once).
	name := strings.Repeat("d", 200)
	t.Chdir(out)
	for range 21 {
		if err := os.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(name); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(victim, "E"); err != nil {
		t.Fatal(err)
	}
	levels := func(n int) string { return strings.TrimSuffix(strings.Repeat(name+"/", n), "/") }
	// out/S -> 10 levels down; S/T -> the 11 levels below that.
	if err := os.Chdir(out); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(levels(10), "S"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir("S"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(levels(11), "T"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	through := filepath.Join(out, "S", "T", "E", "secret.txt")
	if b, err := os.ReadFile(through); err != nil || string(b) != "secret\n" {
		t.Skipf("the kernel does not open the deep path here (%v): nothing to guard", err)
	}
	if _, err := filepath.EvalSymlinks(through); err == nil {
		t.Skip("EvalSymlinks resolves the deep path here: nothing to guard")
	}
	h := &host{opts: Options{AllowWrite: []string{out}, OwnDir: out}}
	tests := []struct {
		name string
		path string
		how  access
	}{
		{"Read", through, reading},
		{"Write", filepath.Join(out, "S", "T", "E", "new.txt"), writing},
		{"Remove", through, entry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := h.checkPath(tc.path, tc.how)
			if err == nil || !strings.Contains(err.Error(), "is not allowed") {
				t.Errorf("checkPath(%s) = %v, want a refusal", tc.name, err)
			}
		})
	}
}
