package zeeklog

// Value parsing shared by the TSV and JSON readers. Every parser works on the
// bytes of one value and never allocates: counts and ints are parsed by hand
// (exact for the whole uint64/int64 range), times are parsed from their
// decimal text into microseconds without going through float64, and floats
// use strconv through a zero-copy string view.

import (
	"math"
	"strconv"
	"unsafe"
)

// maxPort is the largest transport-layer port; Zeek's port type is 16 bits
// wide for tcp, udp and icmp alike.
const maxPort = 65535

// parseUint parses a decimal uint64 exactly (no sign, no spaces).
func parseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// parseInt parses a decimal int64 with an optional sign.
func parseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	u, ok := parseUint(b)
	if !ok {
		return 0, false
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true // -(1<<63) wraps to itself, which is right
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// parseFloat parses a double or interval as Zeek writes it ("%.6f" in TSV,
// shortest round-trip in JSON).
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	// Zero-copy view: ParseFloat keeps the string only inside its error,
	// which is discarded here before b can change.
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	return f, err == nil
}

// parseBool parses Zeek's TSV booleans T and F.
func parseBool(b []byte) (bool, bool) {
	if len(b) == 1 {
		switch b[0] {
		case 'T':
			return true, true
		case 'F':
			return false, true
		}
	}
	return false, false
}

// ParseTime parses an epoch time written in decimal ("1709633100.000001",
// "-0.4", "1332008617", "1.5e9") into microseconds since the Unix epoch. The
// text is read digit by digit, never through float64, so every value Zeek
// writes with %.6f comes back exact; digits beyond the sixth fractional one
// are rounded half away from zero. It reports false for anything else,
// including values outside the int64 microsecond range.
func ParseTime(b []byte) (int64, bool) {
	return parseDecimalScaled(b, 6)
}

// parseDecimalScaled returns round(text * 10^scale) for a decimal number
// with optional sign, fraction and exponent.
func parseDecimalScaled(b []byte, scale int) (int64, bool) {
	i := 0
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	// Collect significant digits (up to 40) and the decimal exponent.
	var digits [40]byte
	nd := 0      // digits stored
	dropped := 0 // integer digits dropped for lack of room (overflow anyway)
	sawDigit := false
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		sawDigit = true
		if nd == 0 && b[i] == '0' {
			continue // leading zero
		}
		if nd < len(digits) {
			digits[nd] = b[i]
			nd++
		} else {
			dropped++
		}
	}
	exp := dropped // the value is digits[:nd] * 10^exp
	if i < len(b) && b[i] == '.' {
		i++
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			sawDigit = true
			if nd == 0 && b[i] == '0' {
				exp--
				continue
			}
			if nd < len(digits) {
				digits[nd] = b[i]
				nd++
				exp--
			}
		}
	}
	if !sawDigit {
		return 0, false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			eneg = b[i] == '-'
			i++
		}
		start := i
		e := 0
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			if e < 10000 {
				e = e*10 + int(b[i]-'0')
			}
		}
		if i == start {
			return 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != len(b) {
		return 0, false
	}
	// value = digits[:nd] * 10^(exp+scale)
	shift := exp + scale
	var n uint64
	const limit = 1 << 63
	keep := nd + shift // number of digits that land left of the point
	if keep > 19 {
		if nd == 0 {
			return 0, true
		}
		return 0, false
	}
	for k := 0; k < keep; k++ {
		d := uint64(0)
		if k < nd {
			d = uint64(digits[k] - '0')
		}
		n = n*10 + d
	}
	if keep >= 0 && keep < nd && digits[keep] >= '5' {
		n++ // round half away from zero
	}
	if n > limit || (n == limit && !neg) {
		return 0, false
	}
	if neg {
		return -int64(n), true
	}
	return int64(n), true
}

// ParseISO8601 parses an RFC 3339 / ISO 8601 timestamp as written by Zeek's
// JSON::TS_ISO8601 ("2018-03-24T17:15:20.615923Z") into microseconds since
// the Unix epoch. It accepts years 0000-9999, a 'T' or ' ' between date and
// time, an optional fraction of any length (rounded to microseconds), and a
// "Z", "+hh:mm", "+hhmm" or "+hh" zone (or none, meaning UTC).
func ParseISO8601(b []byte) (int64, bool) {
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	hour, ok4 := num(b[11:13])
	minute, ok5 := num(b[14:16])
	sec, ok6 := num(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 60 {
		return 0, false
	}
	rest := b[19:]
	var micros int64
	if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == 1 {
			return 0, false
		}
		frac := rest[1:j]
		for k := 0; k < 6; k++ {
			micros *= 10
			if k < len(frac) {
				micros += int64(frac[k] - '0')
			}
		}
		if len(frac) > 6 && frac[6] >= '5' {
			micros++
		}
		rest = rest[j:]
	}
	offset := 0 // seconds east of UTC
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case rest[0] == '+' || rest[0] == '-':
		z := rest[1:]
		var hh, mm int
		var ok bool
		switch {
		case len(z) == 2:
			hh, ok = num(z)
		case len(z) == 4:
			var ok2 bool
			hh, ok = num(z[:2])
			mm, ok2 = num(z[2:])
			ok = ok && ok2
		case len(z) == 5 && z[2] == ':':
			var ok2 bool
			hh, ok = num(z[:2])
			mm, ok2 = num(z[3:])
			ok = ok && ok2
		}
		if !ok || hh > 23 || mm > 59 {
			return 0, false
		}
		offset = hh*3600 + mm*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false
	}
	days := daysFromCivil(year, month, day)
	secs := days*86400 + int64(hour*3600+minute*60+sec) - int64(offset)
	return secs*1_000_000 + micros, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// hexVal returns the value of a hex digit, or -1.
func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// AppendUnescape appends s to dst with Zeek's ASCII-writer escapes undone:
// `\xNN` (two hex digits) becomes the byte 0xNN and `\\` becomes `\`. Any
// other backslash is kept as is. Callers avoid the copy when s holds no
// backslash.
func AppendUnescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			if s[i+1] == '\\' {
				dst = append(dst, '\\')
				i++
				continue
			}
			if s[i+1] == 'x' && i+3 < len(s) {
				hi, lo := hexVal(s[i+2]), hexVal(s[i+3])
				if hi >= 0 && lo >= 0 {
					dst = append(dst, byte(hi<<4|lo))
					i += 3
					continue
				}
			}
		}
		dst = append(dst, c)
	}
	return dst
}

// appendUnescapeHex appends s with only the `\xNN` text sequences turned
// into bytes. Zeek's JSON writer emits an invalid UTF-8 or control byte as
// the four characters `\xNN` (JSON "\\xNN"); undoing it makes the JSON and
// TSV forms of a value equal.
func appendUnescapeHex(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			hi, lo := hexVal(s[i+2]), hexVal(s[i+3])
			if hi >= 0 && lo >= 0 {
				dst = append(dst, byte(hi<<4|lo))
				i += 3
				continue
			}
		}
		dst = append(dst, c)
	}
	return dst
}
