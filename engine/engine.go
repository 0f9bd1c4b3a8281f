package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// Severity grades a [Diagnostic].
type Severity uint8

// Severities, from least to most serious.
const (
	// Note: nothing was lost (e.g. an incomplete last line of a file that is
	// still being written).
	Note Severity = iota
	// Warning: the record was kept, but something in it was wrong (a value
	// that did not parse is unset; an empty extra value was dropped).
	Warning
	// Error: a row, or the rest of a file, was not loaded.
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem met while loading.
type Diagnostic struct {
	Severity Severity
	File     string
	Line     int64  // 0 for a file-level problem
	Field    string // "" when no single field is to blame
	Err      error  // a *zeeklog.ParseError or an I/O error
}

func (d Diagnostic) String() string { return d.Severity.String() + ": " + d.Err.Error() }

// FileInfo describes one loaded file.
type FileInfo struct {
	Name     string
	Paths    []string // log paths found in it (usually one; a header-only file's #path)
	Format   zeeklog.Format
	Lines    int64 // data lines read
	Records  int64 // records loaded
	Rejected int64 // data lines not loaded (counted in Diagnostics)
	Warnings int64
	Skipped  bool  // not a Zeek log, or unreadable: nothing loaded
	Unused   bool  // a log that [Engine.OnlyLogs] leaves out: not read past its first record
	Partial  bool  // the last line is incomplete (the file is still being written)
	Unlisted int64 // problems counted but not kept as Diagnostics (over the per-file limit)
	Reason   error // why Skipped, or a file-level error (truncated gzip)
	Headers  []*zeeklog.Header
}

// Summary totals one call of [Engine.Load].
type Summary struct {
	Files    int   // files read
	Records  int64 // records loaded
	Rejected int64 // data lines not loaded
	Warnings int64
	Skipped  int // files skipped whole (not Zeek logs, unreadable)
	Damaged  int // files cut short (truncated gzip, I/O error): their complete lines are loaded
	Again    int // files already loaded by an earlier Load, not read twice
	Unused   int // files of logs that OnlyLogs leaves out
	Bytes    int64
}

// maxDiagnosticsPerFile bounds the warnings and notes kept for one file
// (errors may reach twice that); the rest are counted in FileInfo but not
// stored.
const maxDiagnosticsPerFile = 200

// MaxDiagnosticsPerFile is the most diagnostics kept for one file.
const MaxDiagnosticsPerFile = 2 * maxDiagnosticsPerFile

// Progress follows a running [Engine.Load]; every field may be read from
// another goroutine while it runs.
type Progress struct {
	FilesTotal atomic.Int64
	FilesDone  atomic.Int64
	BytesTotal atomic.Int64 // sizes of the files on disk
	BytesRead  atomic.Int64 // bytes read from disk so far (compressed for .gz)
	Records    atomic.Int64
}

// Engine holds loaded logs and answers queries over them.
type Engine struct {
	// Progress, when set before Load, is updated as the load goes on.
	Progress *Progress

	// OnlyLogs, when set before Load, names the only log paths to load: a
	// file whose first record is of another path is passed over (its
	// FileInfo says Unused, and [Engine.LeftOut] names the path). A hunt
	// that declares the logs it needs loads just those.
	OnlyLogs []string

	strs  index.Strings
	post  index.Postings
	segs  []*segment
	logs  map[string]*logInfo
	files []*FileInfo
	diags []Diagnostic
	n     RecID
	seen  map[string]bool // absolute names of the files loaded
	left  map[string]bool // paths of files passed over (OnlyLogs)
	cids  communityIDCache
}

// New returns an empty Engine.
func New() *Engine {
	return &Engine{logs: map[string]*logInfo{}, seen: map[string]bool{}, left: map[string]bool{}}
}

// LeftOut reports whether files of the log path were passed over because
// OnlyLogs does not name it.
func (e *Engine) LeftOut(path string) bool { return e.left[path] }

// LeftOutLogs lists, sorted, the log paths passed over because OnlyLogs
// does not name them.
func (e *Engine) LeftOutLogs() []string {
	out := make([]string, 0, len(e.left))
	for p := range e.left {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Load reads every log file under the given paths (files or directory
// trees) and indexes their records. Problems with single rows or files are
// collected as [Diagnostic]s and never stop the load; Load returns an error
// only when a path does not exist or ctx is done.
func (e *Engine) Load(ctx context.Context, paths ...string) (Summary, error) {
	var sum Summary
	var names []string
	for _, p := range paths {
		fs, err := zeeklog.Files(p)
		if err != nil {
			return sum, err
		}
		names = append(names, fs...)
	}
	// Loading allocates much that dies young (blocks, column growth): return
	// the slack to the OS once the index is built (deferred calls run last
	// first). The collector keeps its usual pace while loading: the data is
	// pointer-free, so collecting is cheap, and a slower pace (GOGC=200)
	// took no less time but a third more peak memory.
	defer debug.FreeOSMemory()
	firstNew := len(e.segs)
	defer e.index(firstNew)
	var todo []string
	for _, name := range names {
		abs, err := filepath.Abs(name)
		if err != nil {
			abs = name
		}
		if e.seen[abs] {
			sum.Again++
			continue
		}
		e.seen[abs] = true
		todo = append(todo, name)
	}
	prog := e.Progress
	if prog == nil {
		prog = &Progress{}
	}
	prog.FilesTotal.Add(int64(len(todo)))
	for _, name := range todo {
		if st, err := os.Stat(name); err == nil {
			prog.BytesTotal.Add(st.Size())
		}
	}
	// done stops the readers and parsers: when Load returns, or at once
	// when ctx is done (a memory guard, a timeout, Ctrl-C), even in the
	// middle of a large file.
	done := make(chan struct{})
	var stopOnce sync.Once
	stop := func() { stopOnce.Do(func() { close(done) }) }
	defer stop()
	defer context.AfterFunc(ctx, stop)()
	var only map[string]bool
	if len(e.OnlyLogs) > 0 {
		only = map[string]bool{}
		for _, p := range e.OnlyLogs {
			only[p] = true
		}
	}
	for _, fr := range startReaders(todo, only, done, &prog.BytesRead) {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		fi := e.loadFile(fr)
		prog.FilesDone.Add(1)
		prog.Records.Add(fi.Records)
		sum.Files++
		sum.Records += fi.Records
		sum.Rejected += fi.Rejected
		sum.Warnings += fi.Warnings
		switch {
		case fi.Unused:
			sum.Unused++
		case fi.Skipped:
			sum.Skipped++
		case fi.Reason != nil:
			sum.Damaged++
		}
		if st, err := os.Stat(fr.name); err == nil {
			sum.Bytes += st.Size()
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err // stopped in the middle of a file: what was read is not all
	}
	return sum, nil
}

// index seals the segments loaded since segs[from] and posts their text
// values, in record order.
func (e *Engine) index(from int) {
	newSegs := e.segs[from:]
	for _, s := range newSegs {
		s.seal()
	}
	e.post.Extend(e.strs.Len(), func(keep func(index.Sym) bool, emit func(index.Sym, uint32, []uint16)) {
		for _, s := range newSegs {
			first := uint32(s.first)
			p := s.lpost
			for l := 1; l+1 < len(p.off); l++ {
				if g := s.lmap[l]; keep(g) && p.off[l] < p.off[l+1] {
					emit(g, first, p.rows[p.off[l]:p.off[l+1]])
				}
			}
		}
	})
	for _, s := range newSegs {
		s.lpost, s.lmap = nil, nil
	}
}

// diag stores a diagnostic, up to the per-file limit. Counting is the
// caller's job.
func (e *Engine) diag(fi *FileInfo, sev Severity, err error, kept *int) {
	if *kept >= maxDiagnosticsPerFile && sev != Error || *kept >= 2*maxDiagnosticsPerFile {
		fi.Unlisted++
		return
	}
	*kept++
	d := Diagnostic{Severity: sev, File: fi.Name, Err: err}
	var pe *zeeklog.ParseError
	if errors.As(err, &pe) {
		d.Line, d.Field = pe.Line, pe.Field
	}
	e.diags = append(e.diags, d)
}

// loadFile takes in the chunks a background reader builds for one file.
func (e *Engine) loadFile(fr *fileReader) *FileInfo {
	name := fr.name
	fi := &FileInfo{Name: name}
	e.files = append(e.files, fi)
	kept := 0
	var hdr *zeeklog.Header
	var blockLines int64
	take := func(c *chunk) {
		for _, p := range c.problems {
			if p.warning {
				fi.Warnings++
				e.diag(fi, Warning, p.err, &kept)
			} else {
				e.readError(fi, p.err, &kept)
			}
		}
		if c.seg == nil {
			return
		}
		if c.hdr != hdr {
			hdr = c.hdr
			fi.Headers = append(fi.Headers, hdr)
		}
		e.adopt(fi, c)
	}
	for it := range fr.items {
		if it.chunk != nil {
			take(it.chunk)
			continue
		}
		pb := <-it.parsed
		blockLines += pb.lines
		for _, c := range pb.chunks {
			take(c)
		}
	}
	if fr.openErr != nil {
		fi.Skipped, fi.Reason = true, fr.openErr
		e.diag(fi, Error, &zeeklog.ParseError{Path: name, Err: fr.openErr}, &kept)
		return fi
	}
	if fr.unused != "" {
		fi.Unused, fi.Paths = true, []string{fr.unused}
		e.left[fr.unused] = true
		return fi
	}
	fi.Lines = fr.lines + blockLines
	fi.Format = fr.format
	if len(fi.Paths) == 0 && fr.headerPath != "" {
		fi.Paths = []string{fr.headerPath} // a header and no record
	}
	if errors.Is(fi.Reason, zeeklog.ErrTruncated) && fi.Records+fi.Rejected < fi.Lines {
		// The line cut by the damage is lost: count it, it was read.
		fi.Rejected = fi.Lines - fi.Records
	}
	// Every data line is either a record or a rejected line.
	if fi.Records+fi.Rejected != fi.Lines && !fi.Skipped {
		e.diag(fi, Warning, &zeeklog.ParseError{Path: name, Err: fmt.Errorf(
			"internal: %d records + %d rejected != %d data lines", fi.Records, fi.Rejected, fi.Lines)}, &kept)
	}
	return fi
}

// adopt makes a reader's chunk a segment of the engine: its strings mapped
// onto the engine's table, its records numbered, its columns sealed.
func (e *Engine) adopt(fi *FileInfo, c *chunk) {
	h := c.hdr
	l := e.logs[h.Path]
	if l == nil {
		l = &logInfo{path: h.Path, sym: e.strs.InternString(h.Path), fieldAt: map[string]int{}}
		e.logs[h.Path] = l
	}
	for _, fd := range h.Fields {
		if _, ok := l.fieldAt[fd.Name]; !ok {
			l.fieldAt[fd.Name] = len(l.fields)
			l.fields = append(l.fields, fd)
		}
	}
	if !slices.Contains(fi.Paths, h.Path) {
		fi.Paths = append(fi.Paths, h.Path)
	}
	s := c.seg
	s.lmap = s.remap(c.strs, &e.strs)
	s.lpost = c.post
	s.log, s.file, s.first = l, fi, e.n
	s.seal()
	l.segs = append(l.segs, s)
	e.segs = append(e.segs, s)
	e.n += RecID(s.n)
	l.records += s.n
	fi.Records += int64(s.n)
}

// LogInfo describes one loaded log path.
type LogInfo struct {
	Path    string
	Records int
	Fields  []zeeklog.Field // union over the files, in first-seen order
}

// Logs lists the loaded log paths, sorted by path.
func (e *Engine) Logs() []LogInfo {
	out := make([]LogInfo, 0, len(e.logs))
	for _, l := range e.logs {
		out = append(out, LogInfo{Path: l.path, Records: l.records, Fields: l.fields})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Fields returns the fields of a log path (nil when it is not loaded).
func (e *Engine) Fields(path string) []zeeklog.Field {
	if l := e.logs[path]; l != nil {
		return l.fields
	}
	return nil
}

// HasLog reports whether any record of the path is loaded.
func (e *Engine) HasLog(path string) bool { return e.logs[path] != nil }

// HasField reports whether the log path (or, for [AllLogs], any loaded log)
// has the named field in any file. Every log has [PathField].
func (e *Engine) HasField(path, field string) bool {
	if path == AllLogs {
		for p := range e.logs {
			if e.HasField(p, field) {
				return true
			}
		}
		return false
	}
	l := e.logs[path]
	if l == nil {
		return false
	}
	if field == PathField {
		return true
	}
	_, ok := l.fieldAt[field]
	return ok
}

// Files returns what is known about every file read so far.
func (e *Engine) Files() []*FileInfo { return e.files }

// Diagnostics returns the problems met so far (at most a few hundred per
// file are stored; FileInfo has the full counts).
func (e *Engine) Diagnostics() []Diagnostic { return e.diags }

// Records returns the number of records loaded.
func (e *Engine) Records() int { return int(e.n) }

// Path returns the log path of a record.
func (e *Engine) Path(id RecID) string {
	s, _ := e.locate(id)
	return s.log.path
}

// Source returns the file and line a record was read from.
func (e *Engine) Source(id RecID) (string, int64) {
	s, r := e.locate(id)
	return s.file.Name, s.line(r)
}

// TS returns a record's ts in microseconds, and whether it has one.
func (e *Engine) TS(id RecID) (int64, bool) {
	s, r := e.locate(id)
	return s.tsMicros(r)
}

// FieldsOf returns the fields of the record's own header.
func (e *Engine) FieldsOf(id RecID) []zeeklog.Field {
	s, _ := e.locate(id)
	out := make([]zeeklog.Field, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.field
	}
	return out
}

// MemoryBytes estimates the bytes held by the loaded data.
func (e *Engine) MemoryBytes() int {
	n := e.strs.MemoryBytes() + e.post.MemoryBytes()
	for _, s := range e.segs {
		n += s.memoryBytes()
	}
	return n
}

// readError files an error returned by the reader.
func (e *Engine) readError(fi *FileInfo, err error, kept *int) {
	var pe *zeeklog.ParseError
	isPE := errors.As(err, &pe)
	switch {
	case errors.Is(err, zeeklog.ErrNotZeek):
		fi.Skipped, fi.Reason = true, err
		e.diag(fi, Note, err, kept)
	case isPE && pe.Line == 0, errors.Is(err, zeeklog.ErrTruncated):
		// File-level: the rest of the file is lost; the lines before it stay.
		fi.Reason = err
		e.diag(fi, Error, err, kept)
	case errors.Is(err, zeeklog.ErrPartialLine):
		// Not a record and not a fault: the writer has not finished the line.
		fi.Rejected++
		fi.Partial = true
		e.diag(fi, Note, err, kept)
	default:
		fi.Rejected++
		e.diag(fi, Error, err, kept)
	}
}
