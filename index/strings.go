package index

import (
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Sym is a dense id for an interned string. The zero Sym stands for "no
// string" (an unset value); real symbols start at 1.
type Sym uint32

// Strings interns byte strings. Each distinct string is stored once in an
// append-only arena and gets the next [Sym]. Lookups hash with xxhash into an
// open-addressing table; two strings whose hashes collide are told apart by
// comparing their bytes, so a collision costs a comparison, never a wrong
// answer.
//
// The zero value is ready to use.
type Strings struct {
	arena  []byte
	ends   []uint64 // ends[s] is the arena offset just past Sym s; ends[0] == 0
	hashes []uint32 // low 32 bits of each symbol's hash, for cheap rejection
	slots  []Sym    // open addressing; 0 is an empty slot
	mask   uint64

	// hash is xxhash.Sum64 unless a test forces collisions.
	hash func([]byte) uint64
}

func (t *Strings) sum(b []byte) uint64 {
	if t.hash != nil {
		return t.hash(b)
	}
	return xxhash.Sum64(b)
}

func (t *Strings) init() {
	if t.ends == nil {
		t.ends = []uint64{0}
		t.hashes = []uint32{0}
		t.slots = make([]Sym, 1024)
		t.mask = 1023
	}
}

// Len returns the number of distinct strings interned.
func (t *Strings) Len() int {
	if t.ends == nil {
		return 0
	}
	return len(t.ends) - 1
}

// Bytes returns the bytes of s. The slice aliases the table's arena: do not
// modify it. Bytes of the zero Sym is nil.
func (t *Strings) Bytes(s Sym) []byte {
	if s == 0 || int(s) >= len(t.ends) {
		return nil
	}
	return t.arena[t.ends[s-1]:t.ends[s]:t.ends[s]]
}

// String returns s as a Go string (a copy).
func (t *Strings) String(s Sym) string { return string(t.Bytes(s)) }

// Lookup returns the symbol of b, if b was interned.
func (t *Strings) Lookup(b []byte) (Sym, bool) {
	if t.ends == nil {
		return 0, false
	}
	h := t.sum(b)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if t.hashes[s] == uint32(h) && string(t.Bytes(s)) == string(b) {
			return s, true
		}
	}
}

// Intern returns the symbol of b, adding a copy of b if it is new.
func (t *Strings) Intern(b []byte) Sym { return t.intern(b, t.sum(b)) }

// InternFrom is Intern(src.Bytes(s)) without hashing the string again:
// src kept its hash (as when a chunk's own table is merged into the
// engine's).
func (t *Strings) InternFrom(src *Strings, s Sym) Sym {
	if s == 0 || int(s) >= len(src.ends) {
		return t.Intern(nil)
	}
	if t.hash != nil || src.hash != nil {
		return t.Intern(src.Bytes(s)) // a test's hash: the kept bits may not be ours
	}
	return t.intern(src.Bytes(s), uint64(src.hashes[s]))
}

// intern is Intern with b's hash given. Only its low 32 bits are used
// (the slot masks stay below 2^32, see rehash), so the kept low bits of
// another table's hash will do.
func (t *Strings) intern(b []byte, h uint64) Sym {
	t.init()
	i := h & t.mask
	for ; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			break
		}
		if t.hashes[s] == uint32(h) && string(t.Bytes(s)) == string(b) {
			return s
		}
	}
	t.arena = append(t.arena, b...)
	t.ends = append(t.ends, uint64(len(t.arena)))
	t.hashes = append(t.hashes, uint32(h))
	s := Sym(len(t.ends) - 1)
	t.slots[i] = s
	if uint64(len(t.ends))*4 > uint64(len(t.slots))*3 {
		t.grow()
	}
	return s
}

// InternString is Intern for a string.
func (t *Strings) InternString(s string) Sym { return t.Intern([]byte(s)) }

// Reserve makes room for n more strings of about bytes bytes in all, so
// that a table whose size is known ahead (a chunk of a file) does not grow
// step by step.
func (t *Strings) Reserve(n, bytes int) {
	t.init()
	t.arena = slices.Grow(t.arena, bytes)
	t.ends = slices.Grow(t.ends, n)
	t.hashes = slices.Grow(t.hashes, n)
	want := uint64(len(t.ends)+n) * 4 / 3
	if want > uint64(len(t.slots)) {
		size := uint64(len(t.slots))
		for size < want {
			size *= 2
		}
		t.rehash(size)
	}
}

func (t *Strings) grow() { t.rehash(uint64(len(t.slots)) * 2) }

// rehash moves the symbols to a slot table of size entries (a power of
// two). The stored low 32 bits of each hash place it: masks stay below
// 2^32 (a Sym is 32 bits), so no string is hashed again.
func (t *Strings) rehash(size uint64) {
	slots := make([]Sym, size)
	mask := size - 1
	for s := Sym(1); int(s) < len(t.ends); s++ {
		i := uint64(t.hashes[s]) & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = s
	}
	t.slots, t.mask = slots, mask
}

// MemoryBytes estimates the bytes held by the table.
func (t *Strings) MemoryBytes() int {
	return cap(t.arena) + 8*cap(t.ends) + 4*cap(t.hashes) + 4*cap(t.slots)
}
