package index

import (
	"slices"
	"testing"
)

func TestPostings(t *testing.T) {
	tests := []struct {
		name    string
		batches [][][2]uint32 // Finish after each batch: (sym, rec) pairs
		want    map[Sym][]uint32
	}{
		{
			name:    "OneBatch",
			batches: [][][2]uint32{{{1, 0}, {2, 0}, {1, 5}, {3, 2}}},
			want:    map[Sym][]uint32{1: {0, 5}, 2: {0}, 3: {2}, 4: nil},
		},
		{
			name:    "DuplicatesAndDisorder",
			batches: [][][2]uint32{{{1, 9}, {1, 2}, {1, 9}, {1, 2}, {2, 1}}},
			want:    map[Sym][]uint32{1: {2, 9}, 2: {1}},
		},
		{
			name:    "TwoLoads",
			batches: [][][2]uint32{{{1, 0}, {2, 1}}, {{1, 7}, {3, 8}, {2, 9}}},
			want:    map[Sym][]uint32{1: {0, 7}, 2: {1, 9}, 3: {8}},
		},
		{
			name:    "ZeroSymIgnored",
			batches: [][][2]uint32{{{0, 3}, {1, 3}}},
			want:    map[Sym][]uint32{0: nil, 1: {3}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Postings
			for _, batch := range tc.batches {
				// Extend wants pairs in record order, as the engine emits them.
				sorted := slices.Clone(batch)
				slices.SortStableFunc(sorted, func(a, b [2]uint32) int { return int(a[1]) - int(b[1]) })
				p.Extend(4, func(_ func(Sym) bool, emit func(Sym, uint32, []uint16)) {
					for _, pr := range sorted {
						if pr[0] != 0 {
							emit(Sym(pr[0]), pr[1], one)
						}
					}
				})
			}
			for s, want := range tc.want {
				if got := p.Get(s); !slices.Equal(got, want) {
					t.Errorf("Get(%d) = %v, want %v", s, got, want)
				}
			}
			if got := p.Get(99); got != nil {
				t.Errorf("Get(99) = %v, want nil", got)
			}
		})
	}
}

func TestPostings_LargeGaps(t *testing.T) {
	var p Postings
	recs := []uint32{0, 1, 127, 128, 16383, 16384, 1 << 21, 1<<32 - 1}
	p.Extend(1, func(_ func(Sym) bool, emit func(Sym, uint32, []uint16)) {
		for _, r := range recs {
			emit(1, r, one)
		}
	})
	if got := p.Get(1); !slices.Equal(got, recs) {
		t.Errorf("Get(1) = %v, want %v", got, recs)
	}
}

// one is the run of a single record: emit(s, rec, one) posts rec.
var one = []uint16{0}

// TestPostings_Runs feeds records as runs from a base, as the engine does
// (the rows of a chunk that hold a symbol), duplicates within and across
// runs included.
func TestPostings_Runs(t *testing.T) {
	type run struct {
		s    Sym
		base uint32
		offs []uint16
	}
	tests := []struct {
		name  string
		loads [][]run
		want  map[Sym][]uint32
	}{
		{"OneRun", [][]run{{{1, 100, []uint16{0, 5, 65535}}}}, map[Sym][]uint32{1: {100, 105, 65635}}},
		{"DuplicateInRun", [][]run{{{1, 0, []uint16{2, 2, 3}}}}, map[Sym][]uint32{1: {2, 3}}},
		{"RunsOfChunks", [][]run{{{1, 0, []uint16{1}}, {2, 0, []uint16{0, 1}}, {1, 10, []uint16{0, 4}}}},
			map[Sym][]uint32{1: {1, 10, 14}, 2: {0, 1}}},
		{"AcrossLoads", [][]run{{{1, 0, []uint16{7}}}, {{1, 8, []uint16{0}}, {3, 8, []uint16{1}}}},
			map[Sym][]uint32{1: {7, 8}, 3: {9}}},
		{"EmptyRun", [][]run{{{1, 0, nil}, {1, 4, []uint16{0}}}}, map[Sym][]uint32{1: {4}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Postings
			for _, load := range tc.loads {
				p.Extend(4, func(_ func(Sym) bool, emit func(Sym, uint32, []uint16)) {
					for _, r := range load {
						emit(r.s, r.base, r.offs)
					}
				})
			}
			for s, want := range tc.want {
				if got := p.Get(s); !slices.Equal(got, want) {
					t.Errorf("Get(%d) = %v, want %v", s, got, want)
				}
			}
		})
	}
}

func TestPacked(t *testing.T) {
	tests := []struct {
		name      string
		vals      []uint64
		signed    bool
		wantWidth uint8
	}{
		{"Empty", nil, false, 0},
		{"Constant", []uint64{7, 7, 7}, false, 0},
		{"Ports", []uint64{443, 80, 65535, 0}, false, 2},
		{"ThreeBytes", []uint64{1 << 20, 5, 1<<24 - 1}, false, 3},
		{"Full", []uint64{0, 1<<64 - 1}, false, 8},
		{"SignedTimes", []uint64{u(-315619200000000), u(253402300799000000), u(-400000)}, true, 8},
		{"SignedSmall", []uint64{u(-5), u(3), u(0)}, true, 1},
		{"SevenBytes", []uint64{0, 1<<56 - 1, 12345}, false, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Pack(tc.vals, tc.signed)
			if p.Len() != len(tc.vals) || p.width != tc.wantWidth {
				t.Fatalf("Len %d width %d, want %d and %d", p.Len(), p.width, len(tc.vals), tc.wantWidth)
			}
			for i, v := range tc.vals {
				if got := p.Get(i); got != v {
					t.Errorf("Get(%d) = %d, want %d", i, got, v)
				}
			}
		})
	}
}

func u(i int64) uint64 { return uint64(i) }

func TestPackSyms(t *testing.T) {
	tests := []struct {
		name      string
		syms      []Sym
		wantWidth uint8
		wantBase  Sym
	}{
		{"Empty", nil, 0, 0},
		{"AllUnset", []Sym{0, 0, 0}, 0, 0},
		{"OneSymbol", []Sym{9, 9, 9}, 0, 8},
		{"OneSymbolAndUnset", []Sym{9, 0, 9}, 1, 8},
		{"Near", []Sym{1000, 1200, 1001}, 1, 999},
		{"NearAndUnset", []Sym{0, 1000, 1255}, 2, 999}, // offsets 0, 1, 256
		{"ThreeBytes", []Sym{5, 1 << 20, 7}, 3, 4},
		{"Wide", []Sym{1, 1<<32 - 1, 0}, 4, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, base := PackSyms(tc.syms)
			if p.Len() != len(tc.syms) || p.width != tc.wantWidth || base != tc.wantBase {
				t.Fatalf("Len %d width %d base %d, want %d, %d and %d",
					p.Len(), p.width, base, len(tc.syms), tc.wantWidth, tc.wantBase)
			}
			for i, s := range tc.syms {
				got := Sym(p.Get(i))
				if got != 0 {
					got += base
				}
				if got != s {
					t.Errorf("symbol %d = %d, want %d", i, got, s)
				}
			}
		})
	}
}

func TestBitmap(t *testing.T) {
	var b Bitmap
	if b.Any() || b.Has(0) {
		t.Fatal("zero Bitmap is not empty")
	}
	for _, i := range []int{0, 63, 64, 1000} {
		b.Set(i)
	}
	for i := range 1100 {
		want := i == 0 || i == 63 || i == 64 || i == 1000
		if got := b.Has(i); got != want {
			t.Errorf("Has(%d) = %v, want %v", i, got, want)
		}
	}
}

// TestPostings_Shares builds the same postings in 1, 2 and 4 shares, over
// symbols that cross the share runs, in two loads, with a visit that skips
// by keep and one that leaves the filtering to emit: every list must come
// out the same as the reference built from the pairs.
func TestPostings_Shares(t *testing.T) {
	const nsyms = 5000 // about five runs of 1024 symbols
	// Deterministic pairs: record r holds symbols r%nsyms+1, (r*7)%nsyms+1
	// and, every third record, symbol 1 (a value in many records).
	pairs := func(from, to uint32) [][2]uint32 {
		var out [][2]uint32
		for r := from; r < to; r++ {
			out = append(out, [2]uint32{r%nsyms + 1, r}, [2]uint32{(r*7)%nsyms + 1, r})
			if r%3 == 0 {
				out = append(out, [2]uint32{1, r})
			}
		}
		return out
	}
	loads := [][][2]uint32{pairs(0, 12000), pairs(12000, 20000)}
	want := map[Sym][]uint32{}
	for _, load := range loads {
		for _, pr := range load {
			s := Sym(pr[0])
			if l := want[s]; len(l) == 0 || l[len(l)-1] != pr[1] {
				want[s] = append(want[s], pr[1])
			}
		}
	}
	tests := []struct {
		name    string
		parts   int
		useKeep bool
	}{
		{"One", 1, true},
		{"TwoKeep", 2, true},
		{"TwoEmitFilters", 2, false},
		{"FourKeep", 4, true},
		{"FourEmitFilters", 4, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Postings
			for _, load := range loads {
				p.extend(nsyms, tc.parts, func(keep func(Sym) bool, emit func(Sym, uint32, []uint16)) {
					for _, pr := range load {
						if tc.useKeep && !keep(Sym(pr[0])) {
							continue
						}
						emit(Sym(pr[0]), pr[1], one)
					}
				})
			}
			for s := Sym(1); s <= nsyms; s++ {
				if got := p.Get(s); !slices.Equal(got, want[s]) {
					t.Fatalf("Get(%d) = %d records %v..., want %d records %v...", s, len(got), head(got), len(want[s]), head(want[s]))
				}
			}
		})
	}
}

func head(l []uint32) []uint32 { return l[:min(len(l), 5)] }

// BenchmarkPostingsExtend builds the postings of 1M records the way a load
// does: chunks of 65536 rows, each row holding a unique symbol (a uid), one
// of 4096 (an address), one of 64 (a service) and one of 4 (a protocol),
// handed over as runs of a chunk's rows per symbol.
func BenchmarkPostingsExtend(b *testing.B) {
	const (
		records = 1 << 20
		chunk   = 1 << 16
	)
	type run struct {
		s    Sym
		base uint32
		offs []uint16
	}
	var runs []run
	nsyms := records + 4096 + 64 + 4
	for base := 0; base < records; base += chunk {
		byS := map[Sym][]uint16{}
		var order []Sym
		add := func(s Sym, r int) {
			if _, ok := byS[s]; !ok {
				order = append(order, s)
			}
			byS[s] = append(byS[s], uint16(r))
		}
		for r := range chunk {
			rec := base + r
			add(Sym(1+rec), r)
			add(Sym(1+records+(rec*2654435761)%4096), r)
			add(Sym(1+records+4096+rec%64), r)
			add(Sym(1+records+4096+64+rec%4), r)
		}
		for _, s := range order {
			runs = append(runs, run{s, uint32(base), byS[s]})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var p Postings
		p.Extend(nsyms, func(keep func(Sym) bool, emit func(Sym, uint32, []uint16)) {
			for _, r := range runs {
				if keep(r.s) {
					emit(r.s, r.base, r.offs)
				}
			}
		})
	}
	b.ReportMetric(float64(4*records)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mpostings/s")
}
