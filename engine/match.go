package engine

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// LiteralKind tells what a [Literal] holds.
type LiteralKind uint8

// Literal kinds: what a hunt can write as a filter value.
const (
	LitString LiteralKind = iota
	LitNumber
	LitBool
	LitUnset // matches an unset (or absent) field
)

// Op is how a [Literal] compares with a field value.
type Op uint8

// Comparison operators. Order operators compare numbers by value (counts as
// exact uint64, times to the microsecond) and text bytewise; Contains,
// Prefix and Suffix apply to text only.
const (
	Eq Op = iota
	Ne
	Gt
	Ge
	Lt
	Le
	Contains
	Prefix
	Suffix
)

// ParseOp maps a filter operator name (eq, ne, gt, ge, lt, le, contains,
// prefix, suffix) to its Op.
func ParseOp(name string) (Op, bool) {
	i := slices.Index(opNames, name)
	return Op(max(i, 0)), i >= 0
}

var opNames = []string{"eq", "ne", "gt", "ge", "lt", "le", "contains", "prefix", "suffix"}

// Literal is a value a query compares fields with, using Op (Eq unless
// set). Strings compare with text fields byte for byte (case-sensitive)
// and, when they parse, with numbers and times (a count compares exactly as
// decimal text, a time as ISO 8601); numbers compare with numeric fields (a
// time as epoch seconds, rounded to the microsecond).
type Literal struct {
	Kind LiteralKind
	Op   Op
	Str  string
	Num  float64
	Bool bool
}

// Str returns a string literal.
func Str(s string) Literal { return Literal{Kind: LitString, Str: s} }

// Num returns a number literal.
func Num(f float64) Literal { return Literal{Kind: LitNumber, Num: f} }

// Cond requires Field to satisfy any of Values (each with its own Op). A
// container field matches when any element does. Conditions in a query are
// all required, so a range is two Conds on one field. A Cond without
// Values matches nothing.
type Cond struct {
	Field  string
	Values []Literal
}

// compiled is a Cond bound to one engine: string literals resolved to
// symbols once.
type compiled struct {
	field string
	lits  []Literal
	syms  []index.Sym // per literal; 0 when the string is nowhere
	// eqText holds the symbols of the Eq strings of a long any-of list, so
	// that a text value is checked with one lookup, not one comparison per
	// literal: a uid list of thousands from one log, matched against
	// another, is the usual join of a hunt. rest are the other literals.
	eqText map[index.Sym]struct{}
	rest   []int
}

// eqSetMin is the fewest Eq strings for which compile builds eqText.
const eqSetMin = 8

func (e *Engine) compile(conds []Cond) []compiled {
	out := make([]compiled, len(conds))
	for i, c := range conds {
		cc := compiled{field: c.Field, lits: c.Values, syms: make([]index.Sym, len(c.Values))}
		eqStrings := 0
		for j, l := range c.Values {
			if l.Kind == LitString {
				cc.syms[j], _ = e.strs.Lookup([]byte(l.Str))
				if l.Op == Eq {
					eqStrings++
				}
			}
		}
		if eqStrings >= eqSetMin {
			cc.eqText = make(map[index.Sym]struct{}, eqStrings)
			for j, l := range c.Values {
				switch {
				case l.Kind != LitString || l.Op != Eq:
					cc.rest = append(cc.rest, j)
				case cc.syms[j] != 0:
					cc.eqText[cc.syms[j]] = struct{}{}
				}
			}
		}
		out[i] = cc
	}
	return out
}

// matchScalar compares one scalar value with one literal.
func matchScalar(e *Engine, v Value, l Literal, sym index.Sym) bool {
	if l.Kind == LitUnset {
		return v.Unset == (l.Op == Eq)
	}
	if v.Unset {
		return l.Op == Ne
	}
	k := v.Type.Kind
	if k.IsText() {
		if l.Kind != LitString {
			return l.Op == Ne
		}
		switch l.Op {
		case Eq:
			return sym != 0 && v.Sym == sym
		case Ne:
			return sym == 0 || v.Sym != sym
		case Contains:
			return bytes.Contains(e.strs.Bytes(v.Sym), []byte(l.Str))
		case Prefix:
			return bytes.HasPrefix(e.strs.Bytes(v.Sym), []byte(l.Str))
		case Suffix:
			return bytes.HasSuffix(e.strs.Bytes(v.Sym), []byte(l.Str))
		}
		return opHolds(l.Op, bytes.Compare(e.strs.Bytes(v.Sym), []byte(l.Str)))
	}
	if l.Op >= Contains {
		return false
	}
	c, ok := compareLiteral(v, l)
	if !ok {
		return l.Op == Ne
	}
	return opHolds(l.Op, c)
}

// opHolds reports whether a comparison result c (value versus literal)
// satisfies op.
func opHolds(op Op, c int) bool {
	switch op {
	case Eq:
		return c == 0
	case Ne:
		return c != 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	}
	return false
}

// compareLiteral compares a non-text scalar with a literal, exactly where
// the literal allows: -1, 0 or 1, and false when they cannot be compared.
func compareLiteral(v Value, l Literal) (int, bool) {
	k := v.Type.Kind
	switch l.Kind {
	case LitBool:
		if k != zeeklog.KindBool {
			return 0, false
		}
		return cmp.Compare(v.Bits, b2u(l.Bool)), true
	case LitNumber:
		switch k {
		case zeeklog.KindCount, zeeklog.KindPort:
			if l.Num == math.Trunc(l.Num) && l.Num >= 0 && l.Num < 1<<64 {
				return cmp.Compare(v.Bits, uint64(l.Num)), true
			}
			return cmp.Compare(float64(v.Bits), l.Num), true
		case zeeklog.KindInt:
			if l.Num == math.Trunc(l.Num) && math.Abs(l.Num) < 1<<63 {
				return cmp.Compare(v.Int(), int64(l.Num)), true
			}
			return cmp.Compare(float64(v.Int()), l.Num), true
		case zeeklog.KindDouble, zeeklog.KindInterval:
			return cmp.Compare(v.Float(), l.Num), true
		case zeeklog.KindTime:
			return cmp.Compare(v.Micros(), int64(math.Round(l.Num*1e6))), true
		}
	case LitString:
		switch k {
		case zeeklog.KindCount, zeeklog.KindPort:
			u, err := strconv.ParseUint(l.Str, 10, 64)
			if err != nil {
				return 0, false
			}
			return cmp.Compare(v.Bits, u), true
		case zeeklog.KindInt:
			n, err := strconv.ParseInt(l.Str, 10, 64)
			if err != nil {
				return 0, false
			}
			return cmp.Compare(v.Int(), n), true
		case zeeklog.KindTime:
			us, ok := ParseTime(l.Str)
			if !ok {
				return 0, false
			}
			return cmp.Compare(v.Micros(), us), true
		case zeeklog.KindBool:
			if l.Str != "T" && l.Str != "F" {
				return 0, false
			}
			return cmp.Compare(v.Bits, b2u(l.Str == "T")), true
		case zeeklog.KindDouble, zeeklog.KindInterval:
			f, err := strconv.ParseFloat(l.Str, 64)
			if err != nil {
				return 0, false
			}
			return cmp.Compare(v.Float(), f), true
		}
	}
	return 0, false
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// ParseTime parses an ISO 8601 / RFC 3339 time ("2024-03-05T10:00:00Z",
// with optional fraction) or decimal epoch seconds, to microseconds.
func ParseTime(s string) (int64, bool) {
	if strings.ContainsAny(s, "T-:") && len(s) >= 10 && s[4] == '-' {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.Unix()*1e6 + int64(t.Nanosecond()/1000), true
			}
		}
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > maxSeconds {
		return 0, false
	}
	return int64(math.Round(f * 1e6)), true
}

// maxSeconds bounds times zhunt accepts: the year 9999 and its mirror
// before 1970, well inside int64 microseconds.
const maxSeconds = 253402300799

// match reports whether v satisfies any of the literals. A container
// satisfies a literal when any element does (Ne: when no element is equal).
func (c *compiled) match(e *Engine, v Value) bool {
	if c.eqText != nil && v.Type.Kind.IsText() {
		// The Eq strings by one lookup (an unset value or element equals no
		// string), then the other literals one by one.
		if !v.Unset {
			if v.Type.Container == zeeklog.Scalar {
				if _, ok := c.eqText[v.Sym]; ok {
					return true
				}
			}
			for _, sym := range v.Syms {
				if _, ok := c.eqText[sym]; ok {
					return true
				}
			}
		}
		for _, j := range c.rest {
			if c.matchLiteral(e, v, j) {
				return true
			}
		}
		return false
	}
	for j := range c.lits {
		if c.matchLiteral(e, v, j) {
			return true
		}
	}
	return false
}

// matchLiteral reports whether v satisfies literal j.
func (c *compiled) matchLiteral(e *Engine, v Value, j int) bool {
	l := c.lits[j]
	if v.Type.Container == zeeklog.Scalar || v.Unset || l.Kind == LitUnset {
		return matchScalar(e, v, l, c.syms[j])
	}
	if l.Op == Ne {
		eq := l
		eq.Op = Eq
		for i := 0; i < v.Len(); i++ {
			if matchScalar(e, v.Elem(i), eq, c.syms[j]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < v.Len(); i++ {
		if matchScalar(e, v.Elem(i), l, c.syms[j]) {
			return true
		}
	}
	return false
}

// matchRow reports whether row r of s satisfies every condition.
func (s *segment) matchRow(e *Engine, r int, conds []compiled) bool {
	var v Value
	for i := range conds {
		c := &conds[i]
		s.field(&v, c.field, r)
		if !c.match(e, v) {
			return false
		}
	}
	return true
}
