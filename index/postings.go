package index

import (
	"encoding/binary"
	"runtime"
	"sync"
)

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
// before. visit must call emit(s, base, offs) for every symbol s held by
// records base+offs[0], base+offs[1], ... (a run, as of one chunk of a
// file), each symbol's records in non-decreasing order across its runs (a
// record may be emitted twice; the order across symbols does not matter).
// nsyms is the number of symbols in the string table.
//
// Large extensions are built on several cores, each owning a share of the
// symbols: visit is then called once per share and pass (twice: to size
// the lists, then to fill them), concurrently for different shares. emit
// ignores the symbols of other shares, and visit may skip a symbol's
// records at once when keep(s) is false.
func (p *Postings) Extend(nsyms int, visit func(keep func(Sym) bool, emit func(s Sym, base uint32, offs []uint16))) {
	parts := 1
	if nsyms >= parallelSyms {
		parts = min(maxParts, runtime.GOMAXPROCS(0))
		for parts&(parts-1) != 0 { // a power of two: shares by mask
			parts--
		}
	}
	p.extend(nsyms, parts, visit)
}

const (
	parallelSyms = 1 << 16 // fewer symbols: one share
	maxParts     = 4
	shareShift   = 10 // symbols go to shares in runs of 1024 (no false sharing within a run)
)

// extend is Extend in parts shares (a power of two).
func (p *Postings) extend(nsyms, parts int, visit func(keep func(Sym) bool, emit func(s Sym, base uint32, offs []uint16))) {
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
	// each runs pass for every share, the shares side by side.
	each := func(pass func(s Sym, base uint32, offs []uint16)) {
		mask := Sym(parts - 1)
		if parts == 1 {
			visit(func(Sym) bool { return true }, pass)
			return
		}
		var wg sync.WaitGroup
		for part := range Sym(parts) {
			keep := func(s Sym) bool { return (s>>shareShift)&mask == part }
			wg.Go(func() {
				visit(keep, func(s Sym, base uint32, offs []uint16) {
					if keep(s) {
						pass(s, base, offs)
					}
				})
			})
		}
		wg.Wait()
	}
	// A list is the first record id, then the gaps to each next one.
	each(func(s Sym, base uint32, offs []uint16) {
		last, sz := p.last[s], size[s]
		for _, o := range offs {
			rec := base + uint32(o)
			if last == rec+1 {
				continue // the record holds the value twice
			}
			d := rec
			if last > 0 {
				d = rec - (last - 1)
			}
			sz += uint64(uvarintLen(uint64(d)))
			last = rec + 1
		}
		p.last[s], size[s] = last, sz
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
	each(func(s Sym, base uint32, offs []uint16) {
		last, w := p.last[s], wp[s]
		for _, o := range offs {
			rec := base + uint32(o)
			if last == rec+1 {
				continue
			}
			d := rec
			if last > 0 {
				d = rec - (last - 1)
			}
			w += uint64(binary.PutUvarint(data[w:], uint64(d)))
			last = rec + 1
		}
		p.last[s], wp[s] = last, w
	})
	p.off, p.data = off, data
}

// uvarintLen is the length of binary.PutUvarint's encoding of x.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
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
