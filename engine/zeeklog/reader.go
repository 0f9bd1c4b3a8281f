package zeeklog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxLineBytes is the longest line a [Reader] accepts when
// MaxLineBytes is zero: 64 MiB.
const DefaultMaxLineBytes = 64 << 20

// Reader reads Zeek log records from one file, TSV or JSON lines (see the
// package documentation for the accepted forms).
//
// Set the exported options before the first call to [Reader.Read].
//
// Errors: every error Read returns is a [*ParseError]. Row errors (a bad
// line) are not fatal: the next Read continues with the next line, the same
// way [encoding/csv] treats ErrFieldCount. Fatal errors (an I/O error, a
// truncated gzip stream, a file that is not a Zeek log) are returned once;
// every later Read returns [io.EOF]. Problems that did not cost a row are
// listed in [Row.Warnings] or, when they belong to no row (the last partial
// line of a file being written, a header warning whose first row was
// rejected), returned as a ParseError with Warning set.
type Reader struct {
	// MaxLineBytes is the longest line accepted, newline excluded. A longer
	// line yields one ErrLineTooLong error and reading continues with the
	// next line. Zero means DefaultMaxLineBytes.
	MaxLineBytes int

	name    string
	src     io.Reader // under br
	br      *bufio.Reader
	blk     []byte // the rest of a Block, for a Block's reader
	inBlock bool   // a Block's reader: lines come from blk
	format  Format
	started bool // format detected
	done    bool // io.EOF from now on
	line    int64
	lines   int64
	pending []*ParseError

	long        []byte // a line longer than the bufio buffer, assembled
	longFirst   byte   // first byte of the line readLine last looked at
	partialData bool   // a read error cut a line short
	unesc       []byte // unescaped text of the current row
	plain       bool   // the TSV line being parsed holds no backslash: text need not look
	values      []Value
	elems       []Value
	warns       []*ParseError

	tsv  tsvState
	json jsonState
}

// NewReader returns a Reader reading from r. name is the file's path: it is
// used in errors and, when a log has neither #path nor _path, to guess the
// log path with [PathFromName]. r should already be decompressed (see
// [Open]).
func NewReader(r io.Reader, name string) *Reader {
	return &Reader{
		name: name,
		src:  r,
		br:   bufio.NewReaderSize(r, 64<<10),
		tsv:  newTSVState(),
	}
}

// Format returns the format of the input, known once the first record or
// header line has been read; [TSV] before that.
func (r *Reader) Format() Format { return r.format }

// Lines returns the number of data lines read so far: TSV lines that are
// neither blank nor start with '#', JSON lines that are neither blank nor
// start with '#'. Every data line becomes either a row or an error, so
// records + rejected lines == Lines() once Read has returned io.EOF (a
// truncated gzip stream's partial last line is counted and covered by its
// single ErrTruncated error).
func (r *Reader) Lines() int64 { return r.lines }

// Read returns the next record. At the end of the input it returns io.EOF.
// When err is not nil there is no row in this call; see [Reader] for which
// errors are fatal.
//
// The returned Row aliases the Reader's buffers and is valid until the next
// call to Read: copy the values you keep. Row.Header may be kept; a new
// *Header is returned only when the schema changes.
func (r *Reader) Read() (Row, error) {
	if len(r.pending) > 0 {
		e := r.pending[0]
		r.pending = r.pending[1:]
		return Row{}, e
	}
	if r.done {
		return Row{}, io.EOF
	}
	for {
		line, err := r.readLine()
		switch {
		case err == nil || err == errPartial:
		case err == io.EOF:
			r.done = true
			return Row{}, io.EOF
		case err == errTooLong:
			if !r.started && r.longFirst != '#' && r.longFirst != '{' {
				return Row{}, r.notZeek()
			}
			if r.longFirst != '#' {
				r.lines++
			}
			return Row{}, r.errorf(r.line, fmt.Errorf("%w (over %d bytes)", ErrLineTooLong, r.maxLine()))
		default:
			r.done = true
			if errors.Is(err, io.ErrUnexpectedEOF) {
				// Name the line the stream broke off in: the partial line when
				// part of it came through (as for a plain file's incomplete
				// last line), else the last complete one.
				at := r.line
				if r.partialData {
					at++
					if r.longFirst != '#' {
						r.lines++
					}
				}
				return Row{}, r.errorf(at, fmt.Errorf("%w (%w)", ErrTruncated, err))
			}
			return Row{}, r.errorf(r.line, fmt.Errorf("read: %w", err))
		}
		if len(line) == 0 {
			continue
		}
		if !r.started {
			switch {
			case line[0] == '#':
				if _, _, ok := directive(line); !ok {
					continue // a comment such as "### BTest baseline ..."
				}
				r.started, r.format = true, TSV
			case line[0] == '{':
				r.started, r.format = true, JSON
			default:
				return Row{}, r.notZeek()
			}
		}
		if err == errPartial && line[0] != '#' {
			r.lines++
			e := r.errorf(r.line, ErrPartialLine)
			e.Warning = true
			return Row{}, e
		}
		r.unesc = r.unesc[:0]
		r.elems = r.elems[:0]
		r.warns = nil
		var row Row
		var ok bool
		var perr *ParseError
		if r.format == JSON {
			row, ok, perr = r.jsonLine(line)
		} else {
			row, ok, perr = r.tsvLine(line)
		}
		if perr != nil {
			return Row{}, perr
		}
		if ok {
			return row, nil
		}
	}
}

// errPartial and errTooLong are readLine's internal results.
var (
	errPartial = errors.New("partial line")
	errTooLong = errors.New("line too long")
)

func (r *Reader) maxLine() int {
	if r.MaxLineBytes > 0 {
		return r.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

func (r *Reader) notZeek() *ParseError {
	r.done = true
	return &ParseError{Path: r.name, Err: ErrNotZeek}
}

func (r *Reader) errorf(line int64, err error) *ParseError {
	return &ParseError{Path: r.name, Line: line, Err: err}
}

// readLine returns the next line without its "\n" (and without a "\r"
// before it). It returns errPartial with the line when the input ends
// without a newline, errTooLong (with r.longFirst set to the line's first
// byte) for a line over the limit, io.EOF at a clean end, and any other
// read error as is (r.partialData tells whether a line was cut by it).
// The line aliases the bufio buffer or r.long.
func (r *Reader) readLine() ([]byte, error) {
	if r.inBlock {
		return r.blockLine()
	}
	r.long = r.long[:0]
	r.partialData = false
	tooLong := false
	size := 0
	max := r.maxLine()
	for {
		frag, err := r.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if size == 0 && len(frag) > 0 {
				r.longFirst = frag[0]
			}
			size += len(frag)
			if size > max {
				tooLong = true
				r.long = r.long[:0]
			} else {
				r.long = append(r.long, frag...)
			}
			continue
		}
		if size == 0 && len(frag) > 0 {
			r.longFirst = frag[0]
		}
		size += len(frag)
		if err != nil && err != io.EOF {
			r.partialData = size > 0
			return nil, err
		}
		if size == 0 {
			return nil, io.EOF
		}
		r.line++
		if tooLong {
			return nil, errTooLong
		}
		line := frag
		if len(r.long) > 0 {
			r.long = append(r.long, frag...)
			line = r.long
		}
		n := size
		if err == nil {
			line = line[:len(line)-1]
			n--
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
			n--
		}
		if n > max {
			return nil, errTooLong
		}
		if err == io.EOF {
			return line, errPartial
		}
		return line, nil
	}
}

// scratch helpers shared by the TSV and JSON readers

// text returns b unescaped with fn when it holds a backslash, else b itself.
func (r *Reader) text(b []byte, fn func(dst, s []byte) []byte) []byte {
	if r.plain || bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	start := len(r.unesc)
	r.unesc = fn(r.unesc, b)
	return r.unesc[start:len(r.unesc):len(r.unesc)]
}

// noElems is the Elems of an empty container: non-nil, so that it reads
// differently from a scalar, and of capacity 0, so appending copies.
var noElems = []Value{}

// elemsFrom returns the elements appended to r.elems since start as one
// capped slice.
func (r *Reader) elemsFrom(start int) []Value {
	if start == len(r.elems) {
		return noElems
	}
	return r.elems[start:len(r.elems):len(r.elems)]
}
