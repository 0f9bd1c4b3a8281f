package communityid

import (
	"encoding/base64"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vector is one entry of a Community ID baseline file.
type vector struct {
	Proto       uint8   `json:"proto"`
	Saddr       string  `json:"saddr"`
	Daddr       string  `json:"daddr"`
	Sport       *uint16 `json:"sport"` // nil for protocols without ports
	Dport       *uint16 `json:"dport"`
	CommunityID string  `json:"communityid"`
}

// readBaseline reads a baseline file of the specification.
func readBaseline(t *testing.T, name string) []vector {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(vs) == 0 {
		t.Fatalf("%s: no vectors", name)
	}
	return vs
}

// checkVectors checks every vector of a baseline with the given seed, and
// that it covers each protocol and both address families.
func checkVectors(t *testing.T, seed uint16, vs []vector) {
	t.Helper()
	protos := map[uint8]int{}
	families := map[string]int{}
	for i, v := range vs {
		saddr, daddr := netip.MustParseAddr(v.Saddr), netip.MustParseAddr(v.Daddr)
		var sport, dport uint16
		if v.Sport != nil {
			sport = *v.Sport
		}
		if v.Dport != nil {
			dport = *v.Dport
		}
		if got := V1(seed, saddr, daddr, sport, dport, v.Proto); got != v.CommunityID {
			t.Errorf("#%d V1(%d, %s, %s, %d, %d, %d) = %s, want %s",
				i, seed, saddr, daddr, sport, dport, v.Proto, got, v.CommunityID)
		}
		protos[v.Proto]++
		if saddr.Is4() {
			families["IPv4"]++
		} else {
			families["IPv6"]++
		}
	}
	for _, p := range []uint8{ICMP, TCP, UDP, ICMPv6, SCTP, 46} {
		if protos[p] == 0 {
			t.Errorf("no vector for protocol %d", p)
		}
	}
	if families["IPv4"] == 0 || families["IPv6"] == 0 {
		t.Errorf("address families covered: %v, want IPv4 and IPv6", families)
	}
	t.Logf("%d vectors with seed %d", len(vs), seed)
}

// TestV1Baseline checks every vector of the specification's baselines: the
// shared copy in $ZHUNT_SHARED/community-id (skipped without ZHUNT_SHARED
// unless CI is set) and the copies in testdata (README there).
func TestV1Baseline(t *testing.T) {
	tests := []struct {
		name   string
		shared bool
		file   string
		seed   uint16
	}{
		{"Shared", true, "baseline_deflt.json", 0},
		{"Default", false, "testdata/baseline_deflt.json", 0},
		{"Seed1", false, "testdata/baseline_seed1.json", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.file
			if tt.shared {
				dir := os.Getenv("ZHUNT_SHARED")
				if dir == "" {
					if os.Getenv("CI") != "" {
						t.Fatal("ZHUNT_SHARED is not set; .ci/run sets it to ../shared")
					}
					t.Skip("ZHUNT_SHARED not set")
				}
				name = filepath.Join(dir, "community-id", tt.file)
			}
			checkVectors(t, tt.seed, readBaseline(t, name))
		})
	}
}

// TestV1 covers the rules one at a time. The ids were computed once with
// Python's hashlib over the spec's byte layout, each tuple written in the
// order the spec puts it (smaller endpoint first; a one-way ICMP message as
// sent; no ports for ESP):
//
//	python3 -c 'import hashlib,base64,struct,ipaddress as I
//	def c(seed,s,d,p,sp=None,dp=None):
//	  b=struct.pack("!H",seed)+I.ip_address(s).packed+I.ip_address(d).packed+bytes([p,0])
//	  if sp is not None: b+=struct.pack("!HH",sp,dp)
//	  return "1:"+base64.b64encode(hashlib.sha1(b).digest()).decode()
//	print(c(0x0102,"10.0.0.1","127.0.0.1",6,1234,80))  # seed 258 big-endian
//	print(c(0x0201,"10.0.0.1","127.0.0.1",6,1234,80))  # the byte-swapped seed
//	print(c(0,"10.0.0.1","10.0.0.1",17,53,5353))        # equal addresses: ports decide
//	print(c(0,"10.0.0.2","10.0.0.1",1,3,1))             # one-way ICMP: never swapped
//	print(c(0,"10.0.0.1","10.0.0.2",50))'               # ESP: no ports
//
// which printed the want values below in order.
func TestV1(t *testing.T) {
	a1, a2 := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("127.0.0.1")
	b1, b2 := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")
	tests := []struct {
		name         string
		seed         uint16
		saddr, daddr netip.Addr
		sport, dport uint16
		proto        uint8
		want         string
	}{
		{"SeedBigEndian", 0x0102, a1, a2, 1234, 80, TCP, "1:u7C50bUgOVXalGHx53LFmsDYtZQ="},
		{"SeedBigEndianReversed", 0x0102, a2, a1, 80, 1234, TCP, "1:u7C50bUgOVXalGHx53LFmsDYtZQ="},
		{"SeedByteSwapped", 0x0201, a1, a2, 1234, 80, TCP, "1:Qxl6iHrsrDgPPd/paQ+Ti7TdyyI="},
		{"EqualAddrsPortsDecide", 0, b1, b1, 53, 5353, UDP, "1:sCyZhtPm4SZ/tmuWENUtwFFzmZM="},
		{"EqualAddrsPortsDecideReversed", 0, b1, b1, 5353, 53, UDP, "1:sCyZhtPm4SZ/tmuWENUtwFFzmZM="},
		{"ICMPOneWayNotSwapped", 0, b2, b1, 3, 1, ICMP, "1:JHjlyD5IJJjl3wHWOMj46lLWZag="},
		{"NoPortsIgnored", 0, b1, b2, 7, 9, 50, "1:dX+1pd7Z9Y9hJE/IuQlfvK7bxuA="},
		{"NoPortsReversed", 0, b2, b1, 0, 0, 50, "1:dX+1pd7Z9Y9hJE/IuQlfvK7bxuA="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := V1(tt.seed, tt.saddr, tt.daddr, tt.sport, tt.dport, tt.proto); got != tt.want {
				t.Errorf("V1 = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestV1_SeedMatters checks that each seed gives its own id.
func TestV1_SeedMatters(t *testing.T) {
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	seen := map[string]uint16{}
	for _, seed := range []uint16{0, 1, 0x0100, 0x0101, 0xffff} {
		id := V1(seed, a, b, 1, 2, TCP)
		if prev, ok := seen[id]; ok {
			t.Errorf("seeds %d and %d give the same id %s", prev, seed, id)
		}
		seen[id] = seed
	}
}

// FuzzV1 checks that V1 never panics, always gives "1:" and 28 base64
// characters of a 20-byte digest, and ignores the direction of two-way flows.
func FuzzV1(f *testing.F) {
	f.Add(uint16(0), []byte{10, 0, 0, 1}, []byte{10, 0, 0, 2}, uint16(1234), uint16(80), uint8(TCP))
	f.Add(uint16(1), make([]byte, 16), []byte{0xfe, 0x80, 15: 1}, uint16(135), uint16(136), uint8(ICMPv6))
	f.Add(uint16(7), []byte{192, 168, 0, 1}, []byte{}, uint16(8), uint16(0), uint8(ICMP))
	f.Add(uint16(0), []byte{1, 2, 3, 4}, []byte{1, 2, 3, 4}, uint16(9), uint16(9), uint8(46))
	f.Fuzz(func(t *testing.T, seed uint16, s, d []byte, sport, dport uint16, proto uint8) {
		saddr, _ := netip.AddrFromSlice(s) // invalid for other lengths: allowed
		daddr, _ := netip.AddrFromSlice(d)
		got := V1(seed, saddr, daddr, sport, dport, proto)
		rest, ok := strings.CutPrefix(got, "1:")
		if !ok || len(rest) != 28 {
			t.Fatalf("V1 = %q, want 1: and 28 characters", got)
		}
		if sum, err := base64.StdEncoding.DecodeString(rest); err != nil || len(sum) != 20 {
			t.Fatalf("V1 = %q: not the base64 of 20 bytes (%d, %v)", got, len(sum), err)
		}
		oneWay := false
		switch proto {
		case ICMP:
			_, ok := icmpCounterpart[sport]
			oneWay = !ok
		case ICMPv6:
			_, ok := icmp6Counterpart[sport]
			oneWay = !ok
		}
		if oneWay {
			return
		}
		// The reply direction: for ICMP, the counterpart type answers.
		rs, rd := dport, sport
		switch proto {
		case ICMP:
			rs, rd = icmpCounterpart[sport], 0
		case ICMPv6:
			rs, rd = icmp6Counterpart[sport], 0
		}
		if back := V1(seed, daddr, saddr, rs, rd, proto); back != got {
			t.Fatalf("V1 reversed = %s, want %s", back, got)
		}
	})
}
