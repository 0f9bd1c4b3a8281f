package engine

import (
	"math"
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

// Literal is a value a query compares fields with. Strings compare with text
// fields byte for byte (case-sensitive) and, when they parse, with numbers
// and times (a count compares exactly as decimal text, a time as ISO 8601);
// numbers compare with numeric fields (a time as epoch seconds, rounded to
// the microsecond).
type Literal struct {
	Kind LiteralKind
	Str  string
	Num  float64
	Bool bool
}

// Str returns a string literal.
func Str(s string) Literal { return Literal{Kind: LitString, Str: s} }

// Num returns a number literal.
func Num(f float64) Literal { return Literal{Kind: LitNumber, Num: f} }

// Cond requires Field to equal any of Values. A container field matches when
// any element does.
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
}

func (e *Engine) compile(conds []Cond) []compiled {
	out := make([]compiled, len(conds))
	for i, c := range conds {
		cc := compiled{field: c.Field, lits: c.Values, syms: make([]index.Sym, len(c.Values))}
		for j, l := range c.Values {
			if l.Kind == LitString {
				cc.syms[j], _ = e.strs.Lookup([]byte(l.Str))
			}
		}
		out[i] = cc
	}
	return out
}

// matchScalar compares one scalar value with one literal.
func matchScalar(v Value, l Literal, sym index.Sym) bool {
	if l.Kind == LitUnset {
		return v.Unset
	}
	if v.Unset {
		return false
	}
	k := v.Type.Kind
	if k.IsText() {
		return l.Kind == LitString && sym != 0 && v.Sym == sym
	}
	switch l.Kind {
	case LitBool:
		return k == zeeklog.KindBool && v.Bool() == l.Bool
	case LitNumber:
		switch k {
		case zeeklog.KindCount, zeeklog.KindPort:
			return l.Num >= 0 && l.Num == math.Trunc(l.Num) && l.Num < 1<<64 && uint64(l.Num) == v.Bits
		case zeeklog.KindInt:
			return l.Num == math.Trunc(l.Num) && float64(v.Int()) == l.Num
		case zeeklog.KindDouble, zeeklog.KindInterval:
			return v.Float() == l.Num
		case zeeklog.KindTime:
			return int64(math.Round(l.Num*1e6)) == v.Micros()
		case zeeklog.KindBool:
			return false
		}
	case LitString:
		switch k {
		case zeeklog.KindCount, zeeklog.KindPort:
			u, err := strconv.ParseUint(l.Str, 10, 64)
			return err == nil && u == v.Bits
		case zeeklog.KindInt:
			n, err := strconv.ParseInt(l.Str, 10, 64)
			return err == nil && n == v.Int()
		case zeeklog.KindTime:
			us, ok := ParseTime(l.Str)
			return ok && us == v.Micros()
		case zeeklog.KindBool:
			return (l.Str == "T" && v.Bool()) || (l.Str == "F" && !v.Bool())
		case zeeklog.KindDouble, zeeklog.KindInterval:
			f, err := strconv.ParseFloat(l.Str, 64)
			return err == nil && f == v.Float()
		}
	}
	return false
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
	if err != nil {
		return 0, false
	}
	return int64(math.Round(f * 1e6)), true
}

func (c *compiled) match(v Value) bool {
	if v.Type.Container == zeeklog.Scalar || v.Unset {
		for j, l := range c.lits {
			if matchScalar(v, l, c.syms[j]) {
				return true
			}
		}
		return false
	}
	for i := 0; i < v.Len(); i++ {
		el := v.Elem(i)
		for j, l := range c.lits {
			if l.Kind != LitUnset && matchScalar(el, l, c.syms[j]) {
				return true
			}
		}
	}
	return false
}

// matchRow reports whether row r of s satisfies every condition.
func (s *segment) matchRow(r int, conds []compiled) bool {
	for i := range conds {
		c := &conds[i]
		ci, ok := s.byName[c.field]
		var v Value
		if ok {
			v = s.value(ci, r)
		} else {
			v = Value{Absent: true, Unset: true}
		}
		if !c.match(v) {
			return false
		}
	}
	return true
}
