package index

import "slices"

// Postings maps each [Sym] to the sorted, duplicate-free list of record ids
// whose values contain it. Pairs are added with [Postings.Add] in any order
// and become visible after [Postings.Finish], which merges them into a
// compressed-row layout: one offset per symbol and one uint32 per posting.
type Postings struct {
	starts  []uint32 // starts[s]..starts[s+1] index recs for Sym s
	recs    []uint32
	pending []uint64 // sym<<32 | rec, added since the last Finish
}

// Add records that record rec holds symbol s. Adding the same pair twice is
// harmless.
func (p *Postings) Add(s Sym, rec uint32) {
	if s == 0 {
		return
	}
	p.pending = append(p.pending, uint64(s)<<32|uint64(rec))
}

// Finish folds the pending pairs into the index. nsyms is the number of
// symbols in the string table (so every symbol has a slot).
func (p *Postings) Finish(nsyms int) {
	n := nsyms + 2
	counts := make([]uint32, n)
	old := func(s int) []uint32 {
		if s+1 < len(p.starts) {
			return p.recs[p.starts[s]:p.starts[s+1]]
		}
		return nil
	}
	for s := 0; s+1 < len(p.starts); s++ {
		counts[s] += p.starts[s+1] - p.starts[s]
	}
	for _, pr := range p.pending {
		counts[pr>>32]++
	}
	starts := make([]uint32, n)
	var sum uint32
	for s := 0; s < n-1; s++ {
		starts[s] = sum
		sum += counts[s]
	}
	starts[n-1] = sum
	recs := make([]uint32, sum)
	fill := make([]uint32, n)
	copy(fill, starts)
	for s := 0; s+1 < len(p.starts); s++ {
		fill[s] += uint32(copy(recs[fill[s]:], old(s)))
	}
	for _, pr := range p.pending {
		s := pr >> 32
		recs[fill[s]] = uint32(pr)
		fill[s]++
	}
	// Sort and deduplicate each list in place, then compact.
	var w uint32
	for s := 0; s < n-1; s++ {
		list := recs[starts[s]:fill[s]]
		for i := 1; i < len(list); i++ {
			if list[i] < list[i-1] {
				slices.Sort(list)
				break
			}
		}
		starts[s] = w
		for i, r := range list {
			if i > 0 && r == list[i-1] {
				continue
			}
			recs[w] = r
			w++
		}
	}
	starts[n-1] = w
	p.starts = starts
	p.recs = recs[:w:w]
	p.pending = nil
}

// Get returns the record ids holding s, ascending. The slice aliases the
// index: do not modify it.
func (p *Postings) Get(s Sym) []uint32 {
	if int(s)+1 >= len(p.starts) {
		return nil
	}
	return p.recs[p.starts[s]:p.starts[s+1]]
}

// MemoryBytes estimates the bytes held by the index.
func (p *Postings) MemoryBytes() int {
	return 4*cap(p.starts) + 4*cap(p.recs) + 8*cap(p.pending)
}
