package index

import (
	"fmt"
	"testing"
)

func TestStrings_InternAndLookup(t *testing.T) {
	tests := []struct {
		name    string
		hash    func([]byte) uint64
		reserve [2]int // Reserve(n, bytes) after the first 10 strings, if n > 0
	}{
		{name: "Xxhash"},
		// Every string hashes alike: only the byte comparison tells them apart.
		{name: "AllCollide", hash: func([]byte) uint64 { return 42 }},
		// Two buckets of colliding hashes.
		{name: "HalfCollide", hash: func(b []byte) uint64 { return uint64(len(b) % 2) }},
		// Reserve rehashes the strings already in, then grows no more.
		{name: "ReserveAll", reserve: [2]int{3000, 3000 * 6}},
		// Reserve too little: the table still grows past it.
		{name: "ReserveSome", reserve: [2]int{1500, 10}},
		{name: "ReserveCollide", hash: func(b []byte) uint64 { return uint64(len(b) % 2) }, reserve: [2]int{5000, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := &Strings{hash: tc.hash}
			const n = 3000 // enough to force several grows
			syms := make([]Sym, n)
			for i := range n {
				if i == 10 && tc.reserve[0] > 0 {
					tab.Reserve(tc.reserve[0], tc.reserve[1])
					if want := (10 + tc.reserve[0]) * 4 / 3; len(tab.slots) < want {
						t.Fatalf("after Reserve(%d): %d slots, want at least %d", tc.reserve[0], len(tab.slots), want)
					}
				}
				syms[i] = tab.InternString(fmt.Sprintf("C%dx", i))
			}
			if got := tab.Len(); got != n {
				t.Fatalf("Len() = %d, want %d", got, n)
			}
			for i := range n {
				want := fmt.Sprintf("C%dx", i)
				if got := tab.String(syms[i]); got != want {
					t.Fatalf("String(%d) = %q, want %q", syms[i], got, want)
				}
				if again := tab.InternString(want); again != syms[i] {
					t.Fatalf("Intern(%q) again = %d, want %d", want, again, syms[i])
				}
				if s, ok := tab.Lookup([]byte(want)); !ok || s != syms[i] {
					t.Fatalf("Lookup(%q) = %d,%v, want %d,true", want, s, ok, syms[i])
				}
			}
			if s, ok := tab.Lookup([]byte("absent")); ok {
				t.Fatalf("Lookup(absent) = %d, true; want not found", s)
			}
		})
	}
}

func TestStrings_EmptyAndBinary(t *testing.T) {
	var tab Strings
	if _, ok := tab.Lookup([]byte("x")); ok {
		t.Fatal("Lookup on the zero table found something")
	}
	empty := tab.InternString("")
	bin := tab.Intern([]byte{0xff, 0x00, 0xc3})
	dash := tab.InternString("-")
	if empty == 0 || bin == 0 || dash == 0 {
		t.Fatalf("got a zero Sym: empty=%d bin=%d dash=%d", empty, bin, dash)
	}
	if empty == bin || bin == dash || empty == dash {
		t.Fatalf("distinct strings share a Sym: %d %d %d", empty, bin, dash)
	}
	if got := tab.Bytes(bin); string(got) != "\xff\x00\xc3" {
		t.Fatalf("Bytes(bin) = %q", got)
	}
	if got := tab.Bytes(0); got != nil {
		t.Fatalf("Bytes(0) = %q, want nil", got)
	}
}

func BenchmarkIntern(b *testing.B) {
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = []byte(fmt.Sprintf("CHhAvVGS1DHFjw%05d", i))
	}
	var tab Strings
	for _, k := range keys {
		tab.Intern(k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tab.Intern(keys[i&4095])
	}
}

func TestStrings_InternFrom(t *testing.T) {
	tests := []struct {
		name      string
		localHash func([]byte) uint64
	}{
		{name: "KeptHash"},
		// A table with another hash: InternFrom must hash again.
		{name: "OtherHash", localHash: func(b []byte) uint64 { return uint64(len(b)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var global Strings
			for i := range 2000 {
				global.InternString(fmt.Sprintf("G%d", i))
			}
			local := &Strings{hash: tc.localHash}
			var names []string
			for i := range 3000 { // a third already in global, the rest new; global grows
				name := fmt.Sprintf("G%d", i*2)
				names = append(names, name)
				local.InternString(name)
			}
			for l := Sym(1); int(l) <= local.Len(); l++ {
				g := global.InternFrom(local, l)
				if got, want := global.String(g), names[l-1]; got != want {
					t.Fatalf("InternFrom(%d) = %q, want %q", l, got, want)
				}
			}
			if got, want := global.Len(), 2000+2000; got != want { // G4000..G5998: 2000 new
				t.Fatalf("Len() = %d, want %d", got, want)
			}
			for _, name := range names { // found by its own hash, not only by the kept bits
				if _, ok := global.Lookup([]byte(name)); !ok {
					t.Fatalf("Lookup(%q) after InternFrom: not found", name)
				}
				if n := global.Len(); global.InternString(name) == 0 || global.Len() != n {
					t.Fatalf("Intern(%q) after InternFrom added it again", name)
				}
			}
		})
	}
}
