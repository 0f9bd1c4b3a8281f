package index

import "encoding/binary"

// Packed is a read-only array of 64-bit values stored in the fewest whole
// bytes (0 to 8) that hold the largest difference from the smallest value.
// A column of ports takes 2 bytes a value, a column that never changes none.
// Values may be read as signed: Pack takes the order in which "smallest" is
// meant, and Get returns the exact 64 bits packed, whatever the order.
type Packed struct {
	base  uint64
	width uint8
	n     int
	data  []byte
}

// Pack packs vals. With signed, the values are compared as int64 (for ints,
// times and two's-complement deltas); else as uint64.
func Pack(vals []uint64, signed bool) Packed {
	p := Packed{n: len(vals)}
	if len(vals) == 0 {
		return p
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals[1:] {
		if signed {
			if int64(v) < int64(lo) {
				lo = v
			}
			if int64(v) > int64(hi) {
				hi = v
			}
		} else {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	span := hi - lo // wraps correctly for signed order too
	p.base = lo
	for span > 0 {
		p.width++
		span >>= 8
	}
	if p.width == 0 {
		return p
	}
	p.alloc()
	for i, v := range vals {
		p.put(i, v-lo)
	}
	return p
}

// PackSyms packs symbols as offsets from base, the smallest set symbol less
// one, so that the zero Sym (unset) stays 0 and a column's symbols, which
// are mostly close together, take few bytes; it returns the packing and
// base. Get(i) + base is syms[i] again (0 for unset).
func PackSyms(syms []Sym) (Packed, Sym) {
	p := Packed{n: len(syms)}
	var lo, hi Sym
	unset := false
	for _, s := range syms {
		if s == 0 {
			unset = true
			continue
		}
		if lo == 0 || s < lo {
			lo = s
		}
		hi = max(hi, s)
	}
	base := Sym(0)
	if lo > 0 {
		base = lo - 1
	}
	if len(syms) == 0 {
		return p, base
	}
	// The stored values are 0 (unset) and s-base (1 up to hi-base).
	p.base = 1
	if unset || lo == 0 {
		p.base = 0
	}
	span := uint64(0)
	if hi > 0 {
		span = uint64(hi-base) - p.base
	}
	for span > 0 {
		p.width++
		span >>= 8
	}
	if p.width == 0 {
		return p, base
	}
	p.alloc()
	for i, s := range syms {
		d := uint64(0)
		if s != 0 {
			d = uint64(s - base)
		}
		p.put(i, d-p.base)
	}
	return p, base
}

// alloc makes room for n values of p.width bytes, plus a word: Get reads,
// and put writes, a whole word.
func (p *Packed) alloc() { p.data = make([]byte, p.n*int(p.width)+8) }

// put stores the offset d of value i. Values must be put in ascending i:
// a width other than 1, 2, 4 or 8 writes a whole word, whose bytes beyond
// the width (zero, as d fits the width) the next values overwrite.
func (p *Packed) put(i int, d uint64) {
	switch w := int(p.width); w {
	case 1:
		p.data[i] = byte(d)
	case 2:
		binary.LittleEndian.PutUint16(p.data[2*i:], uint16(d))
	case 4:
		binary.LittleEndian.PutUint32(p.data[4*i:], uint32(d))
	case 8:
		binary.LittleEndian.PutUint64(p.data[8*i:], d)
	default:
		binary.LittleEndian.PutUint64(p.data[w*i:], d)
	}
}

// Len is the number of values.
func (p *Packed) Len() int { return p.n }

// Get returns value i.
func (p *Packed) Get(i int) uint64 {
	w := int(p.width)
	switch w {
	case 0:
		return p.base
	case 1:
		return p.base + uint64(p.data[i])
	case 2:
		return p.base + uint64(binary.LittleEndian.Uint16(p.data[2*i:]))
	case 4:
		return p.base + uint64(binary.LittleEndian.Uint32(p.data[4*i:]))
	case 8:
		return p.base + binary.LittleEndian.Uint64(p.data[8*i:])
	}
	v := binary.LittleEndian.Uint64(p.data[w*i:]) // padded: reading 8 bytes is safe
	return p.base + v&(1<<(8*w)-1)
}

// MemoryBytes is the size of the packed data.
func (p *Packed) MemoryBytes() int { return cap(p.data) + 24 }
