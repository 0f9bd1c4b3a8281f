package engine

import (
	"math/big"
	"strconv"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

// Stats summarises one numeric field over records.
type Stats struct {
	N     int      // values counted (set values; container elements each)
	Unset int      // records where the field is unset or absent
	Sum   *big.Int // exact sum of count and int values (nil for other kinds)
	FSum  float64  // sum as a double, for every numeric kind
	Min   Value    // smallest value (Unset when N == 0)
	Max   Value    // largest value
}

// SumText renders the sum exactly: an integer sum in full, a double sum as
// Go's shortest representation.
func (s Stats) SumText() string {
	if s.Sum != nil {
		return s.Sum.String()
	}
	return strconv.FormatFloat(s.FSum, 'f', -1, 64)
}

// Stats counts, sums and bounds the values of field over the records.
// Container elements count one by one; counts sum exactly (no uint64
// overflow: the sum is a big integer).
func (e *Engine) Stats(ids []RecID, field string) Stats {
	st := Stats{Min: Value{Unset: true}, Max: Value{Unset: true}}
	add := func(v Value) {
		if v.Unset {
			return
		}
		st.N++
		switch v.Type.Kind {
		case zeeklog.KindCount, zeeklog.KindPort:
			if st.Sum == nil {
				st.Sum = new(big.Int)
			}
			st.Sum.Add(st.Sum, new(big.Int).SetUint64(v.Bits))
			st.FSum += float64(v.Bits)
		case zeeklog.KindInt:
			if st.Sum == nil {
				st.Sum = new(big.Int)
			}
			st.Sum.Add(st.Sum, big.NewInt(v.Int()))
			st.FSum += float64(v.Int())
		case zeeklog.KindDouble, zeeklog.KindInterval:
			st.FSum += v.Float()
		case zeeklog.KindTime:
			st.FSum += float64(v.Micros()) / 1e6
		}
		if st.Min.Unset || e.compareValues(v, st.Min) < 0 {
			st.Min = v
		}
		if st.Max.Unset || e.compareValues(v, st.Max) > 0 {
			st.Max = v
		}
	}
	for _, id := range ids {
		v := e.Get(id, field)
		if v.Unset {
			st.Unset++
			continue
		}
		if v.Type.Container == zeeklog.Scalar {
			add(v)
			continue
		}
		for i := 0; i < v.Len(); i++ {
			add(v.Elem(i))
		}
	}
	return st
}
