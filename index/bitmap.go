package index

// Bitmap is a growable set of small non-negative integers.
// The zero value is an empty set.
type Bitmap struct {
	words []uint64
}

// Set adds i to the set.
func (b *Bitmap) Set(i int) {
	w := i >> 6
	for len(b.words) <= w {
		b.words = append(b.words, 0)
	}
	b.words[w] |= 1 << (uint(i) & 63)
}

// Has reports whether i is in the set.
func (b *Bitmap) Has(i int) bool {
	w := i >> 6
	return w < len(b.words) && b.words[w]&(1<<(uint(i)&63)) != 0
}

// Any reports whether the set is non-empty.
func (b *Bitmap) Any() bool {
	for _, w := range b.words {
		if w != 0 {
			return true
		}
	}
	return false
}

// MemoryBytes estimates the bytes held by the set.
func (b *Bitmap) MemoryBytes() int { return 8 * cap(b.words) }
