// Package pathrule holds the path rules that zhunt's sandbox (luaapi),
// its fixture checks (zhunt test) and its hunt discovery (huntfile) share:
// whether a resolved path lies in a directory, whether it passes through a
// hidden entry, and bounded reads of regular files.
package pathrule

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Below returns p relative to root, and whether p is root or lies below
// it. Both must be absolute and free of symbolic links (as
// filepath.EvalSymlinks returns them): the rule is judged on where a path
// really leads, not on its text.
func Below(p, root string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// Hidden reports whether the relative path rel passes through a hidden
// entry: a name starting with a dot (.ssh, .git, .env).
func Hidden(rel string) bool {
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") && part != "." {
			return true
		}
	}
	return false
}

// ErrNotRegular reports a file that is a link (when links are not
// followed), a directory, a device or a FIFO.
var ErrNotRegular = errors.New("not a regular file")

// ReadRegular reads name, which must be a regular file of at most limit
// bytes; a link is followed only with follow. It is checked before it is
// opened: opening a FIFO waits for a writer, and reading a device such as
// /dev/zero never ends. what names the file in the size error ("a hunt
// file").
func ReadRegular(name string, limit int64, follow bool, what string) ([]byte, error) {
	stat := os.Lstat
	if follow {
		stat = os.Stat
	}
	st, err := stat(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: pe.Err}
		}
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", name, ErrNotRegular)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than %s may hold (%d)", name, st.Size(), what, limit)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
