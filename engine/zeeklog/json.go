package zeeklog

// The JSON-lines reader accepts Zeek's own JSON (LogAscii::use_json=T, see
// zeek/zeek v6.2.0 src/threading/formatters/JSON.cc), corelight
// json-streaming-logs (with "_path" and "_write_ts") and converter output
// that nests objects ({"id":{"orig_h":...}}). One object per line; keys
// keep their first-seen order; nested objects are flattened to Zeek's dotted
// names. JSON carries no schema, so a field's type comes from the table of
// known Zeek fields (knowntypes.go) or, failing that, from the first value
// seen; a value that does not fit widens the type and starts a new header.

import (
	"bytes"
	"fmt"
	"strings"
)

// jsonState is the JSON reader's state, kept from line to line so that its
// buffers are reused.
type jsonState struct {
	sc      jsonScanner
	headers map[string]*Header // by path + "\x00" + keys joined by "\x00"
	key     []byte
	fields  []jsonField

	// The flattened names of the fields are interned: ids maps a name to
	// its index in names, so that looking a name up does not allocate and
	// every row of a file shares one string per name. seenGen[id] == gen
	// when the current line already has the name, at fields[seenAt[id]]
	// (gen is bumped per line, so nothing is cleared between lines).
	name    []byte // the dotted name being built
	ids     map[string]int32
	names   []string
	seenGen []uint32
	seenAt  []int32
	gen     uint32
	// Lines mostly repeat the keys of the line before in the same order:
	// hint[k] is the id of the k-th name added on the last line, tried
	// before the map. nadd counts the names added on this line.
	hint []int32
	nadd int

	// The header of the last row and what it was looked up by, so that a
	// row with the same path and names skips building the key.
	lastH    *Header
	lastFile bool // the path came from the file name
	lastPath []byte
	lastIDs  []int32

	elems []jval // the elements of the line's arrays, one array after another
	stack []jval // the elements of the arrays being scanned, innermost last

	filePath    string // PathFromName of the file, for rows without _path
	hasFilePath bool
}

// maxJSONNames bounds the interned names; past it the table starts over
// (a file with ever new keys should not grow it without end).
const maxJSONNames = 1 << 16

// jsonField is one flattened key with its value.
type jsonField struct {
	name string
	id   int32 // the interned name's id
	val  jval
}

// jval is a decoded JSON value. Its slices alias the line or the scanner's
// buffer and are valid until the next line.
type jval struct {
	kind  byte   // 'n' null, 'b' bool, '0' number, 's' string, '[' array, '{' object inside an array
	raw   []byte // the value's JSON text
	text  []byte // string: decoded, with \xNN undone
	b     bool
	frac  bool // number: with a fraction or an exponent
	elems []jval
	col   int // 1-based byte column in the line (an element: its array's)
}

// jsonLine handles one non-blank line in a JSON-lines file.
func (r *Reader) jsonLine(line []byte) (Row, bool, *ParseError) {
	if line[0] == '#' {
		return Row{}, false, nil // btest adds "### BTest baseline" comment lines
	}
	r.lines++
	s := &r.json
	if s.headers == nil {
		s.headers = make(map[string]*Header)
	}
	if !r.decodeLine(line) {
		return Row{}, false, r.jsonSyntax()
	}
	var path []byte
	for i := range s.fields {
		if f := &s.fields[i]; f.name == "_path" && f.val.kind == 's' {
			path = f.val.text
			s.fields = append(s.fields[:i], s.fields[i+1:]...)
			break
		}
	}
	fromFile := len(path) == 0
	if fromFile && !s.hasFilePath {
		s.filePath, s.hasFilePath = PathFromName(r.name), true
	}
	h := s.lastH
	if h == nil || fromFile != s.lastFile || !bytes.Equal(path, s.lastPath) || !s.sameNames() {
		if fromFile {
			s.key = append(s.key[:0], s.filePath...)
		} else {
			s.key = append(s.key[:0], path...)
		}
		for i := range s.fields {
			s.key = append(s.key, 0)
			s.key = append(s.key, s.fields[i].name...)
		}
		h = s.headers[string(s.key)]
		if h == nil {
			p := s.filePath
			if !fromFile {
				p = string(path)
			}
			h = &Header{Path: p, Format: JSON, Fields: make([]Field, len(s.fields))}
			for i := range s.fields {
				f := &s.fields[i]
				h.Fields[i] = Field{Name: f.name, Type: inferType(p, f.name, &f.val)}
			}
			s.headers[string(s.key)] = h
		}
		s.lastH, s.lastFile, s.lastPath = h, fromFile, append(s.lastPath[:0], path...)
		s.lastIDs = s.lastIDs[:0]
		for i := range s.fields {
			s.lastIDs = append(s.lastIDs, s.fields[i].id)
		}
	}
	for round := 0; ; round++ {
		vals, widened := r.jsonValues(h)
		if widened == nil {
			return Row{Header: h, Line: r.line, Values: vals, Warnings: r.warns}, true, nil
		}
		h = widened
		s.headers[string(s.key)] = h // s.key is still the key of the last lookup, this row's
		s.lastH = h
		r.elems = r.elems[:0]
		if round > 8 {
			// Widening ends at KindUnknown, which takes any value; this
			// cannot happen, but never loop.
			return Row{}, false, r.errorf(r.line, fmt.Errorf("%w: unstable field types", ErrInvalidJSON))
		}
	}
}

// jsonSyntax turns the line's decoding problem into a ParseError: a syntax
// error with encoding/json's message and the byte column of the offending
// character, or a valid JSON value that is not an object.
func (r *Reader) jsonSyntax() *ParseError {
	sc := &r.json.sc
	if !sc.failed && sc.deep < 0 {
		return &ParseError{Path: r.name, Line: r.line, Column: 1, Err: fmt.Errorf("%w: not an object", ErrInvalidJSON)}
	}
	col, msg := sc.syntaxError()
	return &ParseError{Path: r.name, Line: r.line, Column: col, Err: fmt.Errorf("%w: %s", ErrInvalidJSON, msg)}
}

// decodeLine scans line into r.json.fields: the flattened keys of the
// object it holds, in first-seen order, a repeated key keeping its first
// place and its last value. It returns false when the line is not valid
// JSON (r.json.sc has the error) or not an object.
func (r *Reader) decodeLine(line []byte) bool {
	s := &r.json
	sc := &s.sc
	sc.reset(line)
	s.fields = s.fields[:0]
	s.elems = s.elems[:0]
	s.stack = s.stack[:0]
	s.name = s.name[:0]
	if s.ids == nil {
		s.ids = make(map[string]int32)
	}
	if len(s.names) >= maxJSONNames {
		clear(s.ids)
		s.names, s.seenGen, s.seenAt = s.names[:0], s.seenGen[:0], s.seenAt[:0]
		s.hint, s.lastH = s.hint[:0], nil // they hold ids
	}
	s.nadd = 0
	if s.gen++; s.gen == 0 {
		clear(s.seenGen)
		s.gen = 1
	}
	i := sc.space(0)
	if i >= len(line) {
		sc.failEnd()
		return false
	}
	object := line[i] == '{'
	if object {
		i = r.scanObject(i, 1)
	} else {
		// Not an object, but a syntax error in it is reported first,
		// as before.
		i = sc.skipValue(i, 1)
	}
	if i < 0 {
		return false
	}
	if i = sc.space(i); i < len(line) {
		sc.fail(i, "after top-level value")
		return false
	}
	return object
}

// scanObject scans the object at b[i] == '{' at the given depth, adding
// its members to r.json.fields under the dotted name prefix in
// r.json.name. It returns the index after the object, or -1.
func (r *Reader) scanObject(i, depth int) int {
	s := &r.json
	sc := &s.sc
	b := sc.b
	if !sc.enter(i, depth) {
		return -1
	}
	prefix := len(s.name)
	i = sc.space(i + 1)
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(b) {
			return sc.failEnd()
		}
		if b[i] != '"' {
			return sc.fail(i, "looking for beginning of object key string")
		}
		n := len(sc.buf)
		key, end, _ := sc.str(i)
		if end < 0 {
			return -1
		}
		s.name = append(s.name[:prefix], key...)
		sc.buf = sc.buf[:n] // the key is copied: reuse its decoded text
		if i = sc.colon(end); i < 0 {
			return -1
		}
		if b[i] == '{' {
			s.name = append(s.name, '.')
			i = r.scanObject(i, depth+1)
		} else {
			var v jval
			if v, i = r.scanValue(i, depth+1, i+1); i >= 0 {
				s.addField(v)
			}
		}
		if i < 0 {
			return -1
		}
		i = sc.space(i)
		if i >= len(b) {
			return sc.failEnd()
		}
		switch b[i] {
		case ',':
			i = sc.space(i + 1)
		case '}':
			return i + 1
		default:
			return sc.fail(i, "after object key:value pair")
		}
	}
}

// addField adds the value of the field named r.json.name, or replaces the
// value of an earlier field of that name on the line: the last value wins.
func (s *jsonState) addField(v jval) {
	k := s.nadd
	s.nadd++
	var id int32
	if k < len(s.hint) && s.names[s.hint[k]] == string(s.name) {
		id = s.hint[k]
	} else {
		var ok bool
		if id, ok = s.ids[string(s.name)]; !ok {
			name := string(s.name)
			id = int32(len(s.names))
			s.ids[name] = id
			s.names = append(s.names, name)
			s.seenGen = append(s.seenGen, 0)
			s.seenAt = append(s.seenAt, 0)
		}
		if k < len(s.hint) {
			s.hint[k] = id
		} else {
			s.hint = append(s.hint, id)
		}
	}
	if s.seenGen[id] == s.gen {
		s.fields[s.seenAt[id]].val = v
		return
	}
	s.seenGen[id], s.seenAt[id] = s.gen, int32(len(s.fields))
	s.fields = append(s.fields, jsonField{name: s.names[id], id: id, val: v})
}

// sameNames reports whether the line's fields have the names of the last
// row's.
func (s *jsonState) sameNames() bool {
	if len(s.fields) != len(s.lastIDs) {
		return false
	}
	for i := range s.fields {
		if s.fields[i].id != s.lastIDs[i] {
			return false
		}
	}
	return true
}

// hexEscape is Zeek's JSON text for a byte it could not write as UTF-8.
var hexEscape = []byte(`\x`)

// scanValue scans the value at b[i] at the given depth, other than a
// member object (which is flattened): an object inside an array is kept as
// raw text. col is the column to report for the value. It returns the
// index after the value, or -1.
func (r *Reader) scanValue(i, depth, col int) (jval, int) {
	sc := &r.json.sc
	b := sc.b
	v := jval{col: col}
	end := -1
	switch c := b[i]; {
	case c == '"':
		var escaped bool
		v.text, end, escaped = sc.str(i)
		// Only a string with escapes can hold the text \xNN.
		if escaped && end >= 0 && bytes.Contains(v.text, hexEscape) {
			n := len(sc.buf)
			sc.buf = appendUnescapeHex(sc.buf, v.text)
			v.text = sc.buf[n:len(sc.buf):len(sc.buf)]
		}
		v.kind = 's'
	case c == '-' || isDigit(c):
		v.kind = '0'
		end, v.frac = sc.number(i)
	case c == 't' || c == 'f' || c == 'n':
		v.kind, v.b, end = 'b', c == 't', sc.literal(i)
		if c == 'n' {
			v.kind = 'n'
		}
	case c == '[':
		return r.scanArray(i, depth, col)
	case c == '{':
		v.kind, end = '{', sc.skipValue(i, depth)
	default:
		return v, sc.fail(i, "looking for beginning of value")
	}
	if end < 0 {
		return v, -1
	}
	v.raw = b[i:end]
	return v, end
}

// scanArray scans the array at b[i] == '[' at the given depth. Its
// elements are gathered on r.json.stack (a nested array pushes and pops its
// own above them) and then copied to r.json.elems in one piece.
func (r *Reader) scanArray(i, depth, col int) (jval, int) {
	s := &r.json
	sc := &s.sc
	b := sc.b
	v := jval{kind: '[', col: col}
	if !sc.enter(i, depth) {
		return v, -1
	}
	start, base := i, len(s.stack)
	defer func() { s.stack = s.stack[:base] }()
	i = sc.space(i + 1)
	if i < len(b) && b[i] == ']' {
		i++
	} else {
		for {
			if i >= len(b) {
				return v, sc.failEnd()
			}
			var e jval
			if e, i = r.scanValue(i, depth+1, col); i < 0 {
				return v, -1
			}
			s.stack = append(s.stack, e)
			i = sc.space(i)
			if i >= len(b) {
				return v, sc.failEnd()
			}
			if b[i] == ']' {
				i++
				break
			}
			if b[i] != ',' {
				return v, sc.fail(i, "after array element")
			}
			i = sc.space(i + 1)
		}
	}
	n := len(s.elems)
	s.elems = append(s.elems, s.stack[base:]...)
	v.elems = s.elems[n:len(s.elems):len(s.elems)]
	v.raw = b[start:i]
	return v, i
}

// jsonValues converts the current line's fields with the types of h. When a
// value does not fit, it returns a copy of h with that field's type widened
// (and, unless a number merely widened, a warning in r.warns); the caller
// converts again.
func (r *Reader) jsonValues(h *Header) ([]Value, *Header) {
	s := &r.json
	vals := r.values[:0]
	for i := range s.fields {
		f := &s.fields[i]
		t := h.Fields[i].Type
		vals = append(vals, Value{})
		nt, ok := r.jsonValue(t, &f.val, &vals[len(vals)-1])
		if !ok {
			wh := &Header{Path: h.Path, Format: JSON, Fields: append([]Field(nil), h.Fields...)}
			wh.Fields[i].Type = nt
			if !numericWidening(t, nt) {
				r.warns = append(r.warns, &ParseError{Path: r.name, Line: r.line, Field: f.name, FieldType: t.String(),
					Column: f.val.col, Warning: true,
					Err: fmt.Errorf("%w %q, field read as %s from here on", ErrInvalidValue, clip(f.val.raw), nt)})
			}
			r.values = vals[:0]
			return nil, wh
		}
	}
	r.values = vals
	return vals, nil
}

// numericWidening reports a silent count -> int -> double widening.
func numericWidening(from, to Type) bool {
	num := func(k Kind) bool { return k == KindCount || k == KindInt || k == KindDouble || k == KindPort }
	return from.Container == to.Container && num(from.Kind) && num(to.Kind)
}

// jsonValue converts v to type t into out, which is zero on entry (values
// are filled in place: a Value is large to copy). When v does not fit it
// returns false and the type to widen to; out is then to be dropped.
func (r *Reader) jsonValue(t Type, v *jval, out *Value) (Type, bool) {
	if v.kind == 'n' {
		out.Unset = true
		return t, true
	}
	if t.Container == Scalar {
		k, ok := jsonScalar(t.Kind, v, out)
		return Type{Kind: k}, ok
	}
	if v.kind != '[' {
		return Type{Kind: KindUnknown}, false
	}
	start := len(r.elems)
	for i := range v.elems {
		e := &v.elems[i]
		r.elems = append(r.elems, Value{})
		if e.kind == 'n' {
			r.elems[len(r.elems)-1].Unset = true
			continue
		}
		if k, ok := jsonScalar(t.Kind, e, &r.elems[len(r.elems)-1]); !ok {
			r.elems = r.elems[:start]
			return Type{Kind: k, Container: t.Container}, false
		}
	}
	out.Elems = r.elemsFrom(start)
	return t, true
}

// jsonScalar converts a non-null scalar into out, which is zero on entry.
// On a misfit it returns false and the kind to widen to.
func jsonScalar(k Kind, v *jval, out *Value) (Kind, bool) {
	if k.IsText() {
		switch {
		case v.kind == 's':
			out.Text = v.text
			return k, true
		case k == KindUnknown || v.kind == '0':
			out.Text = v.raw
			return k, true // numbers (and anything in unknown) as their JSON text
		}
		return KindUnknown, false
	}
	switch k {
	case KindBool:
		if v.kind == 'b' {
			out.Bool = v.b
			return k, true
		}
	case KindTime:
		switch v.kind {
		case '0':
			if us, ok := jsonTime(v.raw, v.frac); ok {
				out.Int = us
				return k, true
			}
		case 's':
			if us, ok := ParseISO8601(v.text); ok {
				out.Int = us
				return k, true
			}
			// Some converters write epoch seconds as a string.
			if us, ok := ParseTime(v.text); ok {
				out.Int = us
				return k, true
			}
		}
	case KindCount, KindPort, KindInt, KindDouble, KindInterval:
		if v.kind != '0' {
			break
		}
		isInt := !v.frac
		switch k {
		case KindCount, KindPort:
			if u, ok := parseUint(v.raw); ok && isInt {
				if k == KindPort && u > maxPort {
					return KindCount, false
				}
				out.Uint = u
				return k, true
			}
			if _, ok := parseInt(v.raw); ok && isInt {
				return KindInt, false
			}
			return KindDouble, false
		case KindInt:
			if n, ok := parseInt(v.raw); ok && isInt {
				out.Int = n
				return k, true
			}
			return KindDouble, false
		default:
			if f, ok := parseFloat(v.raw); ok {
				out.Float = f
				return k, true
			}
		}
	}
	return KindUnknown, false
}

// jsonTime reads a JSON number as a time: epoch seconds in decimal, or, for
// an integer (frac false) of magnitude 1e11 or more (JSON::TS_MILLIS),
// milliseconds.
func jsonTime(raw []byte, frac bool) (int64, bool) {
	if !frac {
		if n, ok := parseInt(raw); ok && (n >= 1e11 || n <= -1e11) {
			if n > 1<<63/1000-1 || n < -(1<<63)/1000+1 {
				return 0, false
			}
			return n * 1000, true
		}
	}
	return ParseTime(raw)
}

// inferType picks a field's type: the known Zeek type for path/name, else a
// guess from the first value.
func inferType(path, name string, v *jval) Type {
	if t, ok := knownType(path, name); ok {
		return t
	}
	timeName := name == "ts" || strings.HasSuffix(name, "_ts")
	if v.kind == '[' {
		var k Kind
		for i := range v.elems {
			if e := &v.elems[i]; e.kind != 'n' {
				k = inferType(path, name, e).Kind
				break
			}
		}
		return Type{Kind: k, Container: Vector}
	}
	switch v.kind {
	case 'b':
		return Type{Kind: KindBool}
	case 's':
		if timeName {
			if _, ok := ParseISO8601(v.text); ok {
				return Type{Kind: KindTime}
			}
		}
		return Type{Kind: KindString}
	case '0':
		if timeName {
			return Type{Kind: KindTime}
		}
		if v.frac {
			return Type{Kind: KindDouble}
		}
		if v.raw[0] == '-' {
			return Type{Kind: KindInt}
		}
		return Type{Kind: KindCount}
	}
	return Type{Kind: KindUnknown}
}

// knownType returns the type Zeek declares for field in logs of the given
// path (from the generated table in knowntypes.go), falling back to the
// field's most common type across all paths.
func knownType(path, field string) (Type, bool) {
	if t, ok := knownTypes[path][field]; ok {
		return t, true
	}
	t, ok := knownTypesByName[field]
	return t, ok
}
