package engine

import (
	"math"
	"sort"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// RecID identifies one loaded record. Ids are dense and follow load order.
type RecID uint32

// column holds one field of one segment. Scalars use syms (text kinds) or
// nums (every other kind); containers use offs into esyms or enums. unset
// marks unset rows; eunset marks unset container elements of numeric kinds.
type column struct {
	field  zeeklog.Field
	text   bool
	syms   []index.Sym
	nums   []uint64
	unset  index.Bitmap
	offs   []uint32
	esyms  []index.Sym
	enums  []uint64
	eunset index.Bitmap
}

// segment is a run of records of one log path that share a header.
type segment struct {
	log    *logInfo
	file   *FileInfo
	first  RecID
	n      int
	cols   []*column
	byName map[string]int
	lines  []uint32
	ts     int // column of "ts", or -1
}

// logInfo is everything loaded for one log path.
type logInfo struct {
	path    string
	sym     index.Sym // the path, interned (for the _path pseudo-field)
	segs    []*segment
	records int
	fields  []zeeklog.Field
	fieldAt map[string]int
}

func newSegment(l *logInfo, f *FileInfo, h *zeeklog.Header, first RecID) *segment {
	s := &segment{log: l, file: f, first: first, byName: make(map[string]int, len(h.Fields)), ts: -1}
	for i, fd := range h.Fields {
		c := &column{field: fd, text: fd.Type.Kind.IsText()}
		if fd.Type.Container != zeeklog.Scalar {
			c.offs = []uint32{0}
		}
		s.cols = append(s.cols, c)
		s.byName[fd.Name] = i
		if fd.Name == "ts" && fd.Type.Kind == zeeklog.KindTime && fd.Type.Container == zeeklog.Scalar {
			s.ts = i
		}
		if _, ok := l.fieldAt[fd.Name]; !ok {
			l.fieldAt[fd.Name] = len(l.fields)
			l.fields = append(l.fields, fd)
		}
	}
	return s
}

// numBits encodes a scalar value of a non-text kind as 64 bits.
func numBits(k zeeklog.Kind, v *zeeklog.Value) uint64 {
	switch k {
	case zeeklog.KindCount, zeeklog.KindPort:
		return v.Uint
	case zeeklog.KindInt, zeeklog.KindTime:
		return uint64(v.Int)
	case zeeklog.KindDouble, zeeklog.KindInterval:
		return math.Float64bits(v.Float)
	case zeeklog.KindBool:
		if v.Bool {
			return 1
		}
	}
	return 0
}

// appendRow stores one row; every text value is interned and posted.
func (s *segment) appendRow(e *Engine, row *zeeklog.Row, id RecID) {
	r := s.n
	for i, c := range s.cols {
		v := &row.Values[i]
		k := c.field.Type.Kind
		if c.field.Type.Container == zeeklog.Scalar {
			if c.text {
				var sym index.Sym
				if !v.Unset {
					sym = e.strs.Intern(v.Text)
					e.post.Add(sym, uint32(id))
				}
				c.syms = append(c.syms, sym)
				continue
			}
			if v.Unset {
				c.unset.Set(r)
			}
			c.nums = append(c.nums, numBits(k, v))
			continue
		}
		if v.Unset {
			c.unset.Set(r)
		}
		for j := range v.Elems {
			el := &v.Elems[j]
			if c.text {
				var sym index.Sym
				if !el.Unset {
					sym = e.strs.Intern(el.Text)
					e.post.Add(sym, uint32(id))
				}
				c.esyms = append(c.esyms, sym)
				continue
			}
			if el.Unset {
				c.eunset.Set(len(c.enums))
			}
			c.enums = append(c.enums, numBits(k, el))
		}
		if c.text {
			c.offs = append(c.offs, uint32(len(c.esyms)))
		} else {
			c.offs = append(c.offs, uint32(len(c.enums)))
		}
	}
	s.lines = append(s.lines, uint32(min(row.Line, math.MaxUint32)))
	s.n++
}

// tsMicros returns the record's ts in microseconds, and whether it is set.
func (s *segment) tsMicros(r int) (int64, bool) {
	if s.ts < 0 {
		return 0, false
	}
	c := s.cols[s.ts]
	if c.unset.Has(r) {
		return 0, false
	}
	return int64(c.nums[r]), true
}

func (s *segment) memoryBytes() int {
	n := 4 * cap(s.lines)
	for _, c := range s.cols {
		n += 4*cap(c.syms) + 8*cap(c.nums) + c.unset.MemoryBytes() + 4*cap(c.offs) +
			4*cap(c.esyms) + 8*cap(c.enums) + c.eunset.MemoryBytes()
	}
	return n
}

// locate returns the segment and row of a record.
func (e *Engine) locate(id RecID) (*segment, int) {
	i := sort.Search(len(e.segs), func(i int) bool { return e.segs[i].first > id }) - 1
	s := e.segs[i]
	return s, int(id - s.first)
}
