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
	w := int(p.width)
	p.data = make([]byte, len(vals)*w+8) // +8: Get may read a whole word
	var buf [8]byte
	for i, v := range vals {
		binary.LittleEndian.PutUint64(buf[:], v-lo)
		copy(p.data[i*w:], buf[:w])
	}
	return p
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
