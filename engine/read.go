package engine

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// Reading and column building run ahead of indexing: each file is opened,
// decompressed, parsed and appended to columns in its own goroutine (at
// most GOMAXPROCS at a time), with a string table of its own per chunk of
// rows. The loader consumes the files in their sorted order and only maps
// each chunk's distinct strings onto the engine's table, so record ids do
// not depend on scheduling and the costly work runs on every core.

const (
	chunkRows = 1 << 16 // rows per chunk
	readAhead = 8       // chunks a reader may run ahead of the loader (2 vs 8: median 4.33 s vs 3.85 s on the 40-copy gz set)
)

// chunk is a run of rows of one header, built by a reader, plus the read
// problems met since the previous chunk.
type chunk struct {
	seg      *segment        // nil when the chunk holds only problems
	hdr      *zeeklog.Header // seg's header
	strs     *index.Strings  // the table seg's symbols refer to
	problems []problem       // in the order they were met
}

// problem is a Read error (a row not loaded, a file-level problem) or a
// warning about a row that was loaded.
type problem struct {
	err     error
	warning bool
}

// fileReader reads one file in the background.
type fileReader struct {
	name    string
	chunks  chan *chunk
	openErr error // set before chunks is closed
	lines   int64
	format  zeeklog.Format
}

// run reads the file until its end or until done is closed.
func (f *fileReader) run(done <-chan struct{}, read *atomic.Int64) {
	defer close(f.chunks)
	rc, err := zeeklog.OpenCounting(f.name, read)
	if err != nil {
		f.openErr = err
		return
	}
	defer rc.Close()
	rd := zeeklog.NewReader(rc, f.name)
	defer func() { f.lines, f.format = rd.Lines(), rd.Format() }()
	c := &chunk{}
	send := func() bool {
		if c.seg == nil && len(c.problems) == 0 {
			return true
		}
		select {
		case f.chunks <- c:
			c = &chunk{}
			return true
		case <-done:
			return false
		}
	}
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.problems = append(c.problems, problem{err: err})
			continue
		}
		if c.seg != nil && (row.Header != c.hdr || c.seg.n >= chunkRows) {
			if !send() {
				return
			}
		}
		if c.seg == nil {
			c.seg, c.hdr, c.strs = newSegment(row.Header), row.Header, &index.Strings{}
		}
		for _, w := range row.Warnings {
			c.problems = append(c.problems, problem{err: w, warning: true})
		}
		c.seg.appendRow(c.strs, &row)
	}
	send()
}

// startReaders starts reading the files, at most GOMAXPROCS at a time, in
// order. Closing done stops them.
func startReaders(names []string, done <-chan struct{}, read *atomic.Int64) []*fileReader {
	readers := make([]*fileReader, len(names))
	for i, name := range names {
		readers[i] = &fileReader{name: name, chunks: make(chan *chunk, readAhead)}
	}
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	go func() {
		var wg sync.WaitGroup
		defer wg.Wait()
		for _, r := range readers {
			select {
			case slots <- struct{}{}:
			case <-done:
				close(r.chunks) // never started
				continue
			}
			wg.Add(1)
			go func(r *fileReader) {
				defer wg.Done()
				defer func() { <-slots }()
				r.run(done, read)
			}(r)
		}
	}()
	return readers
}
