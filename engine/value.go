package engine

import (
	"math"
	"strconv"
	"time"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// Value is one field of one record, as stored. For a text kind, Sym is the
// interned value; for other kinds, Bits holds the value (see [Value.Uint],
// [Value.Int], [Value.Float], [Value.Micros], [Value.Bool]). A container
// holds its elements in Syms or Nums (aliasing the store: do not modify).
// Absent reports a field the record's log has no column for; Unset an unset
// value. Elements of a container may be unset too: Sym 0, or an index in
// ElemUnset.
type Value struct {
	Type   zeeklog.Type
	Absent bool
	Unset  bool
	Sym    index.Sym
	Bits   uint64
	Syms   []index.Sym
	Nums   []uint64
	// ElemUnset reports whether numeric element i is unset.
	ElemUnset func(i int) bool
}

// Len is the number of elements of a container value.
func (v Value) Len() int {
	if v.Type.Kind.IsText() {
		return len(v.Syms)
	}
	return len(v.Nums)
}

// Uint returns a count or port.
func (v Value) Uint() uint64 { return v.Bits }

// Int returns an int.
func (v Value) Int() int64 { return int64(v.Bits) }

// Float returns a double or interval.
func (v Value) Float() float64 { return math.Float64frombits(v.Bits) }

// Micros returns a time as microseconds since the Unix epoch.
func (v Value) Micros() int64 { return int64(v.Bits) }

// Bool returns a bool.
func (v Value) Bool() bool { return v.Bits != 0 }

// Elem returns element i of a container as a scalar Value.
func (v Value) Elem(i int) Value {
	el := Value{Type: zeeklog.Type{Kind: v.Type.Kind}}
	if v.Type.Kind.IsText() {
		el.Sym = v.Syms[i]
		el.Unset = el.Sym == 0
		return el
	}
	el.Bits = v.Nums[i]
	el.Unset = v.ElemUnset != nil && v.ElemUnset(i)
	return el
}

// value reads field f (a column index) of row r of segment s.
func (s *segment) value(ci, r int) Value {
	c := s.cols[ci]
	v := Value{Type: c.field.Type}
	if c.field.Type.Container == zeeklog.Scalar {
		if c.text {
			v.Sym = c.sym(r)
			v.Unset = v.Sym == 0
			return v
		}
		v.Unset = c.unset.Has(r)
		v.Bits = c.num(r)
		return v
	}
	if c.unset.Has(r) {
		v.Unset = true
		return v
	}
	lo, hi := c.elemRange(r)
	if c.text {
		v.Syms = make([]index.Sym, hi-lo)
		for i := range v.Syms {
			v.Syms[i] = c.elemSym(lo + i)
		}
		return v
	}
	v.Nums = make([]uint64, hi-lo)
	for i := range v.Nums {
		v.Nums[i] = c.elemNum(lo + i)
	}
	if c.eunset.Any() {
		v.ElemUnset = func(i int) bool { return c.eunset.Has(lo + i) }
	}
	return v
}

// Get returns the named field of a record. A field the record's log does not
// have is reported Absent (and Unset).
func (e *Engine) Get(id RecID, field string) Value {
	s, r := e.locate(id)
	var v Value
	s.field(&v, field, r)
	return v
}

// field reads the named field of row r into v: a column, the [PathField]
// pseudo-field, or Absent (and Unset) when the segment has neither. It fills
// a caller's Value because filters and groups call it once per record and
// field, and a returned Value is a large copy.
func (s *segment) field(v *Value, name string, r int) {
	if ci, ok := s.byName[name]; ok {
		*v = s.value(ci, r)
		return
	}
	if name == PathField {
		*v = Value{Type: zeeklog.Type{Kind: zeeklog.KindString}, Sym: s.log.sym}
		return
	}
	*v = Value{Absent: true, Unset: true}
}

// PathField is the name under which a record's log path reads like a field
// (in Get, filters and groups), as in Zeek's JSON.
const PathField = "_path"

// Text returns the bytes of an interned value. The slice aliases the string
// table: do not modify it.
func (e *Engine) Text(s index.Sym) []byte { return e.strs.Bytes(s) }

// FormatMicros renders a time as Zeek's TSV writer does: seconds with six
// decimals ("1258535660.560999", "-0.400000").
func FormatMicros(us int64) string {
	sec, frac := us/1e6, us%1e6
	if frac < 0 {
		frac = -frac
	}
	sign := ""
	if us < 0 && sec == 0 {
		sign = "-"
	}
	f := strconv.FormatInt(frac, 10)
	for len(f) < 6 {
		f = "0" + f
	}
	return sign + strconv.FormatInt(sec, 10) + "." + f
}

// ISOMicros renders a time as ISO 8601 UTC with microseconds
// ("2009-11-18T09:14:20.560999Z"), correct before 1970 and up to year 9999.
func ISOMicros(us int64) string {
	sec := us / 1e6
	frac := us % 1e6
	if frac < 0 {
		sec--
		frac += 1e6
	}
	return time.Unix(sec, frac*1000).UTC().Format("2006-01-02T15:04:05.000000Z")
}

// ScalarText renders a scalar value (not a container) as text in Zeek's TSV
// style, without escaping: counts exact, times via [FormatMicros], doubles
// and intervals with six decimals, bools T/F. Unset renders as "-".
func (e *Engine) ScalarText(v Value) string {
	if v.Unset {
		return "-"
	}
	switch v.Type.Kind {
	case zeeklog.KindCount, zeeklog.KindPort:
		return strconv.FormatUint(v.Bits, 10)
	case zeeklog.KindInt:
		return strconv.FormatInt(int64(v.Bits), 10)
	case zeeklog.KindTime:
		return FormatMicros(int64(v.Bits))
	case zeeklog.KindDouble, zeeklog.KindInterval:
		return strconv.FormatFloat(v.Float(), 'f', 6, 64)
	case zeeklog.KindBool:
		if v.Bits != 0 {
			return "T"
		}
		return "F"
	}
	return string(e.strs.Bytes(v.Sym))
}
