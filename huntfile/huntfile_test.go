package huntfile

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    Meta
		wantErr string
	}{
		{
			name: "Full",
			src: `-- a hunt
--[[ zhunt
name: ja3_fanout
description: who shares a ja3,
  and who answers with a ja3s
author: zhunt team
references: https://github.com/salesforce/ja3, https://example.com/x
attack: T1071.001, T1573.002
logs: ssl
args:
  --ja3 HASH: one client fingerprint
  --all: show everything
]]
print(1)`,
			want: Meta{Name: "ja3_fanout", Description: "who shares a ja3, and who answers with a ja3s",
				Author: "zhunt team", References: []string{"https://github.com/salesforce/ja3", "https://example.com/x"},
				Attack: []string{"T1071.001", "T1573.002"}, Logs: []string{"ssl"},
				Args: []Arg{{Name: "ja3", Value: "HASH", Help: "one client fingerprint"}, {Name: "all", Help: "show everything"}}},
		},
		{name: "NoBlock", src: "print(1)", want: Meta{Name: "x"}},
		{name: "Unclosed", src: "--[[ zhunt\nname: y\n", wantErr: "not closed"},
		{name: "BadLine", src: "--[[ zhunt\njust words\n]]", wantErr: `"just words" is not "key: value"`},
		{name: "BadArg", src: "--[[ zhunt\nargs:\n  ja3 HASH: x\n]]", wantErr: "does not start with --name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse("hunts/x.lua", []byte(tc.src))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != tc.want.Name || m.Description != tc.want.Description || m.Author != tc.want.Author ||
				!slices.Equal(m.References, tc.want.References) || !slices.Equal(m.Attack, tc.want.Attack) ||
				!slices.Equal(m.Logs, tc.want.Logs) || !slices.Equal(m.Args, tc.want.Args) {
				t.Errorf("got %+v\nwant %+v", *m, tc.want)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	m, err := Parse("hunts/j.lua", []byte("--[[ zhunt\nname: j\ndescription: d\nargs:\n  --ja3 HASH: one fingerprint\n]]"))
	if err != nil {
		t.Fatal(err)
	}
	got := m.Usage()
	for _, want := range []string{"j: d\n", "Usage: zhunt run hunts/j.lua -l PATH -- [FLAGS]", "  --ja3 HASH             one fingerprint\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("usage lacks %q:\n%s", want, got)
		}
	}
}
