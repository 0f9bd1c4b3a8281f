package zeeklog

// A hand-written scanner for one line of JSON. It replaces encoding/json's
// Decoder.Token and RawMessage, which cost about 250 allocations per Zeek
// record, with index arithmetic over the line: values are slices of the
// line, strings with escapes are decoded into one buffer reused line after
// line, and numbers are kept as their text (so a count stays an exact
// uint64).
//
// It accepts what encoding/json accepts (but for one more level of nesting,
// see enter) and, for a line it rejects, reports the error
// encoding/json.Unmarshal would: the same message
// ("invalid character 'X' looking for beginning of value") and the same
// SyntaxError.Offset. The scanner is recursive descent, but its error
// contexts follow the states of encoding/json's byte-at-a-time scanner
// (scanner.go), and FuzzJSONScanner checks the two against each other.
//
// One deliberate difference from json.Unmarshal into a string: invalid
// UTF-8 inside a string is kept as the bytes instead of becoming U+FFFD, as
// TSV keeps it. (A \u escape of a lone surrogate still decodes to U+FFFD.)

import (
	"strconv"
	"unicode/utf8"
)

// jsonMaxDepth is the nesting encoding/json allows: it rejects the
// 10001st nested '{' or '['.
const jsonMaxDepth = 10000

// jsonScanner holds the line being scanned, the decoded text of its
// strings and the first syntax error. The methods that scan take the index
// where a token starts and return the index after it, or -1 after
// recording an error.
type jsonScanner struct {
	b   []byte // the line
	buf []byte // decoded text of the line's strings that hold escapes

	failed bool
	errOff int    // encoding/json's SyntaxError.Offset
	errC   byte   // the offending byte; 0 with errCtx "" for an unexpected end
	errCtx string // what was expected, in encoding/json's words

	// deep is the index of the first '{' or '[' nested deeper than
	// jsonMaxDepth, or -1. See enter.
	deep int
}

// reset starts scanning a new line. Text decoded from the previous line is
// overwritten.
func (s *jsonScanner) reset(line []byte) {
	s.b = line
	s.buf = s.buf[:0]
	s.failed = false
	s.deep = -1
}

// fail records a syntax error at b[i] and returns -1. At the end of the
// line (i == len(b)) it records what encoding/json reports when its input
// ends in the middle of a token: its scanner is then fed a blank, so a
// state that does not take one complains about ' ' at offset len(b).
// States that skip blanks use failEnd instead.
func (s *jsonScanner) fail(i int, context string) int {
	if s.failed {
		return -1
	}
	s.failed = true
	if i >= len(s.b) {
		s.errOff, s.errC = len(s.b), ' '
	} else {
		s.errOff, s.errC = i+1, s.b[i]
	}
	s.errCtx = context
	return -1
}

// failEnd records "unexpected end of JSON input" and returns -1.
func (s *jsonScanner) failEnd() int {
	if !s.failed {
		s.failed = true
		s.errOff, s.errC, s.errCtx = len(s.b), 0, ""
	}
	return -1
}

// enter checks the nesting depth at the '{' or '[' at b[i]; depth counts
// the top-level value as 1.
//
// json.Unmarshal rejects depth 10001, but the Decoder this scanner
// replaces read the top-level object token by token and each member value
// with a fresh depth count, so it accepted one more level. To keep
// accepting exactly those lines, the scanner allows 10001 levels and
// remembers where level 10001 began: if the line is rejected anyway, the
// error is json.Unmarshal's, "exceeded max depth" at that bracket.
func (s *jsonScanner) enter(i, depth int) bool {
	if depth > jsonMaxDepth {
		if s.deep < 0 {
			s.deep = i
		}
		if depth > jsonMaxDepth+1 {
			s.fail(i, "exceeded max depth")
			return false
		}
	}
	return true
}

// syntaxError returns the 1-based column of the error in the line and its
// message, as encoding/json words it.
func (s *jsonScanner) syntaxError() (col int, msg string) {
	off, c, ctx := s.errOff, s.errC, s.errCtx
	if s.deep >= 0 {
		off, c, ctx = s.deep+1, s.b[s.deep], "exceeded max depth"
	}
	if ctx == "" {
		msg = "unexpected end of JSON input"
	} else {
		msg = "invalid character " + quoteChar(c) + " " + ctx
	}
	return min(max(off, 1), len(s.b)+1), msg
}

// quoteChar formats c as encoding/json's error messages do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// isJSONSpace reports JSON's insignificant whitespace.
func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// space returns the index of the first non-blank byte at or after i.
func (s *jsonScanner) space(i int) int {
	for i < len(s.b) && isJSONSpace(s.b[i]) {
		i++
	}
	return i
}

// plainString marks the bytes that stand for themselves inside a JSON
// string: everything except '"', '\\' and the control bytes below 0x20.
// Bytes 0x80 and up are copied whatever UTF-8 they form.
var plainString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str scans the string whose opening quote is b[i]. It returns the decoded
// text, the index after the closing quote and whether the string held
// escapes. Without escapes the text aliases the line; with escapes it is
// decoded into s.buf and capped, so appending to it never writes over the
// next string.
func (s *jsonScanner) str(i int) (text []byte, end int, escaped bool) {
	b := s.b
	j := i + 1
	for j < len(b) && plainString[b[j]] {
		j++
	}
	if j < len(b) && b[j] == '"' {
		return b[i+1 : j], j + 1, false
	}
	start := len(s.buf)
	s.buf = append(s.buf, b[i+1:j]...)
	for {
		if j >= len(b) {
			return nil, s.failEnd(), true
		}
		c := b[j]
		switch {
		case c == '"':
			return s.buf[start:len(s.buf):len(s.buf)], j + 1, true
		case c < 0x20:
			return nil, s.fail(j, "in string literal"), true
		case c != '\\':
			// A run of plain bytes.
			k := j + 1
			for k < len(b) && plainString[b[k]] {
				k++
			}
			s.buf = append(s.buf, b[j:k]...)
			j = k
			continue
		}
		// An escape: b[j] is the backslash.
		if j+1 >= len(b) {
			return nil, s.fail(j+1, "in string escape code"), true
		}
		switch e := b[j+1]; e {
		case '"', '\\', '/':
			s.buf = append(s.buf, e)
		case 'b':
			s.buf = append(s.buf, '\b')
		case 'f':
			s.buf = append(s.buf, '\f')
		case 'n':
			s.buf = append(s.buf, '\n')
		case 'r':
			s.buf = append(s.buf, '\r')
		case 't':
			s.buf = append(s.buf, '\t')
		case 'u':
			r, ok := s.hex4(j + 2)
			if !ok {
				return nil, -1, true
			}
			j += 6
			// As encoding/json: a high surrogate followed by a \u escape
			// of a low one is one code point; any other surrogate is
			// U+FFFD, and a following escape is left for the next round.
			if r >= 0xd800 && r < 0xe000 {
				if r < 0xdc00 && j+1 < len(b) && b[j] == '\\' && b[j+1] == 'u' {
					if r2, ok := hex4(b, j+2); ok && r2 >= 0xdc00 && r2 < 0xe000 {
						r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
						j += 6
						s.buf = utf8.AppendRune(s.buf, r)
						continue
					}
				}
				r = utf8.RuneError
			}
			s.buf = utf8.AppendRune(s.buf, r)
			continue
		default:
			return nil, s.fail(j+1, "in string escape code"), true
		}
		j += 2
	}
}

// hex4 reads the four hex digits of a \u escape at b[i:], recording a
// syntax error at the first byte that is not one.
func (s *jsonScanner) hex4(i int) (rune, bool) {
	var r rune
	for k := i; k < i+4; k++ {
		if k >= len(s.b) || hexVal(s.b[k]) < 0 {
			s.fail(k, `in \u hexadecimal character escape`)
			return 0, false
		}
		r = r<<4 | rune(hexVal(s.b[k]))
	}
	return r, true
}

// hex4 reads four hex digits at b[i:] without recording errors (the low
// half of a surrogate pair is only peeked at).
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		v := hexVal(c)
		if v < 0 {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// number scans the number starting at b[i] ('-' or a digit) and returns
// the index after it and whether it has a fraction or an exponent. What
// follows it is checked by the caller: "01" is the number 0 followed by a
// stray '1', as for encoding/json.
func (s *jsonScanner) number(i int) (end int, frac bool) {
	b := s.b
	if b[i] == '-' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return s.fail(i, "in numeric literal"), false
		}
	}
	if b[i] == '0' {
		i++
	} else {
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return s.fail(i, "after decimal point in numeric literal"), false
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
		frac = true
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return s.fail(i, "in exponent of numeric literal"), false
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
		frac = true
	}
	return i, frac
}

// literal scans true, false or null starting at b[i] ('t', 'f' or 'n')
// and returns the index after it.
func (s *jsonScanner) literal(i int) int {
	var word string
	switch s.b[i] {
	case 't':
		word = "true"
	case 'f':
		word = "false"
	default:
		word = "null"
	}
	for k := 1; k < len(word); k++ {
		if i+k >= len(s.b) || s.b[i+k] != word[k] {
			return s.fail(i+k, "in literal "+word+" (expecting "+quoteChar(word[k])+")")
		}
	}
	return i + len(word)
}

// skipValue scans and discards the value starting at b[i] (not a blank)
// at the given depth, and returns the index after it.
func (s *jsonScanner) skipValue(i, depth int) int {
	b := s.b
	switch c := b[i]; {
	case c == '{':
		if !s.enter(i, depth) {
			return -1
		}
		i = s.space(i + 1)
		if i < len(b) && b[i] == '}' {
			return i + 1
		}
		for {
			if i >= len(b) {
				return s.failEnd()
			}
			if b[i] != '"' {
				return s.fail(i, "looking for beginning of object key string")
			}
			n := len(s.buf)
			_, i, _ = s.str(i)
			s.buf = s.buf[:n]
			if i < 0 {
				return -1
			}
			if i = s.colon(i); i < 0 {
				return -1
			}
			if i = s.skipValue(i, depth+1); i < 0 {
				return -1
			}
			i = s.space(i)
			if i >= len(b) {
				return s.failEnd()
			}
			switch b[i] {
			case ',':
				i = s.space(i + 1)
			case '}':
				return i + 1
			default:
				return s.fail(i, "after object key:value pair")
			}
		}
	case c == '[':
		if !s.enter(i, depth) {
			return -1
		}
		i = s.space(i + 1)
		if i < len(b) && b[i] == ']' {
			return i + 1
		}
		for {
			if i >= len(b) {
				return s.failEnd()
			}
			if i = s.skipValue(i, depth+1); i < 0 {
				return -1
			}
			i = s.space(i)
			if i >= len(b) {
				return s.failEnd()
			}
			switch b[i] {
			case ',':
				i = s.space(i + 1)
			case ']':
				return i + 1
			default:
				return s.fail(i, "after array element")
			}
		}
	case c == '"':
		n := len(s.buf)
		_, i, _ = s.str(i)
		s.buf = s.buf[:n]
		return i
	case c == '-' || isDigit(c):
		i, _ = s.number(i)
		return i
	case c == 't' || c == 'f' || c == 'n':
		return s.literal(i)
	}
	return s.fail(i, "looking for beginning of value")
}

// colon expects the ':' after an object key (at b[i] or after blanks) and
// returns the index of the value after it.
func (s *jsonScanner) colon(i int) int {
	i = s.space(i)
	if i >= len(s.b) {
		return s.failEnd()
	}
	if s.b[i] != ':' {
		return s.fail(i, "after object key")
	}
	i = s.space(i + 1)
	if i >= len(s.b) {
		return s.failEnd()
	}
	return i
}
