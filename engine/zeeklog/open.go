package zeeklog

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// Open opens the named file for reading. A gzip stream (recognised by its
// magic bytes, not by the name) is decompressed transparently, including
// multi-member files written by rotation tools. When a gzip stream is cut
// short, reads return every byte that decompresses and then an error
// wrapping [io.ErrUnexpectedEOF]; a [Reader] reports that as one
// [ErrTruncated] error. The caller closes the returned reader.
func Open(name string) (io.ReadCloser, error) { return OpenCounting(name, nil) }

// OpenCounting is [Open] that also adds to read the number of bytes read
// from the file (compressed bytes for a gzip file), for progress reports.
// read may be nil.
func OpenCounting(name string, read *atomic.Int64) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	var src io.Reader = f
	if read != nil {
		src = &countingReader{r: f, n: read}
	}
	br := bufio.NewReaderSize(src, 64<<10)
	magic, _ := br.Peek(2)
	isGzip := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	if !isGzip && strings.HasSuffix(name, ".gz") && len(magic) > 0 {
		f.Close()
		return nil, fmt.Errorf("open %s: named .gz but has no gzip header (corrupt or misnamed)", name)
	}
	if isGzip {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("open %s: gzip: %w", name, err)
		}
		return &gzipFile{zr: zr, f: f}, nil
	}
	return &plainFile{Reader: br, f: f}, nil
}

type plainFile struct {
	*bufio.Reader
	f *os.File
}

func (p *plainFile) Close() error { return p.f.Close() }

type gzipFile struct {
	zr *gzip.Reader
	f  *os.File
}

func (g *gzipFile) Read(p []byte) (int, error) { return g.zr.Read(p) }

func (g *gzipFile) Close() error {
	err := g.zr.Close()
	if ferr := g.f.Close(); err == nil {
		err = ferr
	}
	return err
}

// logSuffixes are the file name endings [Files] accepts, each also with .gz.
var logSuffixes = []string{".log", ".json", ".ndjson"}

// Files returns the log files under root. If root is a file it is returned
// as is, whatever its name. A directory is walked recursively and every
// regular file whose name ends in .log, .json or .ndjson, optionally followed
// by .gz, is returned; files and directories whose names start with '.' are
// skipped. The result is sorted lexically by full path. Whether a file really
// holds a Zeek log is decided by its content when it is read (see
// [ErrNotZeek]). Symbolic links are followed (a symlinked root such as
// /var/log/zeek/current too); a link loop is walked once, a dangling link is
// skipped, and an unreadable directory is returned as an entry so that
// opening it reports why.
func Files(root string) ([]string, error) {
	fi, err := os.Stat(root) // follows a symlinked root (e.g. /var/log/zeek/current)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{root}, nil
	}
	var out []string
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			real = dir
		}
		if seen[real] {
			return // a symlink loop, or a directory reached twice
		}
		seen[real] = true
		ents, err := os.ReadDir(dir)
		if err != nil {
			// Unreadable directory: hand it on, so that opening it reports
			// the reason with its name instead of losing it silently.
			out = append(out, dir)
			return
		}
		for _, d := range ents {
			name := d.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			p := filepath.Join(dir, name)
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				st, err := os.Stat(p) // follow links to files and directories
				if err != nil {
					continue // a dangling link names nothing to read
				}
				mode = st.Mode().Type()
			}
			switch {
			case mode.IsDir():
				walk(p)
			case mode.IsRegular() && hasLogSuffix(name):
				out = append(out, p)
			}
		}
	}
	walk(root)
	sort.Strings(out)
	return out, nil
}

func hasLogSuffix(name string) bool {
	name = strings.TrimSuffix(name, ".gz")
	for _, s := range logSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// PathFromName guesses a log path (Zeek's "log type") from a file name, for
// logs that carry neither #path nor _path. It takes the base name, drops a
// corelight json-streaming-logs "json_streaming_" prefix and keeps the part
// before the first '.', which removes the extension and every rotation or
// date suffix Zeek and zeekctl write:
//
//	conn.log                              conn
//	conn.15:00:00-16:00:00.log.gz         conn
//	open_conn.17_32_32-18_00_00.log.gz    open_conn
//	http.2019-05-01.log                   http
//	conn.log.1                            conn
//	json_streaming_http.log               http
func PathFromName(name string) string {
	base := filepath.Base(name)
	if base == "." || base == string(filepath.Separator) {
		return ""
	}
	base = strings.TrimPrefix(base, "json_streaming_")
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return base
}

// countingReader adds the bytes it reads to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
