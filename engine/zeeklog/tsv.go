package zeeklog

// The TSV reader follows Zeek's ASCII writer (zeek/zeek v6.2.0,
// src/logging/writers/ascii/Ascii.cc WriteHeader and
// src/threading/formatters/Ascii.cc Describe): the header directives are
// written "#name" + separator + escaped value, except #separator, which is
// written "#separator " + the separator in \xNN form. Values equal to the
// unset or empty marker, and separators inside values, are written escaped,
// so the markers and separators are compared on the raw bytes first and the
// escapes undone last.

import (
	"bytes"
	"fmt"
)

// Directive indexes into tsvState.dir.
const (
	dirSetSeparator = iota
	dirEmptyField
	dirUnsetField
	dirPath
	dirOpen
	dirFields
	dirTypes
	nDirs
	dirSeparator // handled apart: its value is read at once
	dirClose     // ignored
)

var dirNames = [...]struct {
	name string
	id   int
}{
	{"#separator", dirSeparator},
	{"#set_separator", dirSetSeparator},
	{"#empty_field", dirEmptyField},
	{"#unset_field", dirUnsetField},
	{"#path", dirPath},
	{"#open", dirOpen},
	{"#close", dirClose},
	{"#fields", dirFields},
	{"#types", dirTypes},
}

// directive recognises a header directive line: the known name followed by
// the end of the line or a byte that cannot continue a name. It returns the
// directive id and the rest of the line after the name.
func directive(line []byte) (int, []byte, bool) {
	for _, d := range dirNames {
		if !bytes.HasPrefix(line, []byte(d.name)) {
			continue
		}
		rest := line[len(d.name):]
		if len(rest) > 0 {
			c := rest[0]
			if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				continue
			}
		}
		return d.id, rest, true
	}
	return 0, nil, false
}

type rawDirective struct {
	text []byte // the line after the directive name, separator included
	line int64
	seen bool
}

type tsvState struct {
	sep   []byte // current #separator, unescaped
	dir   [nDirs]rawDirective
	dirty bool // a directive was read since the header was built
	hdr   *Header
	types []Type // hdr's field types (parallel to hdr.Fields)

	// markers of hdr, as bytes
	setSep, empty, unset []byte
}

func newTSVState() tsvState {
	return tsvState{sep: []byte("\t")}
}

// tsvLine handles one non-blank TSV line. It returns ok with a row, or an
// error, or neither for a header line.
func (r *Reader) tsvLine(line []byte) (Row, bool, *ParseError) {
	if line[0] == '#' {
		return Row{}, false, r.tsvDirective(line)
	}
	r.lines++
	s := &r.tsv
	var hdrWarns []*ParseError
	if s.dirty {
		var herr *ParseError
		hdrWarns, herr = r.buildHeader()
		if herr != nil {
			r.pending = append(r.pending, r.noHeader())
			return Row{}, false, herr
		}
	}
	if s.hdr == nil {
		return Row{}, false, r.noHeader()
	}
	row, perr := r.tsvRow(line)
	if perr != nil {
		r.pending = append(r.pending, hdrWarns...)
		return Row{}, false, perr
	}
	if len(hdrWarns) > 0 {
		row.Warnings = append(hdrWarns, row.Warnings...)
	}
	return row, true, nil
}

func (r *Reader) noHeader() *ParseError {
	return r.errorf(r.line, ErrNoHeader)
}

// tsvDirective records a header line; lines starting with '#' that are not
// directives are comments.
func (r *Reader) tsvDirective(line []byte) *ParseError {
	id, rest, ok := directive(line)
	if !ok {
		return nil
	}
	s := &r.tsv
	switch id {
	case dirClose:
		return nil
	case dirSeparator:
		if len(rest) < 2 || (rest[0] != ' ' && rest[0] != '\t') {
			return r.errorf(r.line, fmt.Errorf("%w: #separator without a value", ErrInvalidHeader))
		}
		sep := AppendUnescape(nil, rest[1:])
		if bytes.IndexByte(sep, '\n') >= 0 {
			return r.errorf(r.line, fmt.Errorf("%w: #separator contains a newline", ErrInvalidHeader))
		}
		if !bytes.Equal(sep, s.sep) {
			s.sep = sep
			s.dirty = true
		}
		return nil
	}
	d := &s.dir[id]
	d.text = append(d.text[:0], rest...)
	d.line = r.line
	d.seen = true
	s.dirty = true
	return nil
}

// DirectivePath returns the #path of the TSV header read last, unescaped,
// or "" if there is none. Unlike a row's Header.Path it is known for a file
// that holds a header and no data line (Zeek writes such a file for a log
// with nothing to log in a rotation interval).
func (r *Reader) DirectivePath() string {
	if v, ok := r.tsv.value(dirPath); ok {
		return string(AppendUnescape(nil, v))
	}
	return ""
}

// value returns a directive's value: the text after the leading separator.
func (s *tsvState) value(id int) ([]byte, bool) {
	d := &s.dir[id]
	if !d.seen || !bytes.HasPrefix(d.text, s.sep) {
		return nil, false
	}
	return d.text[len(s.sep):], true
}

// buildHeader makes the header in force from the directives read so far.
// It returns warnings that belong to the header and, when the header cannot
// be used, an error for the header line to blame (data lines are then
// rejected with ErrNoHeader until a valid header comes).
func (r *Reader) buildHeader() ([]*ParseError, *ParseError) {
	s := &r.tsv
	s.dirty = false
	fail := func(line int64, err error) ([]*ParseError, *ParseError) {
		s.hdr, s.types = nil, nil
		return nil, r.errorf(line, err)
	}
	fieldsText, ok := s.value(dirFields)
	if !ok {
		if s.dir[dirFields].seen {
			return fail(s.dir[dirFields].line, fmt.Errorf("%w: #fields not split by the separator %q", ErrInvalidHeader, s.sep))
		}
		s.hdr, s.types = nil, nil
		return nil, nil // data lines get ErrNoHeader
	}
	h := &Header{Format: TSV, Separator: string(s.sep)}
	names := bytes.Split(fieldsText, s.sep)
	h.Fields = make([]Field, len(names))
	for i, n := range names {
		h.Fields[i].Name = string(n)
	}
	var warns []*ParseError
	if typesText, ok := s.value(dirTypes); ok {
		tnames := bytes.Split(typesText, s.sep)
		if len(tnames) != len(names) {
			return fail(s.dir[dirTypes].line, fmt.Errorf("%w: %d types for %d fields", ErrInvalidHeader, len(tnames), len(names)))
		}
		for i, tn := range tnames {
			t, err := ParseType(string(tn))
			if err != nil {
				warns = append(warns, &ParseError{Path: r.name, Line: s.dir[dirTypes].line, Field: h.Fields[i].Name,
					Column: i + 1, Warning: true, Err: fmt.Errorf("%w, values kept as text", err)})
			}
			h.Fields[i].Type = t
		}
	} else {
		if s.dir[dirTypes].seen {
			return fail(s.dir[dirTypes].line, fmt.Errorf("%w: #types not split by the separator %q", ErrInvalidHeader, s.sep))
		}
		for i := range h.Fields {
			h.Fields[i].Type = Type{Kind: KindString}
		}
		warns = append(warns, &ParseError{Path: r.name, Line: s.dir[dirFields].line, Warning: true,
			Err: fmt.Errorf("%w: #fields without #types, values read as strings", ErrInvalidHeader)})
	}
	marker := func(id int, def string) string {
		if v, ok := s.value(id); ok {
			return string(AppendUnescape(nil, v))
		}
		return def
	}
	h.SetSeparator = marker(dirSetSeparator, ",")
	if h.SetSeparator == "" {
		return fail(s.dir[dirSetSeparator].line, fmt.Errorf("%w: empty #set_separator", ErrInvalidHeader))
	}
	h.EmptyField = marker(dirEmptyField, "(empty)")
	h.UnsetField = marker(dirUnsetField, "-")
	h.Path = marker(dirPath, "")
	if h.Path == "" {
		h.Path = PathFromName(r.name)
	}
	if v, ok := s.value(dirOpen); ok {
		h.Open = string(v)
	}
	if s.hdr != nil && sameHeader(s.hdr, h) {
		return nil, nil // unchanged: keep the pointer (and warn no more)
	}
	s.hdr = h
	s.types = make([]Type, len(h.Fields)) // new: blocks cut earlier still use the old one
	for i, f := range h.Fields {
		s.types[i] = f.Type
	}
	s.setSep = []byte(h.SetSeparator)
	s.empty = []byte(h.EmptyField)
	s.unset = []byte(h.UnsetField)
	return warns, nil
}

func sameHeader(a, b *Header) bool {
	if a.Path != b.Path || a.Format != b.Format || a.Separator != b.Separator || a.SetSeparator != b.SetSeparator ||
		a.EmptyField != b.EmptyField || a.UnsetField != b.UnsetField || a.Open != b.Open || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		if a.Fields[i] != b.Fields[i] {
			return false
		}
	}
	return true
}

// tsvRow splits a data line and parses its values.
func (r *Reader) tsvRow(line []byte) (Row, *ParseError) {
	s := &r.tsv
	h := s.hdr
	n := len(h.Fields)
	vals := r.values[:0]
	sep := s.sep
	col := 0
	extra := false // a non-empty value beyond the last field
	rest := line
	// One look over the line tells whether any value needs unescaping,
	// instead of one look per value.
	r.plain = bytes.IndexByte(line, '\\') < 0
	for {
		var i int
		if len(sep) == 1 {
			i = bytes.IndexByte(rest, sep[0])
		} else {
			i = bytes.Index(rest, sep)
		}
		raw := rest
		if i >= 0 {
			raw = rest[:i]
		}
		if col < n {
			vals = append(vals, Value{})
			r.tsvValue(col, raw, &vals[len(vals)-1])
		} else if len(raw) > 0 {
			extra = true
		}
		col++
		if i < 0 {
			break
		}
		rest = rest[i+len(sep):]
	}
	r.values = vals
	r.plain = false // the JSON reader and headers must look for themselves
	if col < n || extra {
		return Row{}, r.errorf(r.line, fmt.Errorf("%w: %d values, want %d", ErrFieldCount, col, n))
	}
	row := Row{Header: h, Line: r.line, Values: vals, Warnings: r.warns}
	if col > n {
		row.Warnings = append(row.Warnings, &ParseError{Path: r.name, Line: r.line, Column: n + 1, Warning: true,
			Err: fmt.Errorf("%w: %d values, want %d (empty extra values dropped)", ErrFieldCount, col, n)})
	}
	return row, nil
}

// tsvValue parses the raw text of field col into v, which is zero on
// entry. Values are filled in place, not returned: a Value is large, and
// copying it up through the calls cost a third of the parse.
func (r *Reader) tsvValue(col int, raw []byte, v *Value) {
	s := &r.tsv
	t := s.types[col]
	if bytes.Equal(raw, s.unset) {
		v.Unset = true
		return
	}
	if t.Container == Scalar {
		if !r.tsvScalar(t.Kind, raw, v) {
			r.invalid(col, raw)
		}
		return
	}
	if bytes.Equal(raw, s.empty) {
		v.Elems = noElems
		return
	}
	// Split on the raw set separator first: a separator inside an element is
	// written escaped (\x2c), so it must not be unescaped before splitting.
	start := len(r.elems)
	rest := raw
	bad := false
	for {
		var i int
		if len(s.setSep) == 1 {
			i = bytes.IndexByte(rest, s.setSep[0])
		} else {
			i = bytes.Index(rest, s.setSep)
		}
		el := rest
		if i >= 0 {
			el = rest[:i]
		}
		r.elems = append(r.elems, Value{})
		ev := &r.elems[len(r.elems)-1]
		if bytes.Equal(el, s.unset) {
			ev.Unset = true
		} else if !r.tsvScalar(t.Kind, el, ev) {
			bad = true
		}
		if i < 0 {
			break
		}
		rest = rest[i+len(s.setSep):]
	}
	if bad {
		r.invalid(col, raw)
	}
	v.Elems = r.elemsFrom(start)
}

// tsvScalar parses one scalar (a field or a container element) into v,
// which is zero on entry. On failure it leaves v unset and returns false.
func (r *Reader) tsvScalar(k Kind, raw []byte, v *Value) bool {
	if k.IsText() {
		if bytes.Equal(raw, r.tsv.empty) {
			return true // Zeek writes the empty string as the empty marker
		}
		v.Text = r.text(raw, AppendUnescape)
		return true
	}
	return scalarInto(k, r.text(raw, AppendUnescape), v)
}

// scalarInto parses the unescaped text of a non-text kind into v, which
// is zero on entry; on failure v is left unset.
func scalarInto(k Kind, b []byte, v *Value) bool {
	var ok bool
	switch k {
	case KindCount:
		v.Uint, ok = parseUint(b)
	case KindPort:
		v.Uint, ok = parseUint(b)
		ok = ok && v.Uint <= maxPort
	case KindInt:
		v.Int, ok = parseInt(b)
	case KindDouble, KindInterval:
		v.Float, ok = parseFloat(b)
	case KindTime:
		v.Int, ok = ParseTime(b)
	case KindBool:
		v.Bool, ok = parseBool(b)
	default:
		v.Text, ok = b, true
	}
	if !ok {
		*v = Value{Unset: true}
	}
	return ok
}

// invalid records a warning for a value that does not parse as its type;
// the value itself has already been set to unset.
func (r *Reader) invalid(col int, raw []byte) {
	f := r.tsv.hdr.Fields[col]
	r.warns = append(r.warns, &ParseError{Path: r.name, Line: r.line, Field: f.Name, FieldType: f.Type.String(),
		Column: col + 1, Warning: true, Err: fmt.Errorf("%w %q", ErrInvalidValue, clip(raw))})
}

// clip shortens a value quoted in an error message.
func clip(b []byte) string {
	const max = 64
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
