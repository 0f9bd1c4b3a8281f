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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

type jsonState struct {
	headers map[string]*Header // by path + "\x00" + keys joined by "\x00"
	key     []byte
	fields  []jsonField
	seen    map[string]int
}

// jsonField is one flattened key with its value.
type jsonField struct {
	name string
	val  jval
}

// jval is a decoded JSON value.
type jval struct {
	kind  byte   // 'n' null, 'b' bool, '0' number, 's' string, '[' array, '{' object inside an array
	raw   []byte // the value's JSON text
	text  []byte // string: decoded, with \xNN undone
	b     bool
	elems []jval
	col   int // 1-based byte column in the line
}

// jsonLine handles one non-blank line in a JSON-lines file.
func (r *Reader) jsonLine(line []byte) (Row, bool, *ParseError) {
	if line[0] == '#' {
		return Row{}, false, nil // btest adds "### BTest baseline" comment lines
	}
	r.lines++
	s := &r.json
	s.fields = s.fields[:0]
	if s.seen == nil {
		s.seen = make(map[string]int)
		s.headers = make(map[string]*Header)
	}
	clear(s.seen)
	if err := r.decodeObject(line, 0, ""); err != nil {
		return Row{}, false, r.jsonSyntax(line, err)
	}
	path := ""
	n := 0
	for _, f := range s.fields {
		if f.name == "_path" && f.val.kind == 's' && path == "" {
			path = string(f.val.text)
			continue
		}
		s.fields[n] = f
		n++
	}
	s.fields = s.fields[:n]
	if path == "" {
		path = PathFromName(r.name)
	}
	s.key = append(s.key[:0], path...)
	for _, f := range s.fields {
		s.key = append(s.key, 0)
		s.key = append(s.key, f.name...)
	}
	h := s.headers[string(s.key)]
	if h == nil {
		h = &Header{Path: path, Format: JSON, Fields: make([]Field, len(s.fields))}
		for i, f := range s.fields {
			h.Fields[i] = Field{Name: f.name, Type: inferType(path, f.name, f.val)}
		}
		s.headers[string(s.key)] = h
	}
	for round := 0; ; round++ {
		vals, widened := r.jsonValues(h)
		if widened == nil {
			return Row{Header: h, Line: r.line, Values: vals, Warnings: r.warns}, true, nil
		}
		h = widened
		s.headers[string(s.key)] = h
		r.elems = r.elems[:0]
		if round > 8 {
			// Widening ends at KindUnknown, which takes any value; this
			// cannot happen, but never loop.
			return Row{}, false, r.errorf(r.line, fmt.Errorf("%w: unstable field types", ErrInvalidJSON))
		}
	}
}

// jsonSyntax turns a decoding problem into a ParseError with the byte
// column of the offending character.
func (r *Reader) jsonSyntax(line []byte, err error) *ParseError {
	// Re-validate the whole line: json.Unmarshal reports offsets from the
	// start of the line and messages free of Go type names.
	var se *json.SyntaxError
	if uerr := json.Unmarshal(line, new(json.RawMessage)); errors.As(uerr, &se) {
		col := int(se.Offset)
		if col < 1 {
			col = 1
		}
		if col > len(line)+1 {
			col = len(line) + 1
		}
		return &ParseError{Path: r.name, Line: r.line, Column: col, Err: fmt.Errorf("%w: %s", ErrInvalidJSON, se.Error())}
	}
	return &ParseError{Path: r.name, Line: r.line, Column: 1, Err: fmt.Errorf("%w: %v", ErrInvalidJSON, err)}
}

var errNotObject = errors.New("not an object")

// decodeObject appends the flattened keys of the JSON object in b to
// r.json.fields. base is b's offset in the line, prefix the dotted name of
// the enclosing keys.
func (r *Reader) decodeObject(b []byte, base int, prefix string) error {
	s := &r.json
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errNotObject
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		off := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		col := base + valueStart(b, off) + 1
		name := prefix + key
		if raw[0] == '{' {
			if err := r.decodeObject(raw, col-1, name+"."); err != nil {
				return err
			}
			continue
		}
		v, err := decodeValue(raw, col)
		if err != nil {
			return err
		}
		if i, dup := s.seen[name]; dup {
			s.fields[i].val = v // a repeated key: the last value wins
			continue
		}
		s.seen[name] = len(s.fields)
		s.fields = append(s.fields, jsonField{name: name, val: v})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	if prefix == "" {
		if _, err := dec.Token(); err != io.EOF {
			if err == nil {
				err = errors.New("data after the object")
			}
			return err
		}
	}
	return nil
}

// valueStart skips the ':' and blanks between a key and its value.
func valueStart(b []byte, off int) int {
	for off < len(b) && (b[off] == ':' || b[off] == ' ' || b[off] == '\t' || b[off] == '\r' || b[off] == '\n') {
		off++
	}
	return off
}

// decodeValue decodes a JSON value other than an object (objects inside
// arrays are kept as raw text).
func decodeValue(raw []byte, col int) (jval, error) {
	v := jval{raw: raw, col: col}
	switch raw[0] {
	case 'n':
		v.kind = 'n'
	case 't', 'f':
		v.kind, v.b = 'b', raw[0] == 't'
	case '"':
		v.kind = 's'
		if bytes.IndexByte(raw, '\\') < 0 {
			v.text = raw[1 : len(raw)-1]
			break
		}
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return v, err
		}
		v.text = []byte(str)
		if strings.Contains(str, `\x`) {
			v.text = appendUnescapeHex(nil, v.text)
		}
	case '[':
		v.kind = '['
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return v, err
		}
		v.elems = make([]jval, 0, len(elems))
		for _, e := range elems {
			if e[0] == '{' {
				v.elems = append(v.elems, jval{kind: '{', raw: e, col: col})
				continue
			}
			ev, err := decodeValue(e, col)
			if err != nil {
				return v, err
			}
			v.elems = append(v.elems, ev)
		}
	default:
		v.kind = '0'
	}
	return v, nil
}

// jsonValues converts the current line's fields with the types of h. When a
// value does not fit, it returns a copy of h with that field's type widened
// (and, unless a number merely widened, a warning in r.warns); the caller
// converts again.
func (r *Reader) jsonValues(h *Header) ([]Value, *Header) {
	s := &r.json
	vals := r.values[:0]
	for i, f := range s.fields {
		t := h.Fields[i].Type
		v, nt, ok := r.jsonValue(t, f.val)
		if !ok {
			wh := &Header{Path: h.Path, Format: JSON, Fields: append([]Field(nil), h.Fields...)}
			wh.Fields[i].Type = nt
			if !numericWidening(t, nt) {
				r.warns = append(r.warns, &ParseError{Path: r.name, Line: r.line, Field: f.name, FieldType: t.String(),
					Column: f.val.col, Warning: true,
					Err: fmt.Errorf("%w %q, field read as %s from here on", ErrInvalidValue, clip(f.val.raw), nt)})
			}
			r.values = vals
			return nil, wh
		}
		vals = append(vals, v)
	}
	r.values = vals
	return vals, nil
}

// numericWidening reports a silent count -> int -> double widening.
func numericWidening(from, to Type) bool {
	num := func(k Kind) bool { return k == KindCount || k == KindInt || k == KindDouble || k == KindPort }
	return from.Container == to.Container && num(from.Kind) && num(to.Kind)
}

// jsonValue converts v to type t. When v does not fit it returns false and
// the type to widen to.
func (r *Reader) jsonValue(t Type, v jval) (Value, Type, bool) {
	if v.kind == 'n' {
		return Value{Unset: true}, t, true
	}
	if t.Container == Scalar {
		out, k, ok := jsonScalar(t.Kind, v)
		return out, Type{Kind: k}, ok
	}
	if v.kind != '[' {
		return Value{}, Type{Kind: KindUnknown}, false
	}
	start := len(r.elems)
	for _, e := range v.elems {
		if e.kind == 'n' {
			r.elems = append(r.elems, Value{Unset: true})
			continue
		}
		ev, k, ok := jsonScalar(t.Kind, e)
		if !ok {
			r.elems = r.elems[:start]
			return Value{}, Type{Kind: k, Container: t.Container}, false
		}
		r.elems = append(r.elems, ev)
	}
	return Value{Elems: r.elemsFrom(start)}, t, true
}

// jsonScalar converts a non-null scalar. On a misfit it returns false and
// the kind to widen to.
func jsonScalar(k Kind, v jval) (Value, Kind, bool) {
	if k.IsText() {
		switch {
		case v.kind == 's':
			return Value{Text: v.text}, k, true
		case k == KindUnknown || v.kind == '0':
			return Value{Text: v.raw}, k, true // numbers (and anything in unknown) as their JSON text
		}
		return Value{}, KindUnknown, false
	}
	switch k {
	case KindBool:
		if v.kind == 'b' {
			return Value{Bool: v.b}, k, true
		}
	case KindTime:
		switch v.kind {
		case '0':
			if us, ok := jsonTime(v.raw); ok {
				return Value{Int: us}, k, true
			}
		case 's':
			if us, ok := ParseISO8601(v.text); ok {
				return Value{Int: us}, k, true
			}
			// Some converters write epoch seconds as a string.
			if us, ok := ParseTime(v.text); ok {
				return Value{Int: us}, k, true
			}
		}
	case KindCount, KindPort, KindInt, KindDouble, KindInterval:
		if v.kind != '0' {
			break
		}
		isInt := !bytes.ContainsAny(v.raw, ".eE")
		switch k {
		case KindCount, KindPort:
			if u, ok := parseUint(v.raw); ok && isInt {
				if k == KindPort && u > maxPort {
					return Value{}, KindCount, false
				}
				return Value{Uint: u}, k, true
			}
			if _, ok := parseInt(v.raw); ok && isInt {
				return Value{}, KindInt, false
			}
			return Value{}, KindDouble, false
		case KindInt:
			if n, ok := parseInt(v.raw); ok && isInt {
				return Value{Int: n}, k, true
			}
			return Value{}, KindDouble, false
		default:
			if f, ok := parseFloat(v.raw); ok {
				return Value{Float: f}, k, true
			}
		}
	}
	return Value{}, KindUnknown, false
}

// jsonTime reads a JSON number as a time: epoch seconds in decimal, or, for
// an integer of magnitude 1e11 or more (JSON::TS_MILLIS), milliseconds.
func jsonTime(raw []byte) (int64, bool) {
	if !bytes.ContainsAny(raw, ".eE") {
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
func inferType(path, name string, v jval) Type {
	if t, ok := knownType(path, name); ok {
		return t
	}
	timeName := name == "ts" || strings.HasSuffix(name, "_ts")
	if v.kind == '[' {
		var k Kind
		for _, e := range v.elems {
			if e.kind != 'n' {
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
		if bytes.ContainsAny(v.raw, ".eE") {
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
