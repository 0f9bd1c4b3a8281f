package luaapi

import (
	"strings"
	"testing"

	"github.com/zhunt/zhunt/render"
)

// The ids of testdata/walk flows were computed once with an independent
// Python implementation of the spec (the command is in
// engine/communityid_test.go); the others are vectors of the spec's
// baselines (engine/communityid/testdata: baseline_deflt.json, seed 0, and
// baseline_seed1.json, seed 1).
const (
	cidSelfSigned      = "1:UbCwftcGaLGkfYN9aVaRVH6fvbc=" // Cv72V4sYGURwuEO1V: 192.0.2.13:40112 -> 203.0.113.40:8443 tcp
	cidSelfSignedSeed1 = "1:ZBjXXV8lzB+CxTfA4FF0BbGOXvU="
)

func TestZeekCommunityID(t *testing.T) {
	tests := []struct {
		name string
		lua  string
		want string // printed output
	}{
		{"Record", `print(zeek.community_id(zeek.find("ssl", {uid = "Cv72V4sYGURwuEO1V"})[1]))`, cidSelfSigned + "\n"},
		{"RecordSeed", `print(zeek.community_id(zeek.find("notice", {uid = "Cv72V4sYGURwuEO1V"})[1], 1))`, cidSelfSignedSeed1 + "\n"},
		{"Table", `print(zeek.community_id({saddr = "192.0.2.13", daddr = "203.0.113.40", sport = 40112, dport = 8443, proto = 6}))`,
			cidSelfSigned + "\n"},
		{"TableReversed", `print(zeek.community_id({saddr = "203.0.113.40", daddr = "192.0.2.13", sport = 8443, dport = 40112, proto = 6}))`,
			cidSelfSigned + "\n"},
		{"TableICMPv6", `print(zeek.community_id({saddr = "fe80::200:86ff:fe05:80da", daddr = "fe80::260:97ff:fe07:69ea", sport = 135, dport = 136, proto = 58}))`,
			"1:dGHyGvjMfljg6Bppwm3bg0LO8TY=\n"},
		{"TableNoPorts", `print(zeek.community_id({saddr = "10.1.12.1", daddr = "10.1.12.2", proto = 46}))`,
			"1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=\n"},
		{"TableNoPortsSeed1", `print(zeek.community_id({saddr = "10.1.12.2", daddr = "10.1.12.1", proto = 46}, 1))`,
			"1:rYir8gphR31noO9iDRQmF/BteEI=\n"},
		{"RecordWithoutFlow", `print(zeek.community_id(zeek.find("files", {fuid = "FjYkvEd8IBW7T0P7jo"})[1]))`,
			"nil\tfiles record: no community id (it needs id.orig_h, id.orig_p, id.resp_h, id.resp_p and a known proto, its own or its conn record's)\n"},
		{"TableBadAddress", `print(zeek.community_id({saddr = "192.0.2.300", daddr = "192.0.2.1", proto = 46}))`,
			"nil\tsaddr: not an IP address: \"192.0.2.300\"\n"},
		{"TableMissingAddress", `print(zeek.community_id({daddr = "192.0.2.1", proto = 46}))`,
			"nil\tsaddr: address expected, got nil\n"},
		{"TableMissingPort", `print(zeek.community_id({saddr = "192.0.2.1", daddr = "192.0.2.2", sport = 1, proto = 17}))`,
			"nil\tdport: integer from 0 to 65535 expected, got nil\n"},
		{"TableBadProto", `print(zeek.community_id({saddr = "192.0.2.1", daddr = "192.0.2.2", proto = 256}))`,
			"nil\tproto: integer from 0 to 255 expected, got 256\n"},
		// zeek.pivot on a community id: the flow's records, as zeek.pivot(uid) gives them
		{"Pivot", `for _, r in ipairs(zeek.pivot("` + cidSelfSigned + `")) do print(r._path) end`, "conn\nssl\nfiles\nnotice\n"},
		{"PivotRoundTrip", `local s = zeek.find("ssl", {uid = "CiAsPVXWcbCASrWCKY"})[1]; print(#zeek.pivot(zeek.community_id(s)), #zeek.pivot(s.uid))`, "4\t4\n"},
		{"PivotSeed", `print(#zeek.pivot("` + cidSelfSignedSeed1 + `", {seed = 1}), #zeek.pivot("` + cidSelfSignedSeed1 + `"))`, "4\t0\n"},
		{"PivotPaths", `print(#zeek.pivot("` + cidSelfSigned + `", {paths = {"ssl", "notice"}}))`, "2\n"},
		{"PivotFieldsOnlyHolders", `print(#zeek.pivot("` + cidSelfSigned + `", {fields = {"community_id"}}))`, "0\n"},
		{"PivotUnknown", `print(#zeek.pivot("1:AAAAAAAAAAAAAAAAAAAAAAAAAAA="))`, "0\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, out := newWalk(t, render.Table)
			if err := L.DoString(tc.lua); err != nil {
				t.Fatalf("%s: %v", tc.lua, err)
			}
			if got := out.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestZeekCommunityID_Errors(t *testing.T) {
	tests := []struct {
		name, lua, want string
	}{
		{"NotRecordOrTable", `zeek.community_id(42)`, "record or table expected, got number"},
		{"Missing", `zeek.community_id()`, "record or table expected, got nil"},
		{"NegativeSeed", `zeek.community_id({}, -1)`, "seed must be an integer from 0 to 65535"},
		{"BigSeed", `zeek.community_id({}, 65536)`, "seed must be an integer from 0 to 65535"},
		{"PivotBadSeed", `zeek.pivot("1:x", {seed = "one"})`, "pivot seed must be an integer from 0 to 65535"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			L, _ := newWalk(t, render.Table)
			err := L.DoString(tc.lua)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
