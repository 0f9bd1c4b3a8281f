package luaapi

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/render"
)

// TestDocsCoverModule: every function of the zeek table has a doc with an
// example, and every doc names a real member.
func TestDocsCoverModule(t *testing.T) {
	L, _ := newWalk(t, render.Table)
	z := L.GetGlobal("zeek").(*lua.LTable)
	members := map[string]bool{}
	z.ForEach(func(k, _ lua.LValue) { members[k.String()] = true })
	documented := map[string]bool{}
	for _, d := range Docs {
		documented[d.Name] = true
		if !members[d.Name] && d.Name != "dir" { // zeek.dir: only when a hunt file runs
			t.Errorf("Docs has %q, the zeek table does not", d.Name)
		}
		if d.Doc == "" || d.Example == "" {
			t.Errorf("zeek.%s lacks a doc or an example", d.Name)
		}
	}
	for m := range members {
		if !documented[m] {
			t.Errorf("zeek.%s has no entry in Docs", m)
		}
	}
}

func TestHelp(t *testing.T) {
	L, out := newWalk(t, render.Table)
	if err := L.DoString(`help(zeek.pivot) help("group") help(print)`); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"zeek.pivot(value [, {paths=, fields=}])\n", "example:\n  zeek.pivot(", "zeek.group(src, keys", "no help for that"} {
		if !strings.Contains(got, want) {
			t.Errorf("help output lacks %q:\n%s", want, got)
		}
	}
}
