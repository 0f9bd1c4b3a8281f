package engine

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

// Reading runs ahead of indexing: each file is opened, decompressed and
// parsed in its own goroutine (at most GOMAXPROCS at a time), which hands
// rows over in batches of copied values; the loader consumes the files in
// their sorted order, so record ids do not depend on scheduling.

const (
	batchRows  = 2048      // rows per batch
	batchBytes = 1 << 20   // text bytes per batch, about
	readAhead  = 2         // batches a reader may run ahead of the loader
	arenaChunk = 256 << 10 // text is copied into chunks of this size
)

// readItem is one result of Reader.Read: a row or an error.
type readItem struct {
	row zeeklog.Row
	err error
}

// rowBatch holds copied rows; its values do not alias the reader. Batches
// go back to a free list once indexed, and their buffers are reused, so the
// copy costs no garbage in the steady state.
type rowBatch struct {
	items  []readItem
	vals   []zeeklog.Value
	elems  []zeeklog.Value
	chunks [][]byte // text arena; chunks[cur] is being filled
	cur    int
	bytes  int
}

// reset empties the batch for reuse, keeping its buffers.
func (b *rowBatch) reset() {
	b.items = b.items[:0]
	b.vals = b.vals[:0]
	b.elems = b.elems[:0]
	for i := range b.chunks {
		b.chunks[i] = b.chunks[i][:0]
	}
	b.cur, b.bytes = 0, 0
}

// text copies p into the batch's arena (nil stays nil).
func (b *rowBatch) text(p []byte) []byte {
	if p == nil {
		return nil
	}
	b.bytes += len(p)
	if len(p) > arenaChunk/4 {
		return append([]byte(nil), p...) // large values get their own slice
	}
	for b.cur < len(b.chunks) && cap(b.chunks[b.cur])-len(b.chunks[b.cur]) < len(p) {
		b.cur++
	}
	if b.cur == len(b.chunks) {
		b.chunks = append(b.chunks, make([]byte, 0, arenaChunk))
	}
	c := b.chunks[b.cur]
	start := len(c)
	c = append(c, p...)
	b.chunks[b.cur] = c
	return c[start:len(c):len(c)]
}

// grow returns vals extended by n values, reallocating (and so leaving the
// rows already copied on the old array, which stays valid) when full.
func grow(vals []zeeklog.Value, n int) []zeeklog.Value {
	if cap(vals)-len(vals) < n {
		nv := make([]zeeklog.Value, len(vals), max(2*cap(vals), len(vals)+n, 1024))
		copy(nv, vals)
		vals = nv
	}
	return vals[:len(vals)+n]
}

// add copies one Read result into the batch.
func (b *rowBatch) add(row zeeklog.Row, err error) {
	if err != nil {
		b.items = append(b.items, readItem{err: err})
		return
	}
	start := len(b.vals)
	b.vals = grow(b.vals, len(row.Values))
	vals := b.vals[start:]
	for i, v := range row.Values {
		nv := v
		nv.Text = b.text(v.Text)
		if v.Elems != nil {
			es := len(b.elems)
			b.elems = grow(b.elems, len(v.Elems))
			els := b.elems[es:len(b.elems):len(b.elems)]
			for j, el := range v.Elems {
				el.Text = b.text(el.Text)
				els[j] = el
			}
			nv.Elems = els
		}
		vals[i] = nv
	}
	cp := zeeklog.Row{Header: row.Header, Line: row.Line, Values: vals[:len(vals):len(vals)]}
	if len(row.Warnings) > 0 {
		cp.Warnings = append([]*zeeklog.ParseError(nil), row.Warnings...)
	}
	b.items = append(b.items, readItem{row: cp})
}

// fileReader reads one file in the background.
type fileReader struct {
	name    string
	batches chan *rowBatch
	openErr error // set before batches is closed
	lines   int64
	format  zeeklog.Format
}

// newBatch takes a batch from the free list, or makes one.
func newBatch(free chan *rowBatch) *rowBatch {
	select {
	case b := <-free:
		return b
	default:
		return &rowBatch{}
	}
}

// run reads the file until its end or until done is closed.
func (f *fileReader) run(done <-chan struct{}, read *atomic.Int64, free chan *rowBatch) {
	defer close(f.batches)
	rc, err := zeeklog.OpenCounting(f.name, read)
	if err != nil {
		f.openErr = err
		return
	}
	defer rc.Close()
	rd := zeeklog.NewReader(rc, f.name)
	defer func() { f.lines, f.format = rd.Lines(), rd.Format() }()
	b := newBatch(free)
	for {
		row, err := rd.Read()
		if err == io.EOF {
			break
		}
		b.add(row, err)
		if len(b.items) >= batchRows || b.bytes >= batchBytes {
			select {
			case f.batches <- b:
			case <-done:
				return
			}
			b = newBatch(free)
		}
	}
	if len(b.items) > 0 {
		select {
		case f.batches <- b:
		case <-done:
		}
	}
}

// startReaders starts reading the files, at most GOMAXPROCS at a time, in
// order. Closing done stops them.
func startReaders(names []string, done <-chan struct{}, read *atomic.Int64, free chan *rowBatch) []*fileReader {
	readers := make([]*fileReader, len(names))
	for i, name := range names {
		readers[i] = &fileReader{name: name, batches: make(chan *rowBatch, readAhead)}
	}
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	go func() {
		var wg sync.WaitGroup
		defer wg.Wait()
		for _, r := range readers {
			select {
			case slots <- struct{}{}:
			case <-done:
				// Close the channels of the readers never started.
				close(r.batches)
				continue
			}
			wg.Add(1)
			go func(r *fileReader) {
				defer wg.Done()
				defer func() { <-slots }()
				r.run(done, read, free)
			}(r)
		}
	}()
	return readers
}
