package index

import "encoding/binary"

// Postings maps each [Sym] to the ascending, duplicate-free list of record
// ids whose values contain it. Lists are stored delta-encoded as varints in
// one byte slice (a uid named by three records costs a few bytes, a value in
// a million records about one byte a record), and they are built in bulk by
// [Postings.Extend], without buffering the pairs.
//
// The zero value is empty and ready to use.
type Postings struct {
	off  []uint64 // off[s]..off[s+1]: the bytes of Sym s's list
	last []uint32 // last[s] is the last record id of s, plus one (0: none)
	data []byte
}

// Extend adds the postings of records newer than every record added
// before. visit must call emit(s, rec) for every symbol s held by record
// rec, each symbol's records in non-decreasing order (a record may emit a
// symbol twice; the order across symbols does not matter); it
// is called twice, once to size the lists and once to fill them. nsyms is
// the number of symbols in the string table.
func (p *Postings) Extend(nsyms int, visit func(emit func(s Sym, rec uint32))) {
	n := nsyms + 1
	if len(p.last) < n {
		p.last = append(p.last, make([]uint32, n-len(p.last))...)
	}
	oldLen := func(s int) uint64 {
		if s+1 < len(p.off) {
			return p.off[s+1] - p.off[s]
		}
		return 0
	}
	saved := append([]uint32(nil), p.last...)
	size := make([]uint64, n)
	var tmp [binary.MaxVarintLen32]byte
	visit(func(s Sym, rec uint32) {
		l := p.last[s]
		if l == rec+1 {
			return // the record holds the value twice
		}
		d := rec
		if l > 0 {
			d = rec - (l - 1)
		}
		size[s] += uint64(binary.PutUvarint(tmp[:], uint64(d)))
		p.last[s] = rec + 1
	})
	off := make([]uint64, n+1)
	for s := 0; s < n; s++ {
		off[s+1] = off[s] + oldLen(s) + size[s]
	}
	data := make([]byte, off[n])
	wp := make([]uint64, n)
	for s := 0; s < n; s++ {
		if l := oldLen(s); l > 0 {
			copy(data[off[s]:], p.data[p.off[s]:p.off[s]+l])
		}
		wp[s] = off[s] + oldLen(s)
	}
	copy(p.last, saved)
	visit(func(s Sym, rec uint32) {
		l := p.last[s]
		if l == rec+1 {
			return
		}
		d := rec
		if l > 0 {
			d = rec - (l - 1)
		}
		wp[s] += uint64(binary.PutUvarint(data[wp[s]:], uint64(d)))
		p.last[s] = rec + 1
	})
	p.off, p.data = off, data
}

// Get returns the record ids holding s, ascending, in a new slice.
func (p *Postings) Get(s Sym) []uint32 {
	if int(s)+1 >= len(p.off) {
		return nil
	}
	b := p.data[p.off[s]:p.off[s+1]]
	if len(b) == 0 {
		return nil
	}
	out := make([]uint32, 0, len(b)/2+1)
	var rec uint64
	for i, first := 0, true; i < len(b); first = false {
		d, n := binary.Uvarint(b[i:])
		i += n
		if first {
			rec = d
		} else {
			rec += d
		}
		out = append(out, uint32(rec))
	}
	return out
}

// MemoryBytes estimates the bytes held by the index.
func (p *Postings) MemoryBytes() int {
	return 8*cap(p.off) + 4*cap(p.last) + cap(p.data)
}
