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

	"github.com/klauspost/compress/gzip"
)

// Open opens the named file for reading. A gzip stream (recognised by its
// magic bytes, not by the name) is decompressed transparently, including
// multi-member files written by rotation tools. When a gzip stream is cut
// short, reads return every byte that decompresses and then an error
// wrapping [io.ErrUnexpectedEOF]; a [Reader] reports that as one
// [ErrTruncated] error. The caller closes the returned reader.
func Open(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
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
// [ErrNotZeek]).
func Files(root string) ([]string, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !hasLogSuffix(d.Name()) {
			return nil
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
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
