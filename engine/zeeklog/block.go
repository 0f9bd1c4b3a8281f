package zeeklog

import (
	"bufio"
	"bytes"
	"io"
)

// Splitting a file across cores. Decompressing and cutting a file into
// lines is sequential, but parsing the lines is not: [Reader.NextBlock]
// cuts a run of complete data lines from the input, and [Block.Reader]
// parses it apart, on another goroutine, with the header in force where
// the block was cut. Only plain TSV data lines are cut into blocks;
// everything that changes the reader's state (header and comment lines,
// the first lines of a file, JSON lines, whose header is inferred row by
// row, a partial or over-long last line, a read error) is left to
// [Reader.Read] on the file's own reader, so errors and line numbers are
// the same either way.

// Block is a run of complete TSV data lines cut from a file by
// [Reader.NextBlock].
type Block struct {
	data    []byte // whole lines, each ending in '\n'
	lines   int    // number of lines in data
	first   int64  // line number of the first line
	name    string
	maxLine int
	tsv     tsvState // the header in force, read-only
}

// Lines returns the number of lines in the block (blank ones included).
func (b *Block) Lines() int { return b.lines }

// Bytes returns the size of the block.
func (b *Block) Bytes() int { return len(b.data) }

// Reader returns a Reader over the block's lines: it returns the same rows
// and errors, with the same line numbers, that the file's Reader would
// have returned for them. Its Lines counts the block's data lines only.
func (b *Block) Reader() *Reader {
	return &Reader{
		MaxLineBytes: b.maxLine,
		name:         b.name,
		format:       TSV,
		started:      true,
		line:         b.first - 1,
		blk:          b.data,
		inBlock:      true,
		tsv:          b.tsv,
	}
}

// SetBlockBytes sets the most bytes [Reader.NextBlock] cuts at a time, by
// sizing the reader's buffer (a line longer than that is never cut into a
// block: Read handles it). Call it before the first Read.
func (r *Reader) SetBlockBytes(n int) {
	if r.started || r.inBlock || r.src == nil || n <= 0 {
		return
	}
	r.br = bufio.NewReaderSize(r.src, n)
}

// NextBlock cuts the next run of plain TSV data lines, up to the reader's
// buffer size (see [Reader.SetBlockBytes]), for parsing elsewhere with
// [Block.Reader]; the reader goes on after them ([Reader.Lines] does not
// count the data lines of the blocks: their readers do). It returns false when the
// next line is not such a line (or the reader is not in a state to cut):
// call [Reader.Read] then, which handles it.
func (r *Reader) NextBlock() (*Block, bool) {
	s := &r.tsv
	if !r.started || r.format != TSV || r.done || r.inBlock || len(r.pending) > 0 || s.dirty || s.hdr == nil {
		return nil, false
	}
	buf, _ := r.br.Peek(r.br.Size()) // a short read's error is met again by Read
	end := bytes.LastIndexByte(buf, '\n')
	if end < 0 {
		return nil, false
	}
	region := buf[:end+1]
	if region[0] == '#' {
		return nil, false
	}
	if i := bytes.Index(region, []byte("\n#")); i >= 0 {
		region = region[:i+1]
	}
	b := &Block{
		data:    bytes.Clone(region),
		lines:   bytes.Count(region, []byte{'\n'}),
		first:   r.line + 1,
		name:    r.name,
		maxLine: r.MaxLineBytes,
		tsv: tsvState{
			sep: s.sep, hdr: s.hdr, types: s.types,
			setSep: s.setSep, empty: s.empty, unset: s.unset,
		},
	}
	if _, err := r.br.Discard(len(region)); err != nil {
		return nil, false // cannot happen: the bytes were peeked
	}
	r.line += int64(b.Lines())
	return b, true
}

// blockLine is readLine for a Block's reader.
func (r *Reader) blockLine() ([]byte, error) {
	if len(r.blk) == 0 {
		return nil, io.EOF
	}
	i := bytes.IndexByte(r.blk, '\n') // every line of a block ends in one
	line := r.blk[:i]
	r.blk = r.blk[i+1:]
	r.line++
	if len(line) > 0 {
		r.longFirst = line[0]
	}
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if len(line) > r.maxLine() {
		return nil, errTooLong
	}
	return line, nil
}
