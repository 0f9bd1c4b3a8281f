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

// rowBatch holds copied rows; its values do not alias the reader.
type rowBatch struct {
	items []readItem
	vals  []zeeklog.Value
	chunk []byte
	bytes int
}

// text copies b into the batch's arena (nil stays nil).
func (b *rowBatch) text(p []byte) []byte {
	if p == nil {
		return nil
	}
	if len(p) > arenaChunk/4 {
		return append([]byte(nil), p...) // large values get their own slice
	}
	if cap(b.chunk)-len(b.chunk) < len(p) {
		b.chunk = make([]byte, 0, arenaChunk)
	}
	start := len(b.chunk)
	b.chunk = append(b.chunk, p...)
	b.bytes += len(p)
	return b.chunk[start:len(b.chunk):len(b.chunk)]
}

// add copies one Read result into the batch.
func (b *rowBatch) add(row zeeklog.Row, err error) {
	if err != nil {
		b.items = append(b.items, readItem{err: err})
		return
	}
	start := len(b.vals)
	for _, v := range row.Values {
		nv := v
		nv.Text = b.text(v.Text)
		if v.Elems != nil {
			els := make([]zeeklog.Value, len(v.Elems))
			for j, el := range v.Elems {
				el.Text = b.text(el.Text)
				els[j] = el
			}
			nv.Elems = els
		}
		b.vals = append(b.vals, nv)
	}
	cp := zeeklog.Row{Header: row.Header, Line: row.Line, Values: b.vals[start:len(b.vals):len(b.vals)]}
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

// run reads the file until its end or until done is closed.
func (f *fileReader) run(done <-chan struct{}, read *atomic.Int64) {
	defer close(f.batches)
	rc, err := zeeklog.OpenCounting(f.name, read)
	if err != nil {
		f.openErr = err
		return
	}
	defer rc.Close()
	rd := zeeklog.NewReader(rc, f.name)
	defer func() { f.lines, f.format = rd.Lines(), rd.Format() }()
	b := &rowBatch{}
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
			b = &rowBatch{vals: make([]zeeklog.Value, 0, cap(b.vals))}
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
func startReaders(names []string, done <-chan struct{}, read *atomic.Int64) []*fileReader {
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
				r.run(done, read)
			}(r)
		}
	}()
	return readers
}
