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
			batches: [][][2]uint32{{{1, 0}, {2, 1}}, {{1, 7}, {3, 8}, {2, 1}}},
			want:    map[Sym][]uint32{1: {0, 7}, 2: {1}, 3: {8}},
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
				for _, pr := range batch {
					p.Add(Sym(pr[0]), pr[1])
				}
				p.Finish(4)
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
