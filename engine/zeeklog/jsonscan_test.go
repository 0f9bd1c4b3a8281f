package zeeklog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// The hand-written JSON scanner is checked against encoding/json: directly
// (json.Unmarshal accepts and rejects the same lines with the same
// SyntaxError, and decodes strings the same way) and through refDecodeLine,
// the encoding/json Decoder code the scanner replaced, kept here as the
// reference for the flattened fields, their values and columns.

// refDecoder is the former encoding/json-based decoder.
type refDecoder struct {
	fields []jsonField
	seen   map[string]int
}

var errRefNotObject = errors.New("not an object")

// refDecodeLine decodes line as the reader did with encoding/json. On
// failure it returns the column and error text the reader reported.
func refDecodeLine(line []byte) (fields []jsonField, col int, msg string, ok bool) {
	d := &refDecoder{seen: map[string]int{}}
	err := d.decodeObject(line, 0, "")
	if err == nil {
		return d.fields, 0, "", true
	}
	var se *json.SyntaxError
	if uerr := json.Unmarshal(line, new(json.RawMessage)); errors.As(uerr, &se) {
		col := min(max(int(se.Offset), 1), len(line)+1)
		return nil, col, "invalid JSON: " + se.Error(), false
	}
	return nil, 1, "invalid JSON: " + err.Error(), false
}

func (d *refDecoder) decodeObject(b []byte, base int, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errRefNotObject
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
		for off < len(b) && (b[off] == ':' || isJSONSpace(b[off])) {
			off++
		}
		col := base + off + 1
		name := prefix + key
		if raw[0] == '{' {
			if err := d.decodeObject(raw, col-1, name+"."); err != nil {
				return err
			}
			continue
		}
		v, err := refDecodeValue(raw, col)
		if err != nil {
			return err
		}
		if i, dup := d.seen[name]; dup {
			d.fields[i].val = v
			continue
		}
		d.seen[name] = len(d.fields)
		d.fields = append(d.fields, jsonField{name: name, val: v})
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

func refDecodeValue(raw []byte, col int) (jval, error) {
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
			ev, err := refDecodeValue(e, col)
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

// scanLine decodes line with the scanner as the reader does.
func scanLine(r *Reader, line []byte) ([]jsonField, *ParseError) {
	r.line = 1
	if !r.decodeLine(line) {
		return nil, r.jsonSyntax()
	}
	return r.json.fields, nil
}

// replaceInvalid turns each byte that is not part of valid UTF-8 into
// U+FFFD, as json.Unmarshal does when it decodes a string.
func replaceInvalid(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = utf8.AppendRune(out, r)
		b = b[n:]
	}
	return out
}

// nestingDepth returns the deepest nesting of brackets outside strings.
func nestingDepth(b []byte) int {
	depth, deepest, inStr := 0, 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// checkScanner compares the scanner with encoding/json and with the former
// decoder on one line.
func checkScanner(t *testing.T, r *Reader, line []byte) {
	t.Helper()
	fields, pe := scanLine(r, line)
	refFields, refCol, refMsg, refOK := refDecodeLine(line)

	// Against encoding/json: the same lines are JSON, with the same errors.
	if nestingDepth(line) <= jsonMaxDepth {
		uerr := json.Unmarshal(line, new(json.RawMessage))
		var se *json.SyntaxError
		switch {
		case uerr == nil && pe != nil && pe.Column == 1 && pe.Err.Error() == "invalid JSON: not an object":
		case uerr == nil && pe != nil:
			t.Fatalf("%q: scanner rejects valid JSON: %v", line, pe)
		case uerr == nil:
		case !errors.As(uerr, &se):
			t.Fatalf("%q: unexpected error %v", line, uerr)
		case pe == nil:
			t.Fatalf("%q: scanner accepts invalid JSON (%v)", line, uerr)
		case pe.Err.Error() != "invalid JSON: "+se.Error() || pe.Column != min(max(int(se.Offset), 1), len(line)+1):
			t.Fatalf("%q: scanner says %d: %v, encoding/json %d: %v", line, pe.Column, pe.Err, se.Offset, se)
		}
	}

	if pe != nil && (strings.Contains(pe.Error(), "json:") || strings.Contains(pe.Error(), "Go ")) {
		t.Fatalf("%q: message leaks Go names: %v", line, pe)
	}

	// Against the former decoder: the same errors and fields.
	if !refOK && strings.HasPrefix(refMsg, "invalid JSON: json: cannot unmarshal number") {
		// Deliberate difference: for a line that is a number beyond
		// float64 ("1e999") the former decoder reported Decoder.Token's
		// "json: cannot unmarshal number 1e999 into Go value of type
		// float64"; the scanner says, as for any other valid JSON that
		// is not an object, "not an object".
		refCol, refMsg = 1, "invalid JSON: not an object"
	}
	if !refOK || pe != nil {
		if refOK || pe == nil || pe.Column != refCol || pe.Err.Error() != refMsg {
			t.Fatalf("%q: scanner %v, former decoder ok %v %d: %s", line, pe, refOK, refCol, refMsg)
		}
		return
	}
	for _, f := range fields {
		if !utf8.ValidString(f.name) {
			// encoding/json turned the key's invalid UTF-8 into U+FFFD,
			// the scanner keeps the bytes; names may then merge
			// differently. Only the strings are compared.
			checkStrings(t, line, fields)
			return
		}
	}
	if len(fields) != len(refFields) {
		t.Fatalf("%q: %d fields, want %d", line, len(fields), len(refFields))
	}
	for i, f := range fields {
		if f.name != refFields[i].name {
			t.Fatalf("%q: field %d named %q, want %q", line, i, f.name, refFields[i].name)
		}
		checkVal(t, line, f.name, f.val, refFields[i].val)
	}
	checkStrings(t, line, fields)
}

// checkVal compares one decoded value with the former decoder's.
func checkVal(t *testing.T, line []byte, name string, got, want jval) {
	t.Helper()
	if got.kind != want.kind || got.b != want.b || got.col != want.col || !bytes.Equal(got.raw, want.raw) {
		t.Fatalf("%q: %s = %c %v col %d %q, want %c %v col %d %q", line, name,
			got.kind, got.b, got.col, got.raw, want.kind, want.b, want.col, want.raw)
	}
	// With invalid UTF-8 in a string encoding/json's U+FFFD may differ
	// once \xNN is undone; checkStrings compares those before that.
	if got.kind == 's' && !bytes.Equal(got.text, want.text) && utf8.Valid(got.raw) {
		t.Fatalf("%q: %s text %q, want %q", line, name, got.text, want.text)
	}
	if got.kind == '0' && got.frac != bytes.ContainsAny(got.raw, ".eE") {
		t.Fatalf("%q: %s = %s: frac %v", line, name, got.raw, got.frac)
	}
	if len(got.elems) != len(want.elems) {
		t.Fatalf("%q: %s has %d elements, want %d", line, name, len(got.elems), len(want.elems))
	}
	for i := range got.elems {
		checkVal(t, line, fmt.Sprintf("%s[%d]", name, i), got.elems[i], want.elems[i])
	}
}

// checkStrings decodes every string value again, alone, and compares it
// with json.Unmarshal's decoding (invalid UTF-8 aside).
func checkStrings(t *testing.T, line []byte, fields []jsonField) {
	t.Helper()
	var walk func(v jval)
	walk = func(v jval) {
		if v.kind == 's' {
			checkString(t, v.raw)
		}
		for _, e := range v.elems {
			walk(e)
		}
	}
	for _, f := range fields {
		walk(f.val)
	}
}

// checkString compares the scanner's decoding of the JSON string raw with
// encoding/json's, and their verdicts.
func checkString(t *testing.T, raw []byte) {
	t.Helper()
	var sc jsonScanner
	sc.reset(raw)
	got, end, _ := sc.str(0)
	var want string
	err := json.Unmarshal(raw, &want)
	if (err == nil) != (end == len(raw)) {
		t.Fatalf("string %q: scanner ends at %d, encoding/json error %v", raw, end, err)
	}
	if err == nil && string(replaceInvalid(got)) != want {
		t.Fatalf("string %q: scanner %q, encoding/json %q", raw, got, want)
	}
	if err == nil && utf8.Valid(raw) && string(got) != want {
		t.Fatalf("string %q: scanner %q, encoding/json %q", raw, got, want)
	}
}

var jsonScannerCases = []string{
	`{}`, ` { } `, "\t{\r}\r", `{"a":1}`, `{"a":1} `, `{"a":1}x`, `{"a":1}{}`, `{"a":1}  2`,
	`[1]`, `[1`, `"s"`, `1`, `-`, `null`, `nul`, `true x`, ``, `   `, `[`, `[]`, `[[]]x`,
	`{"a"}`, `{"a":}`, `{"a" 1}`, `{"a":1,}`, `{"a":1 "b":2}`, `{,}`, `{"a":1,"b"`, `{"a":1,"b":`, `{"a":1,"b":2`,
	`{1:2}`, `{'a':1}`, `{"a":01}`, `{"a":-01}`, `{"a":1.}`, `{"a":1.e5}`, `{"a":.5}`, `{"a":1e}`, `{"a":1e+}`,
	`{"a":1E-7,"b":-0.0e+00,"c":18446744073709551615,"d":-9223372036854775808,"e":1e400}`,
	`{"a":-`, `{"a":1.`, `{"a":1e`, `{"a":1e-`, `{"a":t`, `{"a":tr`, `{"a":tru`, `{"a":true`, `{"a":f`, `{"a":fals`, `{"a":n`, `{"a":nu`,
	`{"a":trUe}`, `{"a":fAlse}`, `{"a":nuLl}`, `{"a":True}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":[1`, `{"a":[1,`,
	`{"a":"\u00e9\u20AC\ud83d\ude00"}`, `{"a":"\ud83d"}`, `{"a":"\ude00"}`, `{"a":"\ud83d\u0041"}`, `{"a":"\ud83d\ud83d\ude00"}`,
	`{"a":"\ud83d\u12"}`, `{"a":"\u12"}`, `{"a":"\u12g4"}`, `{"a":"\x41"}`, `{"a":"\'"}`, `{"a":"\`, `{"a":"\u`, `{"a":"abc`,
	`{"a":"\"\\\/\b\f\n\r\t"}`, "{\"a\":\"tab\there\"}", "{\"a\":\"nul\x00\"}", `{"a":"\\xc3(\\x41\\x4"}`,
	`{"a":"\\x2d"}`, `{"a":"\u005cx41"}`, "{\"a\":\"\xff\xfe\"}", "{\"a\":\"\xc3\\n\"}", "{\"\xff\":1}", "{\"a\":\"\xe2\\\\x82\\\\xac\"}",
	`{"a":1,"a":2}`, `{"a":1,"b":2,"a":[3]}`, `{"id":{"orig_h":"x","orig_p":1},"id.orig_h":"y"}`, `{"a":{"b":{"c":{"d":null}}}}`,
	`{"a":{},"b":{"c":[]}}`, `{"a":{"":1},"":2}`, `{"a":[{"b":1},[2,[3,{"c":4}]],"x"]}`, `{"a":[[[]]],"b":[null,true,false]}`,
	`{"_path":"conn","_path":"dns"}`, `{"a" : [ 1 , "x" ] , "b" :{ "c" : 2 } }`, `{"a":1}` + "\x00", `{"a":"` + "\x1f" + `"}`,
	"{\"a\":1}\xff", "\xef\xbb\xbf{}", `{"a":"é"}`, `{"é":{"ü":"ß"}}`, "{\"a\":\"\x7f\"}", `{"a":[1,2,3]}` + "\n",
	`1e999`, ` -1e400 `, "2" + strings.Repeat("0", 310), `{"a":1e999}`,
	`{"a":{"b":1,}}`, `{"a":{"b" 1}}`, `{"a":{"b":1 "c"}}`, `{"a":{`, `{"a":{"b"`, `{"a":[{"b":1,}]}`, `{"a":[{`,
}

func TestJSONScanner_Cases(t *testing.T) {
	r := NewReader(strings.NewReader(""), "x.log")
	for _, c := range jsonScannerCases {
		checkScanner(t, r, []byte(c))
		checkScanner(t, NewReader(strings.NewReader(""), "x.log"), []byte(c))
	}
}

// TestJSONScanner_Depth checks the nesting limit: encoding/json rejects
// 10001 levels, but the former decoder read the top-level object apart and
// accepted one more.
func TestJSONScanner_Depth(t *testing.T) {
	for _, tc := range []struct {
		open, close string
		depth       int
		ok          bool
	}{
		{`{"a":`, `}`, jsonMaxDepth, true},
		{`{"a":`, `}`, jsonMaxDepth + 1, true},
		{`{"a":`, `}`, jsonMaxDepth + 2, false},
		{`[`, `]`, jsonMaxDepth + 1, false},
	} {
		inner := strings.Repeat(tc.open, tc.depth-1) + "1" + strings.Repeat(tc.close, tc.depth-1)
		line := []byte(`{"a":` + inner + `}`)
		if tc.open == "[" {
			line = []byte(strings.Repeat(tc.open, tc.depth) + strings.Repeat(tc.close, tc.depth))
		}
		r := NewReader(strings.NewReader(""), "x.log")
		fields, pe := scanLine(r, line)
		if (pe == nil) != tc.ok {
			t.Fatalf("%s depth %d: error %v, want ok %v", tc.open, tc.depth, pe, tc.ok)
		}
		if pe == nil && (len(fields) != 1 || fields[0].val.kind != '0') {
			t.Fatalf("%s depth %d: %d fields", tc.open, tc.depth, len(fields))
		}
		if pe != nil {
			want := jsonMaxDepth*len(tc.open) + 1
			if pe.Column != want || pe.Err.Error() != "invalid JSON: invalid character '"+tc.open[:1]+"' exceeded max depth" {
				t.Fatalf("%s depth %d: %d: %v, want column %d", tc.open, tc.depth, pe.Column, pe.Err, want)
			}
		}
		// The former decoder is quadratic in the depth; compare with
		// encoding/json where it is cheap.
		if !tc.ok {
			var se *json.SyntaxError
			if err := json.Unmarshal(line, new(json.RawMessage)); !errors.As(err, &se) || se.Error() != strings.TrimPrefix(pe.Err.Error(), "invalid JSON: ") || int(se.Offset) != pe.Column {
				t.Fatalf("encoding/json says %v", err)
			}
		}
	}
}

// FuzzJSONScanner compares the scanner with encoding/json and with the
// former encoding/json-based decoder on one line, and its string decoding
// with json.Unmarshal's on the input as the inside of a string.
func FuzzJSONScanner(f *testing.F) {
	for _, c := range jsonScannerCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(strings.TrimSuffix(benchJSONRow, "\n")))
	f.Add([]byte(strings.TrimSuffix(benchJSONNestedRow, "\n")))
	r := NewReader(strings.NewReader(""), "x.log")
	f.Fuzz(func(t *testing.T, in []byte) {
		checkScanner(t, r, in)
		// A fresh reader too: names are interned from line to line.
		checkScanner(t, NewReader(strings.NewReader(""), "x.log"), in)
		checkString(t, append(append([]byte{'"'}, in...), '"'))
	})
}
