package luaapi

// zeek.community_id and the community id form of zeek.pivot.

import (
	"fmt"
	"math"
	"net/netip"
	"slices"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/engine/communityid"
)

// optSeed reads the optional seed at argument n: 0 to 65535, default 0.
func optSeed(L *lua.LState, n int) uint16 {
	v := L.Get(n)
	if v == lua.LNil {
		return 0
	}
	f, ok := v.(lua.LNumber)
	if !ok || float64(f) != math.Trunc(float64(f)) || f < 0 || f > math.MaxUint16 {
		L.ArgError(n, "seed must be an integer from 0 to 65535")
	}
	return uint16(f)
}

// zeek.community_id(x [, seed]) -> string, or nil and a message
//
// x is a record or a table {saddr=, daddr=, sport=, dport=, proto=} with
// proto an IP protocol number (for ICMP, sport and dport are type and code).
func (h *host) zeekCommunityID(L *lua.LState) int {
	seed := optSeed(L, 2)
	var (
		cid string
		msg string
	)
	switch x := L.Get(1).(type) {
	case *lua.LUserData:
		id := h.checkRec(L, 1)
		var ok bool
		if cid, ok = h.eng.CommunityID(id, seed); !ok {
			msg = fmt.Sprintf("%s record: no community id (it needs id.orig_h, id.orig_p, id.resp_h, id.resp_p and a known proto, its own or its conn record's)", h.eng.Path(id))
		}
	case *lua.LTable:
		cid, msg = tupleCommunityID(x, seed)
	default:
		L.ArgError(1, "record or table expected, got "+L.Get(1).Type().String())
	}
	if msg != "" {
		L.Push(lua.LNil)
		L.Push(lua.LString(msg))
		return 2
	}
	L.Push(lua.LString(cid))
	return 1
}

// tupleCommunityID computes the id of a flow table, or says why it cannot.
func tupleCommunityID(t *lua.LTable, seed uint16) (cid, msg string) {
	addr := func(key string) (netip.Addr, string) {
		s, ok := t.RawGetString(key).(lua.LString)
		if !ok {
			return netip.Addr{}, fmt.Sprintf("%s: address expected, got %s", key, t.RawGetString(key).Type())
		}
		a, err := netip.ParseAddr(string(s))
		if err != nil {
			return a, fmt.Sprintf("%s: not an IP address: %q", key, string(s))
		}
		return a, ""
	}
	number := func(key string, max float64, required bool) (uint64, string) {
		v := t.RawGetString(key)
		if v == lua.LNil && !required {
			return 0, ""
		}
		f, ok := v.(lua.LNumber)
		if !ok || float64(f) != math.Trunc(float64(f)) || f < 0 || float64(f) > max {
			return 0, fmt.Sprintf("%s: integer from 0 to %.0f expected, got %s", key, max, v.String())
		}
		return uint64(f), ""
	}
	saddr, msg := addr("saddr")
	if msg != "" {
		return "", msg
	}
	daddr, msg := addr("daddr")
	if msg != "" {
		return "", msg
	}
	proto, msg := number("proto", math.MaxUint8, true)
	if msg != "" {
		return "", msg
	}
	// Ports are required where the spec hashes them, optional elsewhere.
	ports := slices.Contains([]uint64{communityid.ICMP, communityid.TCP, communityid.UDP, communityid.ICMPv6, communityid.SCTP}, proto)
	sport, msg := number("sport", math.MaxUint16, ports)
	if msg != "" {
		return "", msg
	}
	dport, msg := number("dport", math.MaxUint16, ports)
	if msg != "" {
		return "", msg
	}
	return communityid.V1(seed, saddr, daddr, uint16(sport), uint16(dport), uint8(proto)), ""
}

// pivotCommunityID is zeek.pivot(cid [, {seed=, paths=, fields=}]) for a
// value that looks like a community id ("1:..."): the records of its flows
// (see [engine.Engine.PivotCommunityID], with opts.seed, default 0) and, as
// for any value, the records holding it in a field; opts.paths restricts
// both. With opts.fields, only records holding the value in those fields.
func (h *host) pivotCommunityID(L *lua.LState, cid string) int {
	var opts engine.PivotOptions
	var seed uint16
	if t := L.OptTable(2, nil); t != nil {
		opts.Paths = stringList(L, t.RawGetString("paths"), "pivot paths")
		opts.Fields = stringList(L, t.RawGetString("fields"), "pivot fields")
		if v := t.RawGetString("seed"); v != lua.LNil {
			f, ok := v.(lua.LNumber)
			if !ok || float64(f) != math.Trunc(float64(f)) || f < 0 || f > math.MaxUint16 {
				L.RaiseError("pivot seed must be an integer from 0 to 65535")
			}
			seed = uint16(f)
		}
	}
	ids := h.eng.Pivot(cid, opts)
	if len(opts.Fields) == 0 {
		for _, id := range h.eng.PivotCommunityID(cid, seed) {
			if (len(opts.Paths) == 0 || slices.Contains(opts.Paths, h.eng.Path(id))) && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		h.eng.Sort(ids)
	}
	L.Push(h.recArray(L, ids))
	return 1
}
