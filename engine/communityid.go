package engine

// Community IDs of Zeek records (engine/communityid has the hash). A record
// names its flow with id.orig_h, id.orig_p, id.resp_h and id.resp_p; the IP
// protocol comes from its proto field (Zeek's transport_proto enum: tcp,
// udp, icmp, unknown_transport), else from the conn record of its uid. For
// ICMP, Zeek logs the message type as id.orig_p and the counterpart type
// (or the code, for one-way messages) as id.resp_p
// (zeek/src/analyzer/protocol/icmp/ICMP.cc, ICMP4_counterpart), and proto
// "icmp" for ICMPv6 too: an IPv6 address makes it protocol 58.

import (
	"math"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/zhunt/zhunt/engine/communityid"
	"github.com/zhunt/zhunt/engine/zeeklog"
)

// communityIDField is the field in which Zeek's community-id package (and
// Corelight sensors) log the id.
const communityIDField = "community_id"

// communityIDCache maps, per seed, community ids to the uids of the conn
// records of the flow. Each seed's map is built once, on first use, and
// built again when records were loaded since.
type communityIDCache struct {
	mu     sync.Mutex
	bySeed map[uint16]*communityIDMap
}

// communityIDMap is one seed's map; once guards its building.
type communityIDMap struct {
	once sync.Once
	n    RecID               // records loaded when the map was made
	uids map[string][]string // community id -> conn uids, in load order
}

// conns returns the map for a seed, building it if needed.
func (c *communityIDCache) conns(e *Engine, seed uint16) map[string][]string {
	c.mu.Lock()
	if c.bySeed == nil {
		c.bySeed = map[uint16]*communityIDMap{}
	}
	m := c.bySeed[seed]
	if m == nil || m.n != e.n {
		m = &communityIDMap{n: e.n}
		c.bySeed[seed] = m
	}
	c.mu.Unlock()
	m.once.Do(func() {
		m.uids = map[string][]string{}
		for _, s := range e.segmentsOf("conn") {
			for r := 0; r < s.n; r++ {
				id := s.first + RecID(r)
				cid, ok := e.CommunityID(id, seed)
				if !ok {
					continue
				}
				uid := e.Get(id, "uid")
				if uid.Unset || !uid.Type.Kind.IsText() {
					continue
				}
				u := string(e.Text(uid.Sym))
				if !slices.Contains(m.uids[cid], u) {
					m.uids[cid] = append(m.uids[cid], u)
				}
			}
		}
	})
	return m.uids
}

// CommunityID returns the Community ID v1 (see [communityid.V1]) of the flow
// a record names by id.orig_h, id.orig_p, id.resp_h and id.resp_p, with the
// given seed (0 unless the sensors were configured otherwise). The IP
// protocol is the record's proto field (tcp, udp, icmp, sctp, or a number)
// or, when the record has none, that of the conn record of its uid. It
// returns false when a field is missing, unset or invalid, or the protocol
// is unknown (unknown_transport).
func (e *Engine) CommunityID(id RecID, seed uint16) (string, bool) {
	saddr, ok1 := e.addrField(id, "id.orig_h")
	daddr, ok2 := e.addrField(id, "id.resp_h")
	sport, ok3 := e.portField(id, "id.orig_p")
	dport, ok4 := e.portField(id, "id.resp_p")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return "", false
	}
	ipv6 := saddr.Is6() && !saddr.Is4In6()
	proto, known, ok := e.protoField(id, ipv6)
	if !known {
		ok = false
		if uid := e.Get(id, "uid"); !uid.Unset && uid.Type.Kind.IsText() {
			conns := e.Pivot(string(e.Text(uid.Sym)), PivotOptions{Paths: []string{"conn"}, Fields: []string{"uid"}})
			for _, c := range conns {
				if proto, known, ok = e.protoField(c, ipv6); known {
					break
				}
			}
		}
	}
	if !ok {
		return "", false
	}
	return communityid.V1(seed, saddr, daddr, sport, dport, proto), true
}

// addrField reads an address field.
func (e *Engine) addrField(id RecID, field string) (netip.Addr, bool) {
	v := e.Get(id, field)
	if v.Unset || v.Type.Container != zeeklog.Scalar || !v.Type.Kind.IsText() {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(string(e.Text(v.Sym)))
	return a, err == nil
}

// portField reads a port field: a port or count, or a whole number in an
// int or double column (JSON logs read without a schema).
func (e *Engine) portField(id RecID, field string) (uint16, bool) {
	v := e.Get(id, field)
	if v.Unset || v.Type.Container != zeeklog.Scalar {
		return 0, false
	}
	switch v.Type.Kind {
	case zeeklog.KindPort, zeeklog.KindCount:
		return uint16(v.Uint()), v.Uint() <= math.MaxUint16
	case zeeklog.KindInt:
		return uint16(v.Int()), v.Int() >= 0 && v.Int() <= math.MaxUint16
	case zeeklog.KindDouble:
		f := v.Float()
		return uint16(f), f >= 0 && f <= math.MaxUint16 && f == math.Trunc(f)
	}
	return 0, false
}

// protoField reads a record's IP protocol from its proto field. known is
// false when the record has no proto value (absent or unset); ok is false
// when the protocol is not one a community id can be computed for.
func (e *Engine) protoField(id RecID, ipv6 bool) (proto uint8, known, ok bool) {
	v := e.Get(id, "proto")
	if v.Unset || v.Type.Container != zeeklog.Scalar {
		return 0, false, false
	}
	switch v.Type.Kind {
	case zeeklog.KindCount:
		return uint8(v.Uint()), true, v.Uint() <= math.MaxUint8
	case zeeklog.KindInt:
		return uint8(v.Int()), true, v.Int() >= 0 && v.Int() <= math.MaxUint8
	}
	if !v.Type.Kind.IsText() {
		return 0, true, false
	}
	switch strings.ToLower(string(e.Text(v.Sym))) {
	case "tcp":
		return communityid.TCP, true, true
	case "udp":
		return communityid.UDP, true, true
	case "sctp":
		return communityid.SCTP, true, true
	case "icmp":
		if ipv6 {
			return communityid.ICMPv6, true, true
		}
		return communityid.ICMP, true, true
	}
	return 0, true, false
}

// PivotCommunityID returns every record of the flows with a community id,
// ordered by [Engine.Sort]: the records holding it in a community_id field,
// and every record naming the uid of one of them or of a conn record whose
// computed id (with the given seed, see [Engine.CommunityID]) is cid. The
// ids of the conn records are computed once per seed and kept until more
// records are loaded.
func (e *Engine) PivotCommunityID(cid string, seed uint16) []RecID {
	if cid == "" {
		return nil
	}
	var uids []string
	addUID := func(u string) {
		if !slices.Contains(uids, u) {
			uids = append(uids, u)
		}
	}
	var set recSet
	add := set.add
	var paths []string
	for p, l := range e.logs {
		if _, ok := l.fieldAt[communityIDField]; ok {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		slices.Sort(paths)
		held := e.Pivot(cid, PivotOptions{Paths: paths, Fields: []string{communityIDField}})
		add(held)
		for _, id := range held {
			if uid := e.Get(id, "uid"); !uid.Unset && uid.Type.Kind.IsText() {
				addUID(string(e.Text(uid.Sym)))
			}
		}
	}
	for _, u := range e.cids.conns(e, seed)[cid] {
		addUID(u)
	}
	for _, u := range uids {
		add(e.Pivot(u, PivotOptions{}))
	}
	e.Sort(set.ids)
	return set.ids
}
