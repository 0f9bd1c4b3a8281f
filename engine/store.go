package engine

import (
	"math"
	"sort"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// RecID identifies one loaded record. Ids are dense and follow load order.
type RecID uint32

// column holds one field of one segment. While the segment loads, scalars
// append to syms (text kinds) or nums (every other kind) and containers to
// offs and esyms or enums. When it is sealed, each becomes an index.Packed
// of the narrowest width: text as symbol offsets (0 = unset), numbers as
// offsets from the column's minimum, doubles and intervals as exact
// microseconds when every value is one (Zeek's TSV writes %.6f). unset marks
// unset rows; eunset marks unset container elements of numeric kinds.
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

	// last interned scalar text and its symbol: columns such as proto,
	// conn_state or a sensor name repeat, and a compare is cheaper than a hash.
	lastText []byte
	lastSym  index.Sym

	sealed  bool
	vals    index.Packed // scalar values
	eoffs   index.Packed // container offsets (n+1)
	elems   index.Packed // container elements
	symBase index.Sym    // text: stored value v > 0 means Sym(v) + symBase
	micros  bool         // double/interval stored as int64 microseconds
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
	plines index.Packed // lines, once sealed
	sealed bool
	ts     int // column of "ts", or -1

	// Until the load that read the segment indexes it: the postings of its
	// rows by the symbols of the chunk's table, and that table's symbols
	// mapped to the engine's.
	lpost *chunkPostings
	lmap  []index.Sym
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

// newSegment makes an empty segment for rows of header h. Its text
// columns hold symbols of whatever string table appendRow is given; see
// Engine.adopt for making it part of the engine. rows is the number of
// rows expected (0: unknown), to size the columns once.
func newSegment(h *zeeklog.Header, rows int) *segment {
	s := &segment{byName: make(map[string]int, len(h.Fields)), ts: -1, lines: make([]uint32, 0, rows)}
	for i, fd := range h.Fields {
		c := &column{field: fd, text: fd.Type.Kind.IsText()}
		switch {
		case fd.Type.Container != zeeklog.Scalar:
			c.offs = make([]uint32, 1, rows+1)
		case c.text:
			c.syms = make([]index.Sym, 0, rows)
		default:
			c.nums = make([]uint64, 0, rows)
		}
		s.cols = append(s.cols, c)
		s.byName[fd.Name] = i
		if fd.Name == "ts" && fd.Type.Kind == zeeklog.KindTime && fd.Type.Container == zeeklog.Scalar {
			s.ts = i
		}
	}
	return s
}

// remap replaces the segment's symbols of a local string table by the
// engine's, interning each distinct local string once. It returns the map
// from local to engine symbols.
func (s *segment) remap(local, global *index.Strings) []index.Sym {
	m := make([]index.Sym, local.Len()+1)
	get := func(l index.Sym) index.Sym {
		if l == 0 {
			return 0
		}
		if m[l] == 0 {
			m[l] = global.InternFrom(local, l)
		}
		return m[l]
	}
	for _, c := range s.cols {
		if !c.text {
			continue
		}
		for i, l := range c.syms {
			c.syms[i] = get(l)
		}
		for i, l := range c.esyms {
			c.esyms[i] = get(l)
		}
		c.lastText, c.lastSym = nil, 0
	}
	return m
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

// appendRow stores one row; every text value is interned in strs (the
// postings are built from the columns when the load ends).
func (s *segment) appendRow(strs *index.Strings, row *zeeklog.Row) {
	r := s.n
	for i, c := range s.cols {
		v := &row.Values[i]
		k := c.field.Type.Kind
		if c.field.Type.Container == zeeklog.Scalar {
			if c.text {
				var sym index.Sym
				if !v.Unset {
					if c.lastSym != 0 && string(v.Text) == string(c.lastText) {
						sym = c.lastSym
					} else {
						sym = strs.Intern(v.Text)
						c.lastSym = sym
						c.lastText = strs.Bytes(sym)
					}
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
					sym = strs.Intern(el.Text)
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
	return int64(c.num(r)), true
}

// line returns the file line of row r.
func (s *segment) line(r int) int64 {
	if s.sealed {
		return int64(s.plines.Get(r))
	}
	return int64(s.lines[r])
}

func (s *segment) memoryBytes() int {
	n := 4*cap(s.lines) + s.plines.MemoryBytes()
	for _, c := range s.cols {
		n += 4*cap(c.syms) + 8*cap(c.nums) + c.unset.MemoryBytes() + 4*cap(c.offs) +
			4*cap(c.esyms) + 8*cap(c.enums) + c.eunset.MemoryBytes() +
			c.vals.MemoryBytes() + c.eoffs.MemoryBytes() + c.elems.MemoryBytes()
	}
	return n
}

// seal packs the segment's columns; it takes no more rows after this.
func (s *segment) seal() {
	if s.sealed {
		return
	}
	s.sealed = true
	lines := make([]uint64, len(s.lines))
	for i, l := range s.lines {
		lines[i] = uint64(l)
	}
	s.plines = index.Pack(lines, false)
	s.lines = nil
	for _, c := range s.cols {
		c.seal()
	}
}

func (c *column) seal() {
	k := c.field.Type.Kind
	signed := k == zeeklog.KindInt || k == zeeklog.KindTime
	isFloat := k == zeeklog.KindDouble || k == zeeklog.KindInterval
	if c.field.Type.Container == zeeklog.Scalar {
		if c.text {
			c.vals, c.symBase = index.PackSyms(c.syms)
		} else {
			if isFloat {
				c.micros = toMicros(c.nums, &c.unset, 0)
				signed = signed || c.micros
			}
			fillUnset(c.nums, &c.unset, 0)
			c.vals = index.Pack(c.nums, signed)
		}
	} else {
		offs := make([]uint64, len(c.offs))
		for i, o := range c.offs {
			offs[i] = uint64(o)
		}
		c.eoffs = index.Pack(offs, false)
		if c.text {
			c.elems, c.symBase = index.PackSyms(c.esyms)
		} else {
			if isFloat {
				c.micros = toMicros(c.enums, &c.eunset, 0)
				signed = signed || c.micros
			}
			fillUnset(c.enums, &c.eunset, 0)
			c.elems = index.Pack(c.enums, signed)
		}
	}
	c.syms, c.nums, c.offs, c.esyms, c.enums = nil, nil, nil, nil, nil
	c.lastText = nil
	c.sealed = true
}

// toMicros turns float64 bits into int64 microseconds in place when every
// set value is an exact number of microseconds; it reports whether it did.
func toMicros(vals []uint64, unset *index.Bitmap, off int) bool {
	for i, b := range vals {
		if unset.Has(off + i) {
			continue
		}
		f := math.Float64frombits(b)
		us := math.Round(f * 1e6)
		if math.Abs(us) > 1<<53 || us/1e6 != f {
			return false
		}
	}
	for i, b := range vals {
		if !unset.Has(off + i) {
			vals[i] = uint64(int64(math.Round(math.Float64frombits(b) * 1e6)))
		}
	}
	return true
}

// fillUnset gives unset slots a set neighbour's value, so that they do not
// widen the packed range.
func fillUnset(vals []uint64, unset *index.Bitmap, off int) {
	var fill uint64
	found := false
	for i, v := range vals {
		if !unset.Has(off + i) {
			fill, found = v, true
			break
		}
	}
	if !found {
		return
	}
	for i := range vals {
		if unset.Has(off + i) {
			vals[i] = fill
		}
	}
}

// decodeSym turns a packed text value back into a symbol (0 stays unset);
// index.PackSyms is its inverse.
func (c *column) decodeSym(v uint64) index.Sym {
	if v == 0 {
		return 0
	}
	return index.Sym(v) + c.symBase
}

// decodeNum turns a packed non-text value back into numBits' form: doubles
// stored as microseconds (toMicros) become float bits again.
func (c *column) decodeNum(v uint64) uint64 {
	if c.micros {
		return math.Float64bits(float64(int64(v)) / 1e6)
	}
	return v
}

// sym returns the text value of row r (0 when unset).
func (c *column) sym(r int) index.Sym {
	if !c.sealed {
		return c.syms[r]
	}
	return c.decodeSym(c.vals.Get(r))
}

// num returns the bits of the non-text value of row r, in numBits' form.
func (c *column) num(r int) uint64 {
	if !c.sealed {
		return c.nums[r]
	}
	return c.decodeNum(c.vals.Get(r))
}

// elemRange returns the element indexes of row r's container.
func (c *column) elemRange(r int) (int, int) {
	if !c.sealed {
		return int(c.offs[r]), int(c.offs[r+1])
	}
	return int(c.eoffs.Get(r)), int(c.eoffs.Get(r + 1))
}

// elemSym returns text element i (0 when unset).
func (c *column) elemSym(i int) index.Sym {
	if !c.sealed {
		return c.esyms[i]
	}
	return c.decodeSym(c.elems.Get(i))
}

// elemNum returns the bits of non-text element i.
func (c *column) elemNum(i int) uint64 {
	if !c.sealed {
		return c.enums[i]
	}
	return c.decodeNum(c.elems.Get(i))
}

// cursor locates records that mostly come in ascending order (as from All,
// Find or a posting list) without a search per record.
type cursor struct {
	e *Engine
	s *segment
}

// at returns the segment and row of id.
func (c *cursor) at(id RecID) (*segment, int) {
	if s := c.s; s != nil && id >= s.first && int(id-s.first) < s.n {
		return s, int(id - s.first)
	}
	s, r := c.e.locate(id)
	c.s = s
	return s, r
}

// locate returns the segment and row of a record.
func (e *Engine) locate(id RecID) (*segment, int) {
	i := sort.Search(len(e.segs), func(i int) bool { return e.segs[i].first > id }) - 1
	s := e.segs[i]
	return s, int(id - s.first)
}

// chunkPostings lists, for each symbol of a chunk's own string table, the
// rows of the chunk that hold it: built where the chunk is parsed, so that
// indexing at the end of a load only maps them onto the engine's symbols.
type chunkPostings struct {
	off  []uint32 // rows[off[l]:off[l+1]] hold local symbol l, ascending
	rows []uint16 // a chunk has at most chunkRows rows
}

// Rows of a chunk must fit the uint16 of chunkPostings.
const _ = uint16(chunkRows - 1)

// localPostings builds the chunkPostings of an unsealed segment whose
// symbols come from a table of nsyms symbols.
func (s *segment) localPostings(nsyms int) *chunkPostings {
	// The segment is not sealed yet: read the raw column slices, row by row
	// (a symbol is posted once per row, however many fields hold it).
	var scalars [][]index.Sym
	var containers []*column
	for _, c := range s.cols {
		switch {
		case !c.text:
		case c.field.Type.Container == zeeklog.Scalar:
			scalars = append(scalars, c.syms)
		default:
			containers = append(containers, c)
		}
	}
	// each calls f(l, r) once for every symbol l of row r, rows in order.
	last := make([]int32, nsyms+1) // row+1 of the symbol's last posting
	each := func(f func(l index.Sym, r int)) {
		clear(last)
		for r := 0; r < s.n; r++ {
			mark := int32(r + 1)
			for _, syms := range scalars {
				if l := syms[r]; l != 0 && last[l] != mark {
					last[l] = mark
					f(l, r)
				}
			}
			for _, c := range containers {
				if c.unset.Has(r) {
					continue
				}
				for _, l := range c.esyms[c.offs[r]:c.offs[r+1]] {
					if l != 0 && last[l] != mark {
						last[l] = mark
						f(l, r)
					}
				}
			}
		}
	}
	p := &chunkPostings{off: make([]uint32, nsyms+2)}
	each(func(l index.Sym, _ int) { p.off[l+1]++ })
	for l := 1; l < len(p.off); l++ {
		p.off[l] += p.off[l-1]
	}
	p.rows = make([]uint16, p.off[nsyms+1])
	pos := make([]uint32, nsyms+1)
	copy(pos, p.off)
	each(func(l index.Sym, r int) {
		p.rows[pos[l]] = uint16(r)
		pos[l]++
	})
	return p
}
