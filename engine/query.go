package engine

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

// AllLogs is the path that stands for every loaded log in [Engine.Find].
const AllLogs = "*"

// segmentsOf returns the segments of a path, or of every log for [AllLogs].
func (e *Engine) segmentsOf(path string) []*segment {
	if path == AllLogs {
		return e.segs
	}
	if l := e.logs[path]; l != nil {
		return l.segs
	}
	return nil
}

// Find returns the records of path (or [AllLogs]) that satisfy every
// condition, in load order (none when a condition has no value). When a condition names a text value, its
// postings narrow the search; otherwise the path's records are scanned.
func (e *Engine) Find(path string, conds []Cond) []RecID {
	for _, c := range conds {
		if len(c.Values) == 0 {
			return nil // any of no value: nothing matches
		}
	}
	cc := e.compile(conds)
	// The narrowest posting list among single-string conditions drives.
	var best []uint32
	bestSet := false
	for i := range cc {
		c := &cc[i]
		allText := len(c.lits) > 0
		var union []uint32
		for j, l := range c.lits {
			if l.Kind != LitString || l.Op != Eq {
				allText = false
				break
			}
			union = append(union, e.post.Get(c.syms[j])...)
		}
		if !allText || !e.fieldIsText(path, c.field) {
			continue
		}
		if len(c.lits) > 1 {
			slices.Sort(union)
			union = slices.Compact(union)
		}
		if !bestSet || len(union) < len(best) {
			best, bestSet = union, true
		}
	}
	var out []RecID
	if bestSet {
		cur := cursor{e: e}
		for _, id := range best {
			s, r := cur.at(RecID(id))
			if (path == AllLogs || s.log.path == path) && s.matchRow(e, r, cc) {
				out = append(out, RecID(id))
			}
		}
		return out
	}
	for _, s := range e.segmentsOf(path) {
		for r := 0; r < s.n; r++ {
			if s.matchRow(e, r, cc) {
				out = append(out, s.first+RecID(r))
			}
		}
	}
	if path != AllLogs {
		slices.Sort(out)
	}
	return out
}

// fieldIsText reports whether field has a text kind in every segment of path
// that has it (so that postings cover it).
func (e *Engine) fieldIsText(path, field string) bool {
	if field == PathField {
		return false // not posted: a scan decides
	}
	for _, s := range e.segmentsOf(path) {
		if ci, ok := s.byName[field]; ok && !s.cols[ci].text {
			return false
		}
	}
	return true
}

// FindFunc returns the records of path (or [AllLogs]) for which keep returns
// true, in load order. keep may return an error to stop the scan.
func (e *Engine) FindFunc(path string, keep func(RecID) (bool, error)) ([]RecID, error) {
	var out []RecID
	for _, s := range e.segmentsOf(path) {
		for r := 0; r < s.n; r++ {
			id := s.first + RecID(r)
			ok, err := keep(id)
			if err != nil {
				return out, err
			}
			if ok {
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// All returns every record of a path (or [AllLogs]).
func (e *Engine) All(path string) []RecID {
	var out []RecID
	for _, s := range e.segmentsOf(path) {
		for r := 0; r < s.n; r++ {
			out = append(out, s.first+RecID(r))
		}
	}
	return out
}

// PivotOptions restricts a pivot to some log paths and/or fields.
type PivotOptions struct {
	Paths  []string
	Fields []string
}

// Pivot returns every record that holds value in any text field or
// container element, ordered by [Engine.Sort]. Values are matched exactly
// (case-sensitive).
func (e *Engine) Pivot(value string, opts PivotOptions) []RecID {
	sym, ok := e.strs.Lookup([]byte(value))
	if !ok {
		return nil
	}
	var out []RecID
	cur := cursor{e: e}
	for _, id := range e.post.Get(sym) {
		s, r := cur.at(RecID(id))
		if len(opts.Paths) > 0 && !slices.Contains(opts.Paths, s.log.path) {
			continue
		}
		if len(opts.Fields) > 0 && !s.holdsIn(r, sym, opts.Fields) {
			continue
		}
		out = append(out, RecID(id))
	}
	e.Sort(out)
	return out
}

// holdsIn reports whether row r has sym in one of the named fields.
func (s *segment) holdsIn(r int, sym index.Sym, fields []string) bool {
	for _, f := range fields {
		ci, ok := s.byName[f]
		if !ok || !s.cols[ci].text {
			continue
		}
		v := s.value(ci, r)
		if v.Sym == sym || slices.Contains(v.Syms, sym) {
			return true
		}
	}
	return false
}

// pathRank orders the logs of a certificate walk first.
func pathRank(p string) int {
	switch p {
	case "conn":
		return 0
	case "ssl":
		return 1
	case "x509":
		return 2
	case "files":
		return 3
	case "notice":
		return 4
	}
	return 5
}

// Sort orders records as pivots return them: conn, ssl, x509, files, notice,
// then the other logs by path name; within a log by ts (records without ts
// last), then load order.
func (e *Engine) Sort(ids []RecID) {
	type key struct {
		rank int
		path string
		ts   int64
		has  bool
		id   RecID
	}
	keys := make([]key, len(ids))
	for i, id := range ids {
		s, r := e.locate(id)
		ts, has := s.tsMicros(r)
		keys[i] = key{pathRank(s.log.path), s.log.path, ts, has, id}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(a.path, b.path); c != 0 {
			return c
		}
		if a.has != b.has {
			if a.has {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.ts, b.ts); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for i := range keys {
		ids[i] = keys[i].id
	}
}

// GroupOptions tunes [Engine.Group].
type GroupOptions struct {
	// Distinct, when set, counts the distinct values of this field per group.
	Distinct string
	// Explode counts each element of a container key separately.
	Explode bool
}

// Group is one group of records sharing the same key values.
type Group struct {
	Keys     []Value // one per key field; Unset for records without a value
	Count    int
	Distinct int
	First    RecID // a record of the group
}

// Group counts records by the values of the key fields, sorted by count
// descending, then by key ascending (unset keys last).
func (e *Engine) Group(ids []RecID, keys []string, opts GroupOptions) []Group {
	type acc struct {
		g        Group
		distinct map[string]struct{}
	}
	groups := map[string]*acc{}
	var order []string
	var kb, db []byte
	add := func(id RecID, vals []Value) {
		kb = kb[:0]
		for _, v := range vals {
			kb = appendKey(kb, v)
		}
		a := groups[string(kb)]
		if a == nil {
			a = &acc{g: Group{Keys: slices.Clone(vals), First: id}}
			if opts.Distinct != "" {
				a.distinct = map[string]struct{}{}
			}
			groups[string(kb)] = a
			order = append(order, string(kb))
		}
		a.g.Count++
		if opts.Distinct != "" {
			db = appendKey(db[:0], e.Get(id, opts.Distinct))
			if _, ok := a.distinct[string(db)]; !ok { // a lookup by string(db) does not allocate
				a.distinct[string(db)] = struct{}{}
			}
		}
	}
	vals := make([]Value, len(keys))
	cur := cursor{e: e}
	for _, id := range ids {
		s, r := cur.at(id)
		explodeAt := -1
		for i, k := range keys {
			s.field(&vals[i], k, r)
			if opts.Explode && vals[i].Type.Container != zeeklog.Scalar && !vals[i].Unset && explodeAt < 0 {
				explodeAt = i
			}
		}
		if explodeAt < 0 {
			add(id, vals)
			continue
		}
		whole := vals[explodeAt]
		for j := 0; j < whole.Len(); j++ {
			vals[explodeAt] = whole.Elem(j)
			add(id, vals)
		}
	}
	out := make([]Group, 0, len(groups))
	for _, k := range order {
		a := groups[k]
		a.g.Distinct = len(a.distinct)
		out = append(out, a.g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		for k := range out[i].Keys {
			if c := e.compareValues(out[i].Keys[k], out[j].Keys[k]); c != 0 {
				return c < 0
			}
		}
		return false
	})
	return out
}

// appendKey encodes a value so that equal values encode alike.
func appendKey(b []byte, v Value) []byte {
	if v.Unset {
		return append(b, 'u')
	}
	if v.Type.Container != zeeklog.Scalar {
		b = append(b, 'c')
		b = binary.AppendUvarint(b, uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			b = appendKey(b, v.Elem(i))
		}
		return b
	}
	if v.Type.Kind.IsText() {
		b = append(b, 't')
		return binary.LittleEndian.AppendUint32(b, uint32(v.Sym))
	}
	b = append(b, 'n', byte(v.Type.Kind))
	return binary.LittleEndian.AppendUint64(b, v.Bits)
}

// compareValues orders two values: unset last, text bytewise, numbers by
// value, containers element by element.
func (e *Engine) compareValues(a, b Value) int {
	if a.Unset || b.Unset {
		switch {
		case a.Unset && b.Unset:
			return 0
		case a.Unset:
			return 1
		}
		return -1
	}
	if a.Type.Container != zeeklog.Scalar || b.Type.Container != zeeklog.Scalar {
		for i := 0; i < min(a.Len(), b.Len()); i++ {
			if c := e.compareValues(a.Elem(i), b.Elem(i)); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Len(), b.Len())
	}
	if a.Type.Kind.IsText() && b.Type.Kind.IsText() {
		return bytes.Compare(e.strs.Bytes(a.Sym), e.strs.Bytes(b.Sym))
	}
	if a.Type.Kind.IsText() != b.Type.Kind.IsText() {
		if a.Type.Kind.IsText() {
			return 1
		}
		return -1
	}
	if a.Type.Kind == b.Type.Kind {
		switch a.Type.Kind {
		case zeeklog.KindCount, zeeklog.KindPort, zeeklog.KindBool:
			return cmp.Compare(a.Bits, b.Bits)
		case zeeklog.KindInt, zeeklog.KindTime:
			return cmp.Compare(int64(a.Bits), int64(b.Bits))
		}
	}
	return cmp.Compare(numeric(a), numeric(b))
}

// numeric returns a value as float64, for ordering values of different
// kinds (same-kind integers are compared exactly before this is used).
func numeric(v Value) float64 {
	switch v.Type.Kind {
	case zeeklog.KindCount, zeeklog.KindPort:
		return float64(v.Bits)
	case zeeklog.KindInt, zeeklog.KindTime:
		return float64(int64(v.Bits))
	case zeeklog.KindDouble, zeeklog.KindInterval:
		return math.Float64frombits(v.Bits)
	}
	return float64(v.Bits)
}

// certIDFields are the ssl fields that name certificates: file ids before
// Zeek 4.1, SHA256 fingerprints after.
var certIDFields = []string{"cert_chain_fuids", "client_cert_chain_fuids", "cert_chain_fps", "client_cert_chain_fps"}

// Cert returns the x509 records of a certificate named by its file id
// (x509.id, Zeek < 4.1) or its fingerprint (x509.fingerprint, Zeek >= 4.1).
func (e *Engine) Cert(id string) []RecID {
	return e.Pivot(id, PivotOptions{Paths: []string{"x509"}, Fields: []string{"id", "fingerprint"}})
}

// CertIDs returns the certificate ids (fuids or fingerprints) an ssl record
// names, leaf first, server chain before client chain.
func (e *Engine) CertIDs(id RecID) []string {
	var out []string
	for _, f := range certIDFields {
		v := e.Get(id, f)
		for _, s := range v.Syms {
			if s != 0 {
				out = append(out, string(e.strs.Bytes(s)))
			}
		}
	}
	return out
}

// Chain returns the records of one connection: conn, ssl, the x509 and files
// records of the certificates its ssl records name (by fuid or fingerprint),
// notice, then every other record naming the uid; ordered by [Engine.Sort].
// Where x509.log repeats a certificate (Zeek without deduplication logs it
// at every sighting), the chain keeps the one row logged last before the
// session (or the first, when none precedes it).
func (e *Engine) Chain(uid string) []RecID {
	var set recSet
	add := set.add
	byUID := e.Pivot(uid, PivotOptions{})
	add(byUID)
	for _, id := range byUID {
		if e.Path(id) != "ssl" {
			continue
		}
		at, hasTS := e.TS(id)
		for _, cid := range e.CertIDs(id) {
			if certs := e.Cert(cid); len(certs) > 0 {
				add([]RecID{e.sightingBefore(certs, at, hasTS)})
			}
			add(e.Pivot(cid, PivotOptions{Paths: []string{"files"}, Fields: []string{"fuid"}}))
		}
	}
	e.Sort(set.ids)
	return set.ids
}

// recSet collects record ids once each, in the order first added.
type recSet struct {
	seen map[RecID]bool
	ids  []RecID
}

func (s *recSet) add(ids []RecID) {
	if s.seen == nil {
		s.seen = map[RecID]bool{}
	}
	for _, id := range ids {
		if !s.seen[id] {
			s.seen[id] = true
			s.ids = append(s.ids, id)
		}
	}
}

// sightingBefore picks, among records sorted by ts, the last one at or
// before ts, or the first one.
func (e *Engine) sightingBefore(ids []RecID, ts int64, hasTS bool) RecID {
	best := ids[0]
	if !hasTS {
		return best
	}
	for _, id := range ids {
		if t, ok := e.TS(id); ok && t <= ts {
			best = id
		}
	}
	return best
}

// DescribeValue renders a value for messages.
func (e *Engine) DescribeValue(v Value) string {
	if v.Type.Container == zeeklog.Scalar || v.Unset {
		return e.ScalarText(v)
	}
	b := []byte{}
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.ScalarText(v.Elem(i))...)
	}
	return fmt.Sprintf("[%s]", b)
}
