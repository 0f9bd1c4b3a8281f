// Package communityid computes Community ID v1 flow hashes, as specified in
// https://github.com/corelight/community-id-spec (README.md there, and the
// reference implementation pycommunityid, communityid/algo.py, icmp.py and
// icmp6.py).
//
// The hash is SHA-1 over, in network byte order:
//
//	seed (2 bytes) . saddr (4 or 16) . daddr (4 or 16) . proto (1) . 0 (1) [. sport (2) . dport (2)]
//
// after ordering the endpoints so that the smaller address (then port)
// comes first. Ports are hashed only for TCP, UDP, SCTP, ICMP and ICMPv6;
// for ICMP and ICMPv6 they are the message type and the counterpart type
// (or the code, for one-way messages, which are never reordered), as Zeek's
// ICMP analyzer does (zeek/src/analyzer/protocol/icmp/ICMP.cc,
// ICMP4_counterpart and ICMP6_counterpart). The result is "1:" followed by
// the base64 of the digest.
package communityid

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"net/netip"
)

// IP protocol numbers with ports (or port equivalents) in the hash.
const (
	ICMP   = 1
	TCP    = 6
	UDP    = 17
	ICMPv6 = 58
	SCTP   = 132
)

// icmpCounterpart maps the ICMP message types that have a request/reply
// counterpart to it (pycommunityid icmp.py).
var icmpCounterpart = map[uint16]uint16{
	8: 0, 0: 8, // echo, echo reply
	13: 14, 14: 13, // timestamp, timestamp reply
	15: 16, 16: 15, // information request, reply
	10: 9, 9: 10, // router solicitation, advertisement
	17: 18, 18: 17, // address mask request, reply
}

// icmp6Counterpart is icmpCounterpart for ICMPv6 (pycommunityid icmp6.py).
var icmp6Counterpart = map[uint16]uint16{
	128: 129, 129: 128, // echo request, reply
	130: 131, 131: 130, // multicast listener query, report
	133: 134, 134: 133, // router solicitation, advertisement
	135: 136, 136: 135, // neighbor solicitation, advertisement
	139: 140, 140: 139, // who-are-you request, reply
	144: 145, 145: 144, // home agent address discovery request, reply
}

// V1 returns the Community ID v1 of a flow: "1:" and 28 base64 characters.
// For ICMP (proto 1) and ICMPv6 (58), sport is the message type and dport
// the code. sport and dport are ignored for protocols other than TCP, UDP,
// SCTP, ICMP and ICMPv6, whose ids hash no ports. The direction of the flow
// does not matter, except for one-way ICMP messages (those without a
// counterpart type, such as destination unreachable). Addresses are hashed
// as given: 4 bytes for IPv4, 16 for IPv6 (including IPv4-mapped IPv6); an
// invalid (zero) [netip.Addr] adds no bytes.
func V1(seed uint16, saddr, daddr netip.Addr, sport, dport uint16, proto uint8) string {
	ports := true
	oneWay := false
	switch proto {
	case TCP, UDP, SCTP:
	case ICMP:
		sport, dport, oneWay = icmpPorts(icmpCounterpart, sport, dport)
	case ICMPv6:
		sport, dport, oneWay = icmpPorts(icmp6Counterpart, sport, dport)
	default:
		ports = false
	}
	var sa, da [16]byte
	s, d := addrBytes(&sa, saddr), addrBytes(&da, daddr)
	if !oneWay {
		c := bytes.Compare(s, d)
		if c > 0 || (c == 0 && ports && sport > dport) {
			s, d = d, s
			sport, dport = dport, sport
		}
	}
	var buf [2 + 16 + 16 + 2 + 4]byte
	b := binary.BigEndian.AppendUint16(buf[:0], seed)
	b = append(b, s...)
	b = append(b, d...)
	b = append(b, proto, 0)
	if ports {
		b = binary.BigEndian.AppendUint16(b, sport)
		b = binary.BigEndian.AppendUint16(b, dport)
	}
	sum := sha1.Sum(b)
	out := make([]byte, 2, 2+base64.StdEncoding.EncodedLen(len(sum)))
	out[0], out[1] = '1', ':'
	return string(base64.StdEncoding.AppendEncode(out, sum[:]))
}

// icmpPorts maps an ICMP type and code to port equivalents: the type and
// its counterpart, or the type and the code for a one-way message.
func icmpPorts(counterpart map[uint16]uint16, typ, code uint16) (sport, dport uint16, oneWay bool) {
	if c, ok := counterpart[typ]; ok {
		return typ, c, false
	}
	return typ, code, true
}

// addrBytes returns a's bytes in network byte order, stored in buf.
func addrBytes(buf *[16]byte, a netip.Addr) []byte {
	switch {
	case a.Is4():
		v := a.As4()
		copy(buf[:], v[:])
		return buf[:4]
	case a.Is6():
		*buf = a.As16()
		return buf[:]
	}
	return buf[:0]
}
