package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Expected ids come from an independent Python implementation of the spec,
// run once (tuples read off testdata/walk with grep/cut):
//
//	python3 -c 'import hashlib,base64,struct,ipaddress as I
//	def c(seed,s,d,p,sp,dp):
//	  a,b=I.ip_address(s).packed,I.ip_address(d).packed
//	  if (a,sp)>(b,dp): a,b,sp,dp=b,a,dp,sp
//	  x=struct.pack("!H",seed)+a+b+bytes([p,0])+struct.pack("!HH",sp,dp)
//	  return "1:"+base64.b64encode(hashlib.sha1(x).digest()).decode()
//	print(c(0,"192.0.2.13","203.0.113.40",6,40112,8443))  # Cv72V4sYGURwuEO1V
//	print(c(1,"192.0.2.13","203.0.113.40",6,40112,8443))  # the same, seed 1
//	print(c(0,"192.0.2.10","192.0.2.53",17,53211,53))     # C9kGxf5Q6ZgzS5vsT8 (dns)
//	print(c(0,"192.0.2.11","198.51.100.20",6,51022,443))' # CiAsPVXWcbCASrWCKY
//
// printed these, in order. The ICMP ids are vectors of the spec's baseline
// (engine/communityid/testdata/baseline_deflt.json).
const (
	cidSelfSigned      = "1:UbCwftcGaLGkfYN9aVaRVH6fvbc="
	cidSelfSignedSeed1 = "1:ZBjXXV8lzB+CxTfA4FF0BbGOXvU="
	cidDNS             = "1:k9NRNyyvkSyj65EQAgYwi3dfWYc="
	cidCiAs            = "1:jclazVas2a7qGAuWnAQzAOrS/1I="
	cidICMPv6NS        = "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" // fe80::200:86ff:fe05:80da -> fe80::260:97ff:fe07:69ea, 135/136
	cidICMPEcho        = "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" // 192.168.0.89 -> 192.168.0.1, 8/0
)

// extraLogs are written to a temporary directory: ICMP flows in a conn log
// (Zeek logs proto icmp for ICMPv6 too) and a sensor log that carries
// community ids, one with a uid.
var extraLogs = map[string]string{
	"conn.log": `#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service
#types	time	string	addr	port	addr	port	enum	string
1552559000.000000	CicmpSixNeighbor1	fe80::200:86ff:fe05:80da	135	fe80::260:97ff:fe07:69ea	136	icmp	-
1552559001.000000	CicmpFourEcho0001	192.168.0.89	8	192.168.0.1	0	icmp	-
1552559002.000000	CunknownTransport	192.0.2.99	0	192.0.2.98	0	unknown_transport	-
`,
	"sensor.log": `#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	sensor
#fields	ts	uid	community_id	msg
#types	time	string	string	string
1552557731.100000	-	` + cidSelfSigned + `	alert without uid
1552557803.100000	CHKTpITFljfMrJ2VY	1:notComputedHere=	alert naming a dns uid
`,
}

// loadWalkAndExtra loads testdata/walk, then (when extra) extraLogs.
func loadWalkAndExtra(t *testing.T, extra bool) *Engine {
	t.Helper()
	e := New()
	if _, err := e.Load(context.Background(), "../testdata/walk"); err != nil {
		t.Fatal(err)
	}
	if extra {
		loadExtra(t, e)
	}
	return e
}

// loadExtra writes extraLogs to a temporary directory and loads it.
func loadExtra(t *testing.T, e *Engine) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range extraLogs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := e.Load(context.Background(), dir)
	if err != nil || sum.Records != 5 || sum.Rejected != 0 {
		t.Fatalf("Load(extra) = %+v, %v; want 5 records", sum, err)
	}
}

// recOf returns the first record of path whose key field is val.
func recOf(t *testing.T, e *Engine, path, key, val string) RecID {
	t.Helper()
	ids := e.Find(path, []Cond{{Field: key, Values: []Literal{Str(val)}}})
	if len(ids) == 0 {
		t.Fatalf("no %s record with %s %s", path, key, val)
	}
	return ids[0]
}

// describe renders records as "path uid-or-fuid-or-msg".
func describe(e *Engine, ids []RecID) []string {
	var out []string
	for _, id := range ids {
		p := e.Path(id)
		name := ""
		for _, f := range []string{"uid", "fuid", "msg"} {
			if v := e.Get(id, f); !v.Unset {
				name = string(e.Text(v.Sym))
				break
			}
		}
		out = append(out, p+" "+name)
	}
	return out
}

func TestCommunityID(t *testing.T) {
	e := loadWalkAndExtra(t, true)
	tests := []struct {
		name     string
		path     string
		key, val string
		seed     uint16
		want     string // "" when it cannot be computed
	}{
		{"ConnOwnProto", "conn", "uid", "Cv72V4sYGURwuEO1V", 0, cidSelfSigned},
		{"SSLProtoFromConn", "ssl", "uid", "Cv72V4sYGURwuEO1V", 0, cidSelfSigned},
		{"NoticeOwnProto", "notice", "uid", "Cv72V4sYGURwuEO1V", 0, cidSelfSigned},
		{"Seed1", "ssl", "uid", "Cv72V4sYGURwuEO1V", 1, cidSelfSignedSeed1},
		{"DNSUDP", "dns", "uid", "C9kGxf5Q6ZgzS5vsT8", 0, cidDNS},
		{"ConnUDP", "conn", "uid", "C9kGxf5Q6ZgzS5vsT8", 0, cidDNS},
		{"SSLOtherFlow", "ssl", "uid", "CiAsPVXWcbCASrWCKY", 0, cidCiAs},
		{"ICMPv6ByAddress", "conn", "uid", "CicmpSixNeighbor1", 0, cidICMPv6NS},
		{"ICMPv4", "conn", "uid", "CicmpFourEcho0001", 0, cidICMPEcho},
		{"UnknownTransport", "conn", "uid", "CunknownTransport", 0, ""},
		{"FilesHasNoEndpoints", "files", "fuid", "FjYkvEd8IBW7T0P7jo", 0, ""},
		{"SensorHasNoEndpoints", "sensor", "uid", "CHKTpITFljfMrJ2VY", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := e.CommunityID(recOf(t, e, tt.path, tt.key, tt.val), tt.seed)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("CommunityID = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestPivotCommunityID(t *testing.T) {
	e := loadWalkAndExtra(t, true)
	selfSigned := describe(e, e.Pivot("Cv72V4sYGURwuEO1V", PivotOptions{}))
	if want := []string{"conn Cv72V4sYGURwuEO1V", "ssl Cv72V4sYGURwuEO1V", "files FjYkvEd8IBW7T0P7jo", "notice Cv72V4sYGURwuEO1V"}; !slices.Equal(selfSigned, want) {
		t.Fatalf("Pivot(uid) = %q, want %q", selfSigned, want)
	}
	tests := []struct {
		name string
		cid  string
		seed uint16
		want []string
	}{
		// The uid's records, plus the sensor record that holds the id.
		{"ComputedAndField", cidSelfSigned, 0, append(slices.Clone(selfSigned), "sensor alert without uid")},
		{"Seed1", cidSelfSignedSeed1, 1, selfSigned},
		{"OtherSeed", cidSelfSigned, 1, []string{"sensor alert without uid"}},
		{"UDP", cidDNS, 0, []string{"conn C9kGxf5Q6ZgzS5vsT8", "dns C9kGxf5Q6ZgzS5vsT8"}},
		{"ICMPv6", cidICMPv6NS, 0, []string{"conn CicmpSixNeighbor1"}},
		// Only the field names this flow; its uid leads to the conn and dns records.
		{"FieldUID", "1:notComputedHere=", 0, []string{"conn CHKTpITFljfMrJ2VY", "dns CHKTpITFljfMrJ2VY", "sensor CHKTpITFljfMrJ2VY"}},
		{"Unknown", "1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=", 0, nil},
		{"Empty", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(e, e.PivotCommunityID(tt.cid, tt.seed))
			if !slices.Equal(got, tt.want) {
				t.Errorf("PivotCommunityID(%q, %d) =\n%s\nwant\n%s", tt.cid, tt.seed, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestPivotCommunityID_LoadAfter checks that records loaded after a pivot
// are found by the next one (the cached map is rebuilt).
func TestPivotCommunityID_LoadAfter(t *testing.T) {
	e := loadWalkAndExtra(t, false)
	if got := e.PivotCommunityID(cidICMPEcho, 0); len(got) != 0 {
		t.Fatalf("before loading: %q, want none", describe(e, got))
	}
	loadExtra(t, e)
	got := describe(e, e.PivotCommunityID(cidICMPEcho, 0))
	if want := []string{"conn CicmpFourEcho0001"}; !slices.Equal(got, want) {
		t.Errorf("after loading: %q, want %q", got, want)
	}
}

// TestPivotCommunityID_Concurrent pivots from several goroutines at once, as
// Lua states on different goroutines do: each seed's map is built once
// (run with -race).
func TestPivotCommunityID_Concurrent(t *testing.T) {
	e := loadWalkAndExtra(t, false)
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cid := cidSelfSigned
			if i%2 == 1 {
				cid = cidSelfSignedSeed1
			}
			counts[i] = len(e.PivotCommunityID(cid, uint16(i%2)))
		}()
	}
	wg.Wait()
	for i, n := range counts {
		if n != 4 {
			t.Errorf("goroutine %d: %d records, want 4", i, n)
		}
	}
}
