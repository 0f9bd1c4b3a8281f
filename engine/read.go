package engine

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// Reading and column building run ahead of indexing, on every core. Each
// file has a reader goroutine (at most GOMAXPROCS files at a time) that
// decompresses it and cuts runs of plain TSV data lines into blocks
// (zeeklog.Reader.NextBlock); a pool of GOMAXPROCS parsers turns blocks
// into chunks: rows appended to columns, with a string table of their own.
// Whatever is not cut into a block (headers, JSON lines, damaged lines) the
// file's reader parses itself. So a large file is parsed on every core
// while small files are read side by side.
//
// The loader takes each file's chunks in file order and, within a file, in
// line order, and only maps each chunk's distinct strings onto the engine's
// table: record ids do not depend on scheduling.

const (
	chunkRows         = 1 << 16 // most rows in one chunk
	defaultBlockBytes = 4 << 20 // most bytes cut into one block
	readAhead         = 8       // chunks (or blocks) a file's reader may run ahead of the loader
)

// blockBytes is the most bytes cut into one block; tests shrink it.
var blockBytes = defaultBlockBytes

// chunk is a run of rows of one header, built by a reader or parser, plus
// the read problems met since the previous chunk.
type chunk struct {
	seg      *segment        // nil when the chunk holds only problems
	hdr      *zeeklog.Header // seg's header
	strs     *index.Strings  // the table seg's symbols refer to
	post     *chunkPostings  // seg's rows by symbol of strs
	problems []problem       // in the order they were met
}

// problem is a Read error (a row not loaded, a file-level problem) or a
// warning about a row that was loaded.
type problem struct {
	err     error
	warning bool
}

// item is what a file's reader hands the loader, in order: chunks it built
// itself, or a block whose chunks a parser delivers on parsed.
type item struct {
	chunk  *chunk
	parsed chan parsedBlock
}

// parsedBlock is a block's chunks and its data line count.
type parsedBlock struct {
	chunks []*chunk
	lines  int64
}

// blockJob is a block waiting for a parser.
type blockJob struct {
	block *zeeklog.Block
	out   chan<- parsedBlock
}

// fileReader reads one file in the background.
type fileReader struct {
	name    string
	items   chan item
	openErr error // set before items is closed
	lines   int64 // data lines the reader parsed itself (blocks count theirs)
	format  zeeklog.Format
	only    map[string]bool // if not nil, the log paths to read
	unused  string          // the path of the first record, when only leaves it out
	// headerPath is the #path of the last TSV header, set with lines:
	// the log path of a file with a header and no record.
	headerPath string
}

// builder appends rows to chunks of at most chunkRows rows of one header.
type builder struct {
	c        *chunk
	emit     func(*chunk) bool       // false: stop
	accept   func(*zeeklog.Row) bool // if set, asked before adding a row; false: stop
	rowsHint int                     // rows expected in all (a block's line count), 0 if unknown
}

func (b *builder) problem(err error, warning bool) {
	if b.c == nil {
		b.c = &chunk{}
	}
	b.c.problems = append(b.c.problems, problem{err: err, warning: warning})
}

func (b *builder) add(row *zeeklog.Row) bool {
	if b.accept != nil && !b.accept(row) {
		return false
	}
	if c := b.c; c != nil && c.seg != nil && (row.Header != c.hdr || c.seg.n >= chunkRows) {
		if !b.flush() {
			return false
		}
	}
	if b.c == nil {
		b.c = &chunk{}
	}
	c := b.c
	if c.seg == nil {
		rows := min(b.rowsHint, chunkRows)
		c.seg, c.hdr, c.strs = newSegment(row.Header, rows), row.Header, &index.Strings{}
		// Most logs hold at least one new string per row (a uid, a fuid):
		// size the table for that at once instead of doubling up to it.
		c.strs.Reserve(rows, rows*24)
	}
	for _, w := range row.Warnings {
		c.problems = append(c.problems, problem{err: w, warning: true})
	}
	c.seg.appendRow(c.strs, row)
	return true
}

// flush hands on the chunk being built, if any.
func (b *builder) flush() bool {
	if b.c == nil {
		return true
	}
	c := b.c
	b.c = nil
	if c.seg != nil {
		c.post = c.seg.localPostings(c.strs.Len())
	}
	return b.emit(c)
}

// readRows drains rd into b (rows and problems alike); it stops early when
// b's emit does.
func readRows(rd *zeeklog.Reader, b *builder, next func() bool) bool {
	for next() {
		row, err := rd.Read()
		if err == io.EOF {
			return true
		}
		if err != nil {
			b.problem(err, false)
			continue
		}
		if !b.add(&row) {
			return false
		}
	}
	return true
}

// parseBlock turns a block into chunks.
func parseBlock(blk *zeeklog.Block) parsedBlock {
	var out parsedBlock
	b := &builder{emit: func(c *chunk) bool { out.chunks = append(out.chunks, c); return true }, rowsHint: blk.Lines()}
	rd := blk.Reader()
	readRows(rd, b, func() bool { return true })
	b.flush()
	out.lines = rd.Lines()
	return out
}

// run reads the file until its end or until done is closed, handing
// blocks to the parsers on jobs.
func (f *fileReader) run(done <-chan struct{}, jobs chan<- blockJob, read *atomic.Int64) {
	defer close(f.items)
	rc, err := zeeklog.OpenCounting(f.name, read)
	if err != nil {
		f.openErr = err
		return
	}
	defer rc.Close()
	rd := zeeklog.NewReader(rc, f.name)
	rd.SetBlockBytes(blockBytes)
	defer func() { f.lines, f.format, f.headerPath = rd.Lines(), rd.Format(), rd.DirectivePath() }()
	send := func(it item) bool {
		select {
		case f.items <- it:
			return true
		case <-done:
			return false
		}
	}
	b := &builder{emit: func(c *chunk) bool { return send(item{chunk: c}) }}
	if f.only != nil {
		// The first record tells the file's log path: read on only for a
		// wanted one. (Problems before it are dropped with the file.)
		b.accept = func(row *zeeklog.Row) bool {
			b.accept = nil
			if !f.only[row.Header.Path] {
				f.unused = row.Header.Path
				b.c = nil
				return false
			}
			return true
		}
	}
	stop := false
	// Between blocks, the reader parses rows itself until a block can be
	// cut again.
	next := func() bool {
		for b.accept == nil { // blocks only once the first record has been let through
			blk, ok := rd.NextBlock()
			if !ok {
				return true
			}
			if !b.flush() {
				stop = true
				return false
			}
			out := make(chan parsedBlock, 1)
			if !send(item{parsed: out}) {
				stop = true
				return false
			}
			select {
			case jobs <- blockJob{block: blk, out: out}:
			case <-done:
				stop = true
				return false
			}
		}
		return true
	}
	if readRows(rd, b, next) && !stop && f.unused == "" {
		b.flush()
	}
}

// startReaders starts reading the files, at most GOMAXPROCS at a time, in
// order, and the parsers of their blocks. Closing done stops them.
func startReaders(names []string, only map[string]bool, done <-chan struct{}, read *atomic.Int64) []*fileReader {
	readers := make([]*fileReader, len(names))
	for i, name := range names {
		readers[i] = &fileReader{name: name, items: make(chan item, readAhead), only: only}
	}
	procs := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan blockJob, procs)
	for range procs {
		go func() {
			for {
				select {
				case j, ok := <-jobs:
					if !ok {
						return
					}
					j.out <- parseBlock(j.block)
				case <-done:
					return
				}
			}
		}()
	}
	slots := make(chan struct{}, procs)
	go func() {
		var wg sync.WaitGroup
		defer close(jobs)
		defer wg.Wait()
		for _, r := range readers {
			select {
			case slots <- struct{}{}:
			case <-done:
				close(r.items) // never started
				continue
			}
			wg.Add(1)
			go func(r *fileReader) {
				defer wg.Done()
				defer func() { <-slots }()
				r.run(done, jobs, read)
			}(r)
		}
	}()
	return readers
}
