package engine

// Engine-level tests for the pitfall cases in ../testdata/cases (copies of
// /work/shared/cases). Every want below is a value written in the case's
// expected.md; each check names the case and the expected.md line it comes
// from. Where the engine has no operation for a query (ranges, "contains",
// sums, min/max), the test computes it from Find/All/FindFunc + Get and says
// so in a comment: those are engine features still to add.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/zhunt/zhunt/engine/zeeklog"
)

// caseDir is where the pitfall cases live, relative to this package.
const caseDir = "../testdata/cases"

// check is one query of a case: got computes it from the loaded engine.
type check struct {
	name string // the query and "expected.md:N"
	got  func(e *Engine) any
	want any
}

// pitfallCase loads dirs (relative to caseDir) into one engine and runs
// checks against it.
type pitfallCase struct {
	name   string
	dirs   []string
	checks []check
}

func TestPitfallCases(t *testing.T) {
	var cases []pitfallCase
	cases = append(cases, case01(), case02(), case03(), case05(), case06(), case08(), case08WithOthers())
	cases = append(cases, case09()...)
	cases = append(cases, case10()...)
	cases = append(cases, case12(), case14(), case15(), case17())
	cases = append(cases, case18()...)
	cases = append(cases, case19(), case21(), case23(), case26(), case27())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := loadCase(t, tc.dirs...)
			for _, c := range tc.checks {
				t.Run(c.name, func(t *testing.T) {
					if got := c.got(e); !reflect.DeepEqual(got, c.want) {
						t.Errorf("got %#v, want %#v", got, c.want)
					}
				})
			}
		})
	}
}

// loadCase loads case directories into a fresh engine.
func loadCase(t *testing.T, dirs ...string) *Engine {
	t.Helper()
	e := New()
	paths := make([]string, len(dirs))
	for i, d := range dirs {
		paths[i] = filepath.Join(caseDir, d)
	}
	if _, err := e.Load(context.Background(), paths...); err != nil {
		t.Fatalf("Load(%v): %v", paths, err)
	}
	return e
}

// --- helpers -----------------------------------------------------------------

// unsetKey stands for an unset value in rendered group keys and values; it
// cannot collide with a literal "-" string (case 02).
const unsetKey = "<unset>"

// text renders a scalar or container value exactly; unset is unsetKey.
func text(e *Engine, v Value) string {
	if v.Unset {
		return unsetKey
	}
	return e.DescribeValue(v)
}

// field returns the text of field of the one record of path with uid (or
// fuid, for files); "<n records>" when there is not exactly one.
func field(e *Engine, path, key, val, f string) string {
	ids := e.Find(path, []Cond{{Field: key, Values: []Literal{Str(val)}}})
	if len(ids) != 1 {
		return fmt.Sprintf("<%d records>", len(ids))
	}
	return text(e, e.Get(ids[0], f))
}

// byUID returns the text of field f of the one record of path with uid.
func byUID(e *Engine, path, uid, f string) string { return field(e, path, "uid", uid, f) }

// one returns the one record of path whose key field is val.
func one(e *Engine, path, key, val string) (RecID, bool) {
	ids := e.Find(path, []Cond{{Field: key, Values: []Literal{Str(val)}}})
	if len(ids) != 1 {
		return 0, false
	}
	return ids[0], true
}

// elems returns the elements of a container as text; nil when unset,
// non-nil and empty for an empty container.
func elems(e *Engine, v Value) []string {
	if v.Unset {
		return nil
	}
	out := []string{}
	for i := 0; i < v.Len(); i++ {
		out = append(out, text(e, v.Elem(i)))
	}
	return out
}

// floats returns the elements of a numeric container; nil when unset.
func floats(v Value) []float64 {
	if v.Unset {
		return nil
	}
	out := []float64{}
	for i := 0; i < v.Len(); i++ {
		out = append(out, v.Elem(i).Float())
	}
	return out
}

// uids returns the uid of each record, in order.
func uids(e *Engine, ids []RecID) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, text(e, e.Get(id, "uid")))
	}
	return out
}

// sorted returns a sorted copy.
func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// perPath counts records per log path.
func perPath(e *Engine, ids []RecID) map[string]int {
	out := map[string]int{}
	for _, id := range ids {
		out[e.Path(id)]++
	}
	return out
}

// groups runs Engine.Group and returns key text -> count (keys joined by
// "|"; unset keys as unsetKey).
func groups(e *Engine, ids []RecID, keys []string, opts GroupOptions) map[string]int {
	out := map[string]int{}
	for _, g := range e.Group(ids, keys, opts) {
		parts := make([]string, len(g.Keys))
		for i, k := range g.Keys {
			parts[i] = text(e, k)
		}
		out[strings.Join(parts, "|")] += g.Count
	}
	return out
}

// find returns the uids of the records of path whose field equals any lit.
func find(e *Engine, path, f string, lits ...Literal) []string {
	return uids(e, e.Find(path, []Cond{{Field: f, Values: lits}}))
}

// unset is the literal that matches an unset field.
var unset = Literal{Kind: LitUnset}

// filter returns the uids of the records of path that keep accepts. Used
// where the engine has no operator for the query (range, contains, prefix).
func filter(e *Engine, path string, keep func(RecID) bool) []string {
	ids, err := e.FindFunc(path, func(id RecID) (bool, error) { return keep(id), nil })
	if err != nil {
		panic(err)
	}
	return uids(e, ids)
}

// bigSum adds a count field over records exactly (the engine has no sum).
func bigSum(e *Engine, ids []RecID, f string) string {
	sum := new(big.Int)
	for _, id := range ids {
		if v := e.Get(id, f); !v.Unset {
			sum.Add(sum, new(big.Int).SetUint64(v.Uint()))
		}
	}
	return sum.String()
}

// diag is a diagnostic reduced to what expected.md states.
func diag(d Diagnostic) string {
	return fmt.Sprintf("%s %s:%d", d.Severity, filepath.Base(d.File), d.Line)
}

func diags(e *Engine) []string {
	out := []string{}
	for _, d := range e.Diagnostics() {
		out = append(out, diag(d))
	}
	return out
}

// micros returns a time field in microseconds; math.MinInt64 when unset.
func micros(v Value) int64 {
	if v.Unset {
		return math.MinInt64
	}
	return v.Micros()
}

// --- cases -------------------------------------------------------------------

// case01: set separator inside a container element.
func case01() pitfallCase {
	const dir = "01-set-separator-inside-element"
	answers := func(uid string) func(e *Engine) any {
		return func(e *Engine) any {
			id, ok := one(e, "dns", "uid", uid)
			if !ok {
				return "no record"
			}
			return elems(e, e.Get(id, "answers"))
		}
	}
	ttls := func(uid string) func(e *Engine) any {
		return func(e *Engine) any {
			id, ok := one(e, "dns", "uid", uid)
			if !ok {
				return "no record"
			}
			return floats(e.Get(id, "TTLs"))
		}
	}
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:14-17 (per-record table)
		{"answers CnX1 (expected.md:14)", answers("CnX1r8a2Jt4PqLw0e"), []string{"TXT 15 cmd=ls,-la,/tmp", "TXT 5 ok,go"}},
		{"TTLs CnX1 (expected.md:14)", ttls("CnX1r8a2Jt4PqLw0e"), []float64{60, 60}},
		{"answers C4fW (expected.md:15)", answers("C4fWq0b9ZkTe1Hm7u"), []string{"192.0.2.80", "192.0.2.81"}},
		{"TTLs C4fW (expected.md:15)", ttls("C4fWq0b9ZkTe1Hm7u"), []float64{300, 300}},
		{"answers CbV7 (expected.md:16)", answers("CbV7yQ2nLr5sXo3Da"), []string{"TXT 3 a,b"}},
		{"TTLs CbV7 (expected.md:16)", ttls("CbV7yQ2nLr5sXo3Da"), []float64{120}},
		{"answers CzP0 unset (expected.md:17)", answers("CzP0eR6tYw8uIa2Sd"), []string(nil)},
		{"TTLs CzP0 unset (expected.md:17)", ttls("CzP0eR6tYw8uIa2Sd"), []float64(nil)},
		// expected.md:20
		{"len(answers) CnX1 (expected.md:20)", func(e *Engine) any {
			return len(answers("CnX1r8a2Jt4PqLw0e")(e).([]string))
		}, 2},
		// expected.md:22 - no flatten operation: count elements.
		{"exploded answers (expected.md:22)", func(e *Engine) any {
			n := 0
			for _, id := range e.All("dns") {
				n += e.Get(id, "answers").Len()
			}
			return n
		}, 5},
		{"exploded answers via Group Explode (expected.md:22)", func(e *Engine) any {
			n := 0
			for k, c := range groups(e, e.All("dns"), []string{"answers"}, GroupOptions{Explode: true}) {
				if k != unsetKey {
					n += c
				}
			}
			return n
		}, 5},
		// expected.md:23 - no substring operator: FindFunc.
		{"answer contains cmd= (expected.md:23)", func(e *Engine) any {
			return filter(e, "dns", func(id RecID) bool {
				return slices.ContainsFunc(elems(e, e.Get(id, "answers")), func(s string) bool { return strings.Contains(s, "cmd=") })
			})
		}, []string{"CnX1r8a2Jt4PqLw0e"}},
		// expected.md:24-25
		{"exploded groups all count 1 (expected.md:24)", func(e *Engine) any {
			for k, c := range groups(e, e.All("dns"), []string{"answers"}, GroupOptions{Explode: true}) {
				if k != unsetKey && c != 1 {
					return fmt.Sprintf("%q=%d", k, c)
				}
			}
			return "all 1"
		}, "all 1"},
		{"exploded groups hold the whole TXT value (expected.md:24)", func(e *Engine) any {
			g := groups(e, e.All("dns"), []string{"answers"}, GroupOptions{Explode: true})
			return g["TXT 15 cmd=ls,-la,/tmp"]
		}, 1},
		{"no -la or /tmp group (expected.md:25)", func(e *Engine) any {
			g := groups(e, e.All("dns"), []string{"answers"}, GroupOptions{Explode: true})
			_, la := g["-la"]
			_, tmp := g["/tmp"]
			return []bool{la, tmp, len(e.Pivot("-la", PivotOptions{})) > 0, len(e.Pivot("/tmp", PivotOptions{})) > 0}
		}, []bool{false, false, false, false}},
		// expected.md:26
		{"len(answers)==len(TTLs) everywhere (expected.md:26)", func(e *Engine) any {
			return filter(e, "dns", func(id RecID) bool {
				a, t := e.Get(id, "answers"), e.Get(id, "TTLs")
				return a.Unset != t.Unset || a.Len() != t.Len()
			})
		}, []string{}},
	}}
}

// case02: (empty) vs - vs literal strings.
func case02() pitfallCase {
	const dir = "02-empty-unset-and-literal-dash"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		{"count (expected.md:8)", func(e *Engine) any { return len(e.All("http")) }, 4},
		// expected.md:14-17
		{"user_agent CA1b is '-' (expected.md:14)", func(e *Engine) any { return byUID(e, "http", "CA1b2C3d4E5f6G7h8", "user_agent") }, "-"},
		{"username CA1b is empty, present (expected.md:14)", func(e *Engine) any {
			id, _ := one(e, "http", "uid", "CA1b2C3d4E5f6G7h8")
			v := e.Get(id, "username")
			return []any{v.Unset, e.ScalarText(v)}
		}, []any{false, ""}},
		{"user_agent CH9i is '(empty)' (expected.md:15)", func(e *Engine) any { return byUID(e, "http", "CH9i8J7k6L5m4N3o2", "user_agent") }, "(empty)"},
		{"user_agent Cp1Q unset (expected.md:16)", func(e *Engine) any { return byUID(e, "http", "Cp1Q2r3S4t5U6v7W8", "user_agent") }, unsetKey},
		{"user_agent CxY9 (expected.md:17)", func(e *Engine) any { return byUID(e, "http", "CxY9z8A7b6C5d4E3f", "user_agent") }, "curl/8.5.0"},
		{"proxied CxY9 (expected.md:17)", func(e *Engine) any {
			id, _ := one(e, "http", "uid", "CxY9z8A7b6C5d4E3f")
			return elems(e, e.Get(id, "proxied"))
		}, []string{"X-FORWARDED-FOR -> 198.51.100.23"}},
		// expected.md:20-22
		{`user_agent == "-" (expected.md:20)`, func(e *Engine) any { return find(e, "http", "user_agent", Str("-")) }, []string{"CA1b2C3d4E5f6G7h8"}},
		{"user_agent unset (expected.md:21)", func(e *Engine) any { return find(e, "http", "user_agent", unset) }, []string{"Cp1Q2r3S4t5U6v7W8"}},
		{`user_agent == "(empty)" (expected.md:22)`, func(e *Engine) any { return find(e, "http", "user_agent", Str("(empty)")) }, []string{"CH9i8J7k6L5m4N3o2"}},
		// expected.md:23
		{"group by user_agent (expected.md:23)", func(e *Engine) any { return groups(e, e.All("http"), []string{"user_agent"}, GroupOptions{}) },
			map[string]int{"-": 1, "(empty)": 1, "curl/8.5.0": 1, unsetKey: 1}},
		// expected.md:24
		{`username == "" (expected.md:24)`, func(e *Engine) any { return len(find(e, "http", "username", Str(""))) }, 1},
		{"username unset (expected.md:24)", func(e *Engine) any { return len(find(e, "http", "username", unset)) }, 3},
		// expected.md:25-26
		{"tags empty set, not unset, on all 4 (expected.md:25)", func(e *Engine) any {
			return filter(e, "http", func(id RecID) bool { v := e.Get(id, "tags"); return !v.Unset && v.Len() == 0 })
		}, []string{"CA1b2C3d4E5f6G7h8", "CH9i8J7k6L5m4N3o2", "Cp1Q2r3S4t5U6v7W8", "CxY9z8A7b6C5d4E3f"}},
		{"proxied unset on 3 (expected.md:25)", func(e *Engine) any { return len(find(e, "http", "proxied", unset)) }, 3},
		{"proxied has 1 element on CxY9 (expected.md:26)", func(e *Engine) any {
			return filter(e, "http", func(id RecID) bool { return e.Get(id, "proxied").Len() == 1 })
		}, []string{"CxY9z8A7b6C5d4E3f"}},
	}}
}

// case03: markers taken from the file's own header.
func case03() pitfallCase {
	const dir = "03-custom-header-markers"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:12-15
		{"user_agent Cq7W is '-' (expected.md:12)", func(e *Engine) any { return byUID(e, "http", "Cq7Wm2Lx9Pz4Rt6Yu", "user_agent") }, "-"},
		{"user_agent CeR5 is 'NULL' (expected.md:13)", func(e *Engine) any { return byUID(e, "http", "CeR5tY7uI9oP1aS3d", "user_agent") }, "NULL"},
		{"user_agent Cf6G (expected.md:14)", func(e *Engine) any { return byUID(e, "http", "Cf6Gh8Jk0Lz2Xc4Vb", "user_agent") }, "Mozilla/5.0"},
		{"proxied Cf6G (expected.md:14)", func(e *Engine) any {
			id, _ := one(e, "http", "uid", "Cf6Gh8Jk0Lz2Xc4Vb")
			return elems(e, e.Get(id, "proxied"))
		}, []string{"X-FORWARDED-FOR -> 192.0.2.44", "VIA -> 1.1 proxy.example.net"}},
		{"user_agent Cn1M unset (expected.md:15)", func(e *Engine) any { return byUID(e, "http", "Cn1Mb3Vc5Xz7Lk9Jh", "user_agent") }, unsetKey},
		{"referrer unset except Cf6G (expected.md:12-15)", func(e *Engine) any { return find(e, "http", "referrer", unset) },
			[]string{"Cq7Wm2Lx9Pz4Rt6Yu", "CeR5tY7uI9oP1aS3d", "Cn1Mb3Vc5Xz7Lk9Jh"}},
		{"proxied unset except Cf6G (expected.md:12-15)", func(e *Engine) any { return find(e, "http", "proxied", unset) },
			[]string{"Cq7Wm2Lx9Pz4Rt6Yu", "CeR5tY7uI9oP1aS3d", "Cn1Mb3Vc5Xz7Lk9Jh"}},
		{"tags empty set on all (expected.md:12-15)", func(e *Engine) any {
			return len(filter(e, "http", func(id RecID) bool { v := e.Get(id, "tags"); return !v.Unset && v.Len() == 0 }))
		}, 4},
		// expected.md:18
		{`user_agent == "-" (expected.md:18)`, func(e *Engine) any { return find(e, "http", "user_agent", Str("-")) }, []string{"Cq7Wm2Lx9Pz4Rt6Yu"}},
		{`user_agent == "NULL" (expected.md:18)`, func(e *Engine) any { return find(e, "http", "user_agent", Str("NULL")) }, []string{"CeR5tY7uI9oP1aS3d"}},
		{"user_agent unset (expected.md:18)", func(e *Engine) any { return find(e, "http", "user_agent", unset) }, []string{"Cn1Mb3Vc5Xz7Lk9Jh"}},
		// expected.md:19
		{"len(proxied) Cf6G (expected.md:19)", func(e *Engine) any {
			id, _ := one(e, "http", "uid", "Cf6Gh8Jk0Lz2Xc4Vb")
			return e.Get(id, "proxied").Len()
		}, 2},
		// expected.md:20
		{"referrer Cf6G one string with ';' (expected.md:20)", func(e *Engine) any { return byUID(e, "http", "Cf6Gh8Jk0Lz2Xc4Vb", "referrer") }, "http://www.example.com/?a=1;b=2"},
		// expected.md:22
		{"username per uid (expected.md:22)", func(e *Engine) any {
			out := map[string]string{}
			for _, u := range []string{"Cq7Wm2Lx9Pz4Rt6Yu", "CeR5tY7uI9oP1aS3d", "Cf6Gh8Jk0Lz2Xc4Vb", "Cn1Mb3Vc5Xz7Lk9Jh"} {
				out[u] = byUID(e, "http", u, "username")
			}
			return out
		}, map[string]string{"CeR5tY7uI9oP1aS3d": "", "Cn1Mb3Vc5Xz7Lk9Jh": "(empty)", "Cq7Wm2Lx9Pz4Rt6Yu": unsetKey, "Cf6Gh8Jk0Lz2Xc4Vb": unsetKey}},
	}}
}

// case05: rows with too many / too few values.
func case05() pitfallCase {
	const dir = "05-row-with-wrong-field-count"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:16
		{"count dns (expected.md:16)", func(e *Engine) any { return uids(e, e.All("dns")) },
			[]string{"CsD4fG6hJ8kL0zX2c", "CvB3nM5qW7eR9tY1u", "CiO2pA4sD6fG8hJ0k", "ClZ5xC7vB9nM1qW3e"}},
		// expected.md:13,15,19
		{"exactly 2 diagnostics: warning line 11, error line 13 (expected.md:13,15,19)", func(e *Engine) any { return diags(e) },
			[]string{"warning dns.log:11", "error dns.log:13"}},
		{"messages give values vs fields (expected.md:14-15)", func(e *Engine) any {
			var out []bool
			for _, d := range e.Diagnostics() {
				m := d.Err.Error()
				switch d.Line {
				case 11:
					out = append(out, strings.Contains(m, "25") && strings.Contains(m, "24"))
				case 13:
					out = append(out, strings.Contains(m, "20") && strings.Contains(m, "24"))
				}
			}
			return out
		}, []bool{true, true}},
		// expected.md:13
		{"line 11 loaded (expected.md:13)", func(e *Engine) any {
			id, ok := one(e, "dns", "uid", "CiO2pA4sD6fG8hJ0k")
			if !ok {
				return int64(-1)
			}
			_, line := e.Source(id)
			return line
		}, int64(11)},
		// expected.md:15
		{"line 13 not loaded (expected.md:15)", func(e *Engine) any { return find(e, "dns", "uid", Str("CrT6yU8iO0pA2sD4f")) }, []string{}},
		// expected.md:17-18
		{"line 11 answers (expected.md:17)", func(e *Engine) any {
			id, _ := one(e, "dns", "uid", "CiO2pA4sD6fG8hJ0k")
			return elems(e, e.Get(id, "answers"))
		}, []string{"TXT 9 beacon=42"}},
		{"line 11 TTLs (expected.md:17)", func(e *Engine) any {
			id, _ := one(e, "dns", "uid", "CiO2pA4sD6fG8hJ0k")
			return floats(e.Get(id, "TTLs"))
		}, []float64{60}},
		{"line 11 rejected = false (expected.md:17)", func(e *Engine) any { return byUID(e, "dns", "CiO2pA4sD6fG8hJ0k", "rejected") }, "F"},
	}}
}

// case06: same log, different columns per file.
func case06() pitfallCase {
	const dir = "06-schema-differs-between-files"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		{"count http (expected.md:14)", func(e *Engine) any { return len(e.All("http")) }, 4},
		{"group by status_code (expected.md:15)", func(e *Engine) any { return groups(e, e.All("http"), []string{"status_code"}, GroupOptions{}) },
			map[string]int{"200": 2, "301": 1, "404": 1}},
		// expected.md:16 - no sum in the engine.
		{"sum(request_body_len) (expected.md:16)", func(e *Engine) any { return bigSum(e, e.All("http"), "request_body_len") }, "348"},
		{"sum(response_body_len) (expected.md:16)", func(e *Engine) any { return bigSum(e, e.All("http"), "response_body_len") }, "5309"},
		// expected.md:17-18
		{"origin per uid (expected.md:17-18)", func(e *Engine) any {
			out := map[string]string{}
			for _, u := range []string{"CgH7jK9lZ1xC3vB5n", "CmN1bV3cX5zL7kJ9h", "CdF3gH5jK7lZ9xC1v", "CbV7nM9qW1eR3tY5u"} {
				out[u] = byUID(e, "http", u, "origin")
			}
			return out
		}, map[string]string{"CgH7jK9lZ1xC3vB5n": unsetKey, "CmN1bV3cX5zL7kJ9h": unsetKey, "CdF3gH5jK7lZ9xC1v": "https://app.example.com", "CbV7nM9qW1eR3tY5u": unsetKey}},
		{"origin absent in the 2019 file (expected.md:17)", func(e *Engine) any {
			id, _ := one(e, "http", "uid", "CgH7jK9lZ1xC3vB5n")
			return e.Get(id, "origin").Absent
		}, true},
		// expected.md:19
		{"user_agent CmN1 (expected.md:19)", func(e *Engine) any { return byUID(e, "http", "CmN1bV3cX5zL7kJ9h", "user_agent") }, "Mozilla/5.0 (Windows NT 10.0)"},
		// expected.md:20
		{"no diagnostics (expected.md:20)", func(e *Engine) any { return diags(e) }, []string{}},
	}}
}

// case08: gzip cut off mid-stream.
func case08() pitfallCase {
	const dir = "08-truncated-gzip"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		{"count conn (expected.md:12)", func(e *Engine) any { return len(e.All("conn")) }, 159},
		{"last uid (expected.md:14)", func(e *Engine) any {
			ids := e.All("conn")
			if len(ids) == 0 {
				return ""
			}
			return text(e, e.Get(ids[len(ids)-1], "uid"))
		}, "COQVWbi4S5bsgvxRFF"},
		// expected.md:15 - no sum in the engine.
		{"sum(orig_bytes) (expected.md:15)", func(e *Engine) any { return bigSum(e, e.All("conn"), "orig_bytes") }, "117183"},
		// expected.md:16
		{"exactly one error/warning naming conn.log.gz (expected.md:16)", func(e *Engine) any {
			out := []string{}
			for _, d := range e.Diagnostics() {
				if d.Severity >= Warning {
					out = append(out, fmt.Sprintf("%s %s", d.Severity, filepath.Base(d.File)))
				}
			}
			return out
		}, []string{"error conn.log.gz"}},
		{"it says unexpected EOF (expected.md:16)", func(e *Engine) any {
			for _, d := range e.Diagnostics() {
				if d.Severity == Error {
					return errors.Is(d.Err, zeeklog.ErrTruncated) && strings.Contains(d.Err.Error(), "unexpected EOF")
				}
			}
			return false
		}, true},
		// expected.md:17
		{"file info reports the partial file (expected.md:17)", func(e *Engine) any {
			fs := e.Files()
			return len(fs) == 1 && !fs[0].Skipped && errors.Is(fs[0].Reason, zeeklog.ErrTruncated) && fs[0].Records == 159
		}, true},
	}}
}

// case08WithOthers loads the truncated file together with case 23's conn.log:
// "other files in the same load are unaffected".
func case08WithOthers() pitfallCase {
	return pitfallCase{name: "08-truncated-gzip+23", dirs: []string{"08-truncated-gzip", "23-conn-history-is-case-sensitive"}, checks: []check{
		// expected.md:12 and 23/expected.md:8 (6 records)
		{"count conn 159+6 (08 expected.md:12,17)", func(e *Engine) any { return len(e.All("conn")) }, 159 + 6},
		{"problems only for conn.log.gz (08 expected.md:16-17)", func(e *Engine) any {
			out := []string{}
			for _, d := range e.Diagnostics() {
				if d.Severity >= Warning {
					out = append(out, fmt.Sprintf("%s %s", d.Severity, filepath.Base(d.File)))
				}
			}
			return out
		}, []string{"error conn.log.gz"}},
	}}
}

// case09: a log still being written.
func case09() []pitfallCase {
	const dir = "09-file-still-being-written"
	return []pitfallCase{
		{name: dir + "/live", dirs: []string{dir + "/live"}, checks: []check{
			// expected.md:13
			{"4 records (expected.md:13)", func(e *Engine) any { return uids(e, e.All("conn")) },
				[]string{"CdnXRIL3rAVgd5mFVj", "C7nsCuYKt8c8ubKKPD", "CHIg37lExsYyv4G6SN", "CrOuya4FxR6NZRVzCM"}},
			// expected.md:14-15
			{"at most one note, no warning or error (expected.md:14-15)", func(e *Engine) any {
				notes, worse := 0, 0
				for _, d := range e.Diagnostics() {
					if d.Severity == Note {
						notes++
					} else {
						worse++
					}
				}
				return notes <= 1 && worse == 0
			}, true},
		}},
		{name: dir + "/after", dirs: []string{dir + "/after"}, checks: []check{
			// expected.md:16
			{"5 records (expected.md:16)", func(e *Engine) any { return len(e.All("conn")) }, 5},
			{"5th uid (expected.md:16)", func(e *Engine) any {
				ids := e.All("conn")
				if len(ids) != 5 {
					return ""
				}
				return text(e, e.Get(ids[4], "uid"))
			}, "Ct4A4aD5Y2fIBPbv62"},
			{"5th id.resp_h (expected.md:16)", func(e *Engine) any { return byUID(e, "conn", "Ct4A4aD5Y2fIBPbv62", "id.resp_h") }, "203.0.113.5"},
			// expected.md:15: a missing #close alone is never an error.
			{"no diagnostics (expected.md:15)", func(e *Engine) any { return diags(e) }, []string{}},
		}},
	}
}

// case10: JSON times, epoch vs ISO 8601, per directory and both together.
func case10() []pitfallCase {
	const dir = "10-json-time-formats"
	isoTS := func(uid string) func(e *Engine) any {
		return func(e *Engine) any {
			out := []string{}
			for _, id := range e.Find("conn", []Cond{{Field: "uid", Values: []Literal{Str(uid)}}}) {
				out = append(out, ISOMicros(e.Get(id, "ts").Micros()))
			}
			return out
		}
	}
	microsTS := func(uid string) func(e *Engine) any {
		return func(e *Engine) any {
			out := []int64{}
			for _, id := range e.Find("conn", []Cond{{Field: "uid", Values: []Literal{Str(uid)}}}) {
				out = append(out, micros(e.Get(id, "ts")))
			}
			return out
		}
	}
	cert := func(subject, f string, iso bool) func(e *Engine) any {
		return func(e *Engine) any {
			out := []any{}
			for _, id := range e.Find("x509", []Cond{{Field: "certificate.subject", Values: []Literal{Str(subject)}}}) {
				us := micros(e.Get(id, f))
				if iso {
					out = append(out, ISOMicros(us))
				} else {
					out = append(out, us)
				}
			}
			return out
		}
	}
	// cert A = CN=legacy-root.example.com, B = CN=clock-skew.example.net,
	// C = CN=www.example.com (the x509 inputs).
	const A, B, C = "CN=legacy-root.example.com", "CN=clock-skew.example.net", "CN=www.example.com"
	const nvb, nva = "certificate.not_valid_before", "certificate.not_valid_after"
	// inRange: no range operator in the engine; FindFunc with Micros.
	inRange := func(e *Engine) []RecID {
		lo, _ := ParseTime("2024-03-05T10:00:00Z")
		hi, _ := ParseTime("2024-03-05T10:05:00Z")
		ids, _ := e.FindFunc("conn", func(id RecID) (bool, error) {
			ts := micros(e.Get(id, "ts"))
			return ts >= lo && ts <= hi, nil
		})
		return ids
	}
	before := func(f, limit string) func(e *Engine) any {
		return func(e *Engine) any {
			lim, _ := ParseTime(limit)
			ids, _ := e.FindFunc("x509", func(id RecID) (bool, error) {
				v := e.Get(id, f)
				return !v.Unset && v.Micros() < lim, nil
			})
			out := []string{}
			for _, id := range ids {
				out = append(out, text(e, e.Get(id, "certificate.subject")))
			}
			return sorted(slices.Compact(sorted(out)))
		}
	}
	n := func(k int, v any) any { // k copies of v, for the combined load
		switch v := v.(type) {
		case []string:
			out := []string{}
			for range k {
				out = append(out, v...)
			}
			return out
		case []int64:
			out := []int64{}
			for range k {
				out = append(out, v...)
			}
			return out
		case []any:
			out := []any{}
			for range k {
				out = append(out, v...)
			}
			return out
		}
		panic("n")
	}
	common := func(k int) []check {
		return []check{
			// expected.md:16-18 (ts, microseconds and ISO)
			{"ts CaB1 micros (expected.md:16)", microsTS("CaB1cD2eF3gH4iJ5k"), n(k, []int64{1709632800123456})},
			{"ts CaB1 ISO (expected.md:16)", isoTS("CaB1cD2eF3gH4iJ5k"), n(k, []string{"2024-03-05T10:00:00.123456Z"})},
			{"ts CkL6 micros (expected.md:17)", microsTS("CkL6mN7oP8qR9sT0u"), n(k, []int64{1709632912500000})},
			{"ts CkL6 ISO (expected.md:17)", isoTS("CkL6mN7oP8qR9sT0u"), n(k, []string{"2024-03-05T10:01:52.500000Z"})},
			{"ts CvW1 micros (expected.md:18)", microsTS("CvW1xY2zA3bC4dE5f"), n(k, []int64{1709633100000001})},
			{"ts CvW1 ISO (expected.md:18)", isoTS("CvW1xY2zA3bC4dE5f"), n(k, []string{"2024-03-05T10:05:00.000001Z"})},
			// expected.md:19-22 (certificate times)
			{"cert A not_valid_before (expected.md:19)", cert(A, nvb, false), n(k, []any{int64(-315619200000000)})},
			{"cert A not_valid_before ISO (expected.md:19)", cert(A, nvb, true), n(k, []any{"1960-01-01T00:00:00.000000Z"})},
			{"cert A not_valid_after (expected.md:20)", cert(A, nva, false), n(k, []any{int64(253402300799000000)})},
			{"cert A not_valid_after ISO (expected.md:20)", cert(A, nva, true), n(k, []any{"9999-12-31T23:59:59.000000Z"})},
			{"cert B not_valid_before (expected.md:21)", cert(B, nvb, false), n(k, []any{int64(-400000)})},
			{"cert B not_valid_before ISO (expected.md:21,38)", cert(B, nvb, true), n(k, []any{"1969-12-31T23:59:59.600000Z"})},
			{"cert B not_valid_after (expected.md:22)", cert(B, nva, false), n(k, []any{int64(1893456000000000)})},
			{"cert B not_valid_after ISO (expected.md:22)", cert(B, nva, true), n(k, []any{"2030-01-01T00:00:00.000000Z"})},
			// expected.md:33 (no range operator: FindFunc)
			{"not_valid_after < 2031 -> B, C (expected.md:33)", before(nva, "2031-01-01T00:00:00Z"), []string{B, C}},
			{"count not_valid_after < 2031 (expected.md:33)", func(e *Engine) any {
				lim, _ := ParseTime("2031-01-01T00:00:00Z")
				ids, _ := e.FindFunc("x509", func(id RecID) (bool, error) { return e.Get(id, nva).Micros() < lim, nil })
				return len(ids)
			}, 2 * k},
			// expected.md:37
			{"not_valid_before < 1970 -> A, B (expected.md:37)", before(nvb, "1970-01-01T00:00:00Z"), sorted([]string{A, B})},
			// expected.md:41
			{"no record rejected, no diagnostics (expected.md:41)", func(e *Engine) any { return diags(e) }, []string{}},
			{"every ts set (expected.md:41)", func(e *Engine) any { return len(find(e, "conn", "ts", unset)) + len(find(e, "x509", "ts", unset)) }, 0},
		}
	}
	perDir := func(sub string) pitfallCase {
		checks := append(common(1),
			// expected.md:25
			check{"ts in [10:00:00Z, 10:05:00Z] (expected.md:25)", func(e *Engine) any { return uids(e, inRange(e)) },
				[]string{"CaB1cD2eF3gH4iJ5k", "CkL6mN7oP8qR9sT0u"}},
		)
		return pitfallCase{name: dir + "/" + sub, dirs: []string{dir + "/" + sub}, checks: checks}
	}
	both := pitfallCase{name: dir + "/both", dirs: []string{dir + "/epoch", dir + "/iso8601"}, checks: append(common(2),
		// expected.md:25: 2 per directory
		check{"ts in range, per directory (expected.md:25)", func(e *Engine) any {
			out := map[string]int{}
			for _, id := range inRange(e) {
				f, _ := e.Source(id)
				out[filepath.Base(filepath.Dir(f))]++
			}
			return out
		}, map[string]int{"epoch": 2, "iso8601": 2}},
		// expected.md:31
		check{"sort conn by ts: equal pairs in order (expected.md:31)", func(e *Engine) any {
			ids := e.All("conn")
			e.Sort(ids)
			return uids(e, ids)
		}, []string{"CaB1cD2eF3gH4iJ5k", "CaB1cD2eF3gH4iJ5k", "CkL6mN7oP8qR9sT0u", "CkL6mN7oP8qR9sT0u", "CvW1xY2zA3bC4dE5f", "CvW1xY2zA3bC4dE5f"}},
		check{"sorted pairs have equal ts (expected.md:31)", func(e *Engine) any {
			ids := e.All("conn")
			e.Sort(ids)
			for i := 0; i+1 < len(ids); i += 2 {
				if micros(e.Get(ids[i], "ts")) != micros(e.Get(ids[i+1], "ts")) {
					return false
				}
			}
			return len(ids) == 6
		}, true},
		// expected.md:32
		check{"pivot uid CaB1: 2 records, equal ts (expected.md:32)", func(e *Engine) any {
			ids := e.Pivot("CaB1cD2eF3gH4iJ5k", PivotOptions{})
			return len(ids) == 2 && micros(e.Get(ids[0], "ts")) == micros(e.Get(ids[1], "ts"))
		}, true},
	)}
	return []pitfallCase{perDir("epoch"), perDir("iso8601"), both}
}

// case12: dotted vs nested JSON names.
func case12() pitfallCase {
	const dir = "12-json-dotted-vs-nested-names"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:13
		{"pivot 192.0.2.21 (expected.md:13)", func(e *Engine) any {
			ids := e.Pivot("192.0.2.21", PivotOptions{})
			return []any{perPath(e, ids), uids(e, e.Pivot("192.0.2.21", PivotOptions{Paths: []string{"conn"}}))}
		}, []any{map[string]int{"conn": 2, "smb_cmd": 2}, []string{"CqW2eR4tY6uI8oP0a", "CzX1cV3bN5mQ7wE9r"}}},
		// expected.md:14
		{"group conn by id.resp_p (expected.md:14)", func(e *Engine) any { return groups(e, e.All("conn"), []string{"id.resp_p"}, GroupOptions{}) },
			map[string]int{"445": 1, "443": 1}},
		// expected.md:15
		{"smb_cmd referenced_file.id.resp_h == 198.51.100.45 (expected.md:15)", func(e *Engine) any {
			return len(e.Find("smb_cmd", []Cond{{Field: "referenced_file.id.resp_h", Values: []Literal{Str("198.51.100.45")}}}))
		}, 2},
		// expected.md:16
		{"group smb_cmd by referenced_file.action (expected.md:16)", func(e *Engine) any {
			return groups(e, e.All("smb_cmd"), []string{"referenced_file.action"}, GroupOptions{})
		}, map[string]int{"SMB::FILE_OPEN": 1, "SMB::FILE_READ": 1}},
		// expected.md:17
		{"pivot uid CqW2 (expected.md:17)", func(e *Engine) any { return perPath(e, e.Pivot("CqW2eR4tY6uI8oP0a", PivotOptions{})) },
			map[string]int{"conn": 1, "smb_cmd": 2}},
		// expected.md:18
		{"conn fields: id.orig_h once, no id object (expected.md:18)", func(e *Engine) any {
			n, id := 0, 0
			for _, f := range e.Fields("conn") {
				switch f.Name {
				case "id.orig_h":
					n++
				case "id":
					id++
				}
			}
			return []int{n, id}
		}, []int{1, 0}},
	}}
}

// case14: counts beyond 2^53.
func case14() pitfallCase {
	const dir = "14-uint64-beyond-float-precision"
	minmax := func(e *Engine, f string) []string {
		var lo, hi *big.Int
		for _, id := range e.All("stats") {
			v := e.Get(id, f)
			if v.Unset {
				continue
			}
			b, ok := new(big.Int).SetString(e.ScalarText(v), 10)
			if !ok {
				return []string{"not decimal: " + e.ScalarText(v)}
			}
			if lo == nil || b.Cmp(lo) < 0 {
				lo = b
			}
			if hi == nil || b.Cmp(hi) > 0 {
				hi = b
			}
		}
		if lo == nil {
			return nil
		}
		return []string{lo.String(), hi.String()}
	}
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:12
		{"first stats pkts_dropped (expected.md:12)", func(e *Engine) any {
			ids := e.All("stats")
			if len(ids) == 0 {
				return ""
			}
			return e.ScalarText(e.Get(ids[0], "pkts_dropped"))
		}, "18446744073709551612"},
		{"min/max pkts_dropped (expected.md:12-13)", func(e *Engine) any { return minmax(e, "pkts_dropped") }, []string{"3", "18446744073709551612"}},
		// expected.md:14 - sum in the test with math/big.
		{"sum(pkts_link) (expected.md:14)", func(e *Engine) any { return bigSum(e, e.All("stats"), "pkts_link") }, "36893488147419103230"},
		// expected.md:16-17
		{"orig_bytes CbH2 (expected.md:16)", func(e *Engine) any { return byUID(e, "conn", "CbH2nJ4mK6lP8oI0u", "orig_bytes") }, "9007199254740993"},
		{"resp_bytes CbH2 (expected.md:17)", func(e *Engine) any { return byUID(e, "conn", "CbH2nJ4mK6lP8oI0u", "resp_bytes") }, "18446744073709551615"},
		{"orig_bytes CbH2 as uint64 (expected.md:16)", func(e *Engine) any {
			id, _ := one(e, "conn", "uid", "CbH2nJ4mK6lP8oI0u")
			return e.Get(id, "orig_bytes").Uint()
		}, uint64(9007199254740993)},
		// expected.md:18
		{"sum(conn.orig_bytes) (expected.md:18)", func(e *Engine) any { return bigSum(e, e.All("conn"), "orig_bytes") }, "9007199254740994"},
		// expected.md:19 - no '>' operator: FindFunc on the uint64.
		{"orig_bytes > 9007199254740992 (expected.md:19)", func(e *Engine) any {
			return filter(e, "conn", func(id RecID) bool { v := e.Get(id, "orig_bytes"); return !v.Unset && v.Uint() > 9007199254740992 })
		}, []string{"CbH2nJ4mK6lP8oI0u"}},
		{`orig_bytes == "9007199254740993" exact (expected.md:16,19)`, func(e *Engine) any {
			return find(e, "conn", "orig_bytes", Str("9007199254740993"))
		}, []string{"CbH2nJ4mK6lP8oI0u"}},
		// expected.md:20
		{"group conn by orig_bytes (expected.md:20)", func(e *Engine) any { return groups(e, e.All("conn"), []string{"orig_bytes"}, GroupOptions{}) },
			map[string]int{"9007199254740993": 1, "1": 1}},
		// expected.md:21
		{"JSON 18446744073709551615 not rejected (expected.md:21)", func(e *Engine) any { return []any{len(e.All("conn")), diags(e)} },
			[]any{2, []string{}}},
	}}
}

// case15: negative intervals.
func case15() pitfallCase {
	const dir = "15-negative-intervals"
	ttls := func(uid string) func(e *Engine) any {
		return func(e *Engine) any {
			id, ok := one(e, "dns", "uid", uid)
			if !ok {
				return "no record"
			}
			return floats(e.Get(id, "TTLs"))
		}
	}
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:11
		{"count dns, ntp (expected.md:11)", func(e *Engine) any { return []int{len(e.All("dns")), len(e.All("ntp"))} }, []int{4, 1}},
		// expected.md:12-13
		{"TTLs CgT5 (expected.md:12)", ttls("CgT5yH7uJ9iK1oL3p"), []float64{-1}},
		{"TTLs CwQ2 (expected.md:12)", ttls("CwQ2eR4tY6uI8oP0s"), []float64{-1, 300}},
		{"TTLs CdF6 unset (expected.md:12)", ttls("CdF6gH8jK0lZ2xC4v"), []float64(nil)},
		{"TTLs CbN7 (expected.md:13)", ttls("CbN7mQ9wE1rT3yU5i"), []float64{60}},
		// expected.md:14 - no '<' operator: FindFunc.
		{"any TTL < 0 (expected.md:14)", func(e *Engine) any {
			return len(filter(e, "dns", func(id RecID) bool {
				return slices.ContainsFunc(floats(e.Get(id, "TTLs")), func(f float64) bool { return f < 0 })
			}))
		}, 2},
		// expected.md:15 - no min/max: computed.
		{"min/max exploded TTLs (expected.md:15)", func(e *Engine) any {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, id := range e.All("dns") {
				for _, f := range floats(e.Get(id, "TTLs")) {
					lo, hi = min(lo, f), max(hi, f)
				}
			}
			return []float64{lo, hi}
		}, []float64{-1, 300}},
		// expected.md:16
		{"ntp root_delay (expected.md:16)", func(e *Engine) any {
			ids := e.All("ntp")
			if len(ids) != 1 {
				return "no record"
			}
			v := e.Get(ids[0], "root_delay")
			return []any{v.Type.Kind == zeeklog.KindInterval, v.Float(), e.ScalarText(v)}
		}, []any{true, -0.000015, "-0.000015"}},
		// expected.md:17-18
		{"-1.000000 elements are not unset (expected.md:17)", func(e *Engine) any {
			n := 0
			for _, id := range e.All("dns") {
				v := e.Get(id, "TTLs")
				for i := 0; i < v.Len(); i++ {
					if v.Elem(i).Unset {
						n++
					}
				}
			}
			return n
		}, 0},
	}}
}

// case17: x509 deduplication, pivot by fingerprint.
func case17() pitfallCase {
	const dir = "17-x509-dedup-and-cert-pivot"
	const (
		L1 = "6de7dd923f59c995bb73bf5875b2cfe2ada0c4aad205f36a60a2dd4a8f64cf1d"
		I1 = "1e2d226288002a86758a7fffca8be5eb39c66cb722b7c9f842ea0f76e4e1d094"
		L2 = "22cfaab64af639700a0fb91e50b4564f5a512f54acd2864a58fe4b13a6d6ef1a"
	)
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:16-17
		{"pivot L1 per path (expected.md:16)", func(e *Engine) any { return perPath(e, e.Pivot(L1, PivotOptions{})) }, map[string]int{"x509": 1, "ssl": 3}},
		{"pivot L1 ssl uids (expected.md:16)", func(e *Engine) any {
			return sorted(uids(e, e.Pivot(L1, PivotOptions{Paths: []string{"ssl"}})))
		}, []string{"CtL1aa2Bb3Cc4Dd5E", "CtL2ff6Gg7Hh8Ii9J", "CtL3kk0Ll1Mm2Nn3O"}},
		{"pivot L1 -> conn via uid (expected.md:17)", func(e *Engine) any {
			n := 0
			for _, u := range uids(e, e.Pivot(L1, PivotOptions{Paths: []string{"ssl"}})) {
				n += len(e.Pivot(u, PivotOptions{Paths: []string{"conn"}}))
			}
			return n
		}, 3},
		{"Cert(L1) (expected.md:16)", func(e *Engine) any { return len(e.Cert(L1)) }, 1},
		// expected.md:18
		{"pivot I1 ssl (expected.md:18)", func(e *Engine) any {
			return sorted(uids(e, e.Pivot(I1, PivotOptions{Paths: []string{"ssl"}})))
		}, []string{"CtL1aa2Bb3Cc4Dd5E", "CtL2ff6Gg7Hh8Ii9J", "CtL3kk0Ll1Mm2Nn3O", "CtL4pp4Qq5Rr6Ss7T"}},
		// expected.md:19-20
		{"group x509 by key_type (expected.md:19)", func(e *Engine) any { return groups(e, e.All("x509"), []string{"certificate.key_type"}, GroupOptions{}) },
			map[string]int{"rsa": 2, "ecdsa": 1}},
		{"group x509 by sig_alg (expected.md:19-20)", func(e *Engine) any { return groups(e, e.All("x509"), []string{"certificate.sig_alg"}, GroupOptions{}) },
			map[string]int{"sha256WithRSAEncryption": 3}},
		// expected.md:21-22 - no join operator: CertIDs + Cert per session.
		{"sessions per leaf key type (expected.md:21)", func(e *Engine) any {
			out := map[string]int{}
			for _, id := range e.All("ssl") {
				certs := e.CertIDs(id)
				if len(certs) == 0 {
					out["no-certificate"]++
					continue
				}
				x := e.Cert(certs[0])
				if len(x) != 1 {
					out[fmt.Sprintf("<%d x509 rows>", len(x))]++
					continue
				}
				out[text(e, e.Get(x[0], "certificate.key_type"))]++
			}
			return out
		}, map[string]int{"rsa": 3, "ecdsa": 1, "no-certificate": 1}},
		{"CtL5 cert_chain_fps empty vector, not unset (expected.md:22)", func(e *Engine) any {
			id, ok := one(e, "ssl", "uid", "CtL5uu8Vv9Ww0Xx1Y")
			if !ok {
				return "no record"
			}
			return elems(e, e.Get(id, "cert_chain_fps"))
		}, []string{}},
		// expected.md:23
		{"CtL3 certificate is the L1 row, 13.5 h older (expected.md:23)", func(e *Engine) any {
			id, ok := one(e, "ssl", "uid", "CtL3kk0Ll1Mm2Nn3O")
			if !ok {
				return "no record"
			}
			certs := e.CertIDs(id)
			if len(certs) == 0 {
				return "no cert ids"
			}
			x := e.Cert(certs[0])
			if len(x) != 1 {
				return fmt.Sprintf("%d x509 rows", len(x))
			}
			hours := float64(micros(e.Get(id, "ts"))-micros(e.Get(x[0], "ts"))) / 3600e6
			return []any{text(e, e.Get(x[0], "fingerprint")), math.Round(hours*10) / 10}
		}, []any{L1, 13.5}},
		{"chain CtL3 holds the L1 x509 row (expected.md:23)", func(e *Engine) any {
			var fps []string
			for _, id := range e.Chain("CtL3kk0Ll1Mm2Nn3O") {
				if e.Path(id) == "x509" {
					fps = append(fps, text(e, e.Get(id, "fingerprint")))
				}
			}
			return slices.Contains(fps, L1)
		}, true},
		// expected.md:24
		{"pivot uid CtL4 (expected.md:24)", func(e *Engine) any { return perPath(e, e.Pivot("CtL4pp4Qq5Rr6Ss7T", PivotOptions{})) },
			map[string]int{"conn": 1, "ssl": 1, "notice": 1}},
		// expected.md:25
		{"pivot IP 192.0.2.20 (expected.md:25)", func(e *Engine) any { return perPath(e, e.Pivot("192.0.2.20", PivotOptions{})) },
			map[string]int{"conn": 3, "ssl": 3, "notice": 1}},
		// expected.md:26
		{"count x509 (expected.md:26)", func(e *Engine) any { return len(e.All("x509")) }, 3},
		{"L2 is one x509 row (expected.md:9,26)", func(e *Engine) any { return len(e.Cert(L2)) }, 1},
	}}
}

// senders returns who sent a file: tx_hosts (Zeek <= 5.0), or id.orig_h /
// id.resp_h by is_orig (Zeek >= 5.1). Distinct, sorted.
func senders(e *Engine, fuid string, sender bool) []string {
	var out []string
	for _, id := range e.Find("files", []Cond{{Field: "fuid", Values: []Literal{Str(fuid)}}}) {
		out = append(out, hosts(e, id, sender)...)
	}
	return sorted(slices.Compact(sorted(out)))
}

func hosts(e *Engine, id RecID, sender bool) []string {
	if e.HasField("files", "tx_hosts") && !e.Get(id, "tx_hosts").Absent {
		if sender {
			return elems(e, e.Get(id, "tx_hosts"))
		}
		return elems(e, e.Get(id, "rx_hosts"))
	}
	isOrig := e.Get(id, "is_orig").Bool()
	if isOrig == sender {
		return []string{text(e, e.Get(id, "id.orig_h"))}
	}
	return []string{text(e, e.Get(id, "id.resp_h"))}
}

// case18: files.log before and after Zeek 5.1, each directory alone.
func case18() []pitfallCase {
	const dir = "18-files-log-schema-change"
	const setup, upload = "FsEtUp1Exe2Zz3Yy4", "FuPl0ad5Doc6Xx7Ww"
	const sha1a, sha1b = "b925eff18047656b1d4492347c86551034147296", "c2178a79c30460bd062f74c2f7bf49875c4b8674"
	common := func(sha1Rows int) []check {
		return []check{
			// expected.md:17
			{"pivot fuid (expected.md:17)", func(e *Engine) any { return perPath(e, e.Pivot(setup, PivotOptions{})) }, map[string]int{"files": sha1Rows}},
			// expected.md:18-19
			{"distinct sha1 (expected.md:18)", func(e *Engine) any {
				keys := []string{}
				for k := range groups(e, e.All("files"), []string{"sha1"}, GroupOptions{}) {
					keys = append(keys, k)
				}
				return sorted(keys)
			}, []string{sha1a, sha1b}},
			{"rows with sha1 b925 (expected.md:18-19)", func(e *Engine) any {
				return len(e.Find("files", []Cond{{Field: "sha1", Values: []Literal{Str(sha1a)}}}))
			}, sha1Rows},
			// expected.md:20-21 - no "sender" operation: computed from the schema.
			{"sender of setup.exe (expected.md:20)", func(e *Engine) any { return senders(e, setup, true) }, []string{"198.51.100.80"}},
			{"sender of upload (expected.md:21)", func(e *Engine) any { return senders(e, upload, true) }, []string{"192.0.2.30"}},
			// expected.md:22
			{"hosts that received setup.exe (expected.md:22)", func(e *Engine) any {
				var out []string
				for _, id := range e.Find("files", []Cond{{Field: "filename", Values: []Literal{Str("setup.exe")}}}) {
					out = append(out, hosts(e, id, false)...)
				}
				return sorted(slices.Compact(sorted(out)))
			}, []string{"192.0.2.30"}},
			// expected.md:23 - no sum: one row per distinct fuid (Group.First).
			{"seen_bytes per distinct fuid (expected.md:23)", func(e *Engine) any {
				ids := e.Find("files", []Cond{{Field: "fuid", Values: []Literal{Str(setup)}}})
				var firsts []RecID
				for _, g := range e.Group(ids, []string{"fuid"}, GroupOptions{}) {
					firsts = append(firsts, g.First)
				}
				return bigSum(e, firsts, "seen_bytes")
			}, "733696"},
			// expected.md:24
			{"files row never a conn row (expected.md:24)", func(e *Engine) any {
				return []int{len(e.Pivot(setup, PivotOptions{Paths: []string{"conn"}})), len(find(e, "conn", "uid", Str(setup)))}
			}, []int{0, 0}},
			{"uid of a files row is never its fuid (expected.md:24)", func(e *Engine) any {
				return filter(e, "files", func(id RecID) bool {
					u := e.Get(id, "uid")
					return !u.Unset && text(e, u) == text(e, e.Get(id, "fuid"))
				})
			}, []string{}},
		}
	}
	return []pitfallCase{
		{name: dir + "/zeek4", dirs: []string{dir + "/zeek4"}, checks: append(common(1),
			// expected.md:16
			check{"pivot uid CfG6 (expected.md:16)", func(e *Engine) any { return perPath(e, e.Pivot("CfG6hH7iI8jJ9kK0l", PivotOptions{})) },
				map[string]int{"conn": 1, "files": 1}},
			check{"pivot uid CfG6 files row is FsEt (expected.md:16)", func(e *Engine) any {
				ids := e.Pivot("CfG6hH7iI8jJ9kK0l", PivotOptions{Paths: []string{"files"}})
				out := []string{}
				for _, id := range ids {
					out = append(out, text(e, e.Get(id, "fuid")))
				}
				return out
			}, []string{setup}},
			// expected.md:9-11
			check{"conn_uids of FsEt (expected.md:10-11)", func(e *Engine) any { return sorted(elems(e, e.Get(firstOf(e, "files", "fuid", setup), "conn_uids"))) },
				[]string{"CfA1bB2cC3dD4eE5f", "CfG6hH7iI8jJ9kK0l"}},
		)},
		{name: dir + "/zeek6", dirs: []string{dir + "/zeek6"}, checks: append(common(2),
			// expected.md:16
			check{"pivot uid CgG6 (expected.md:16)", func(e *Engine) any { return perPath(e, e.Pivot("CgG6hH7iI8jJ9kK0l", PivotOptions{})) },
				map[string]int{"conn": 1, "files": 1}},
			check{"pivot uid CgG6 files row is FsEt (expected.md:16)", func(e *Engine) any {
				ids := e.Pivot("CgG6hH7iI8jJ9kK0l", PivotOptions{Paths: []string{"files"}})
				out := []string{}
				for _, id := range ids {
					out = append(out, text(e, e.Get(id, "fuid")))
				}
				return out
			}, []string{setup}},
			// expected.md:20-21: is_orig decides
			check{"is_orig of FsEt rows F, of the upload T (expected.md:20-21)", func(e *Engine) any {
				return []string{field(e, "files", "fuid", upload, "is_orig"), groupKeys(e, "files", "fuid", setup, "is_orig")}
			}, []string{"T", "F"}},
		)},
	}
}

// firstOf returns the first record of path whose key is val (0 if none).
func firstOf(e *Engine, path, key, val string) RecID {
	ids := e.Find(path, []Cond{{Field: key, Values: []Literal{Str(val)}}})
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

// groupKeys returns the distinct values of f over the records whose key is
// val, joined by ",".
func groupKeys(e *Engine, path, key, val, f string) string {
	ids := e.Find(path, []Cond{{Field: key, Values: []Literal{Str(val)}}})
	var out []string
	for k := range groups(e, ids, []string{f}, GroupOptions{}) {
		out = append(out, k)
	}
	return strings.Join(sorted(out), ",")
}

// case19: the pre-4.2 fuid links.
func case19() pitfallCase {
	const dir = "19-ssl-x509-via-fuid-old-schema"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:12 - Pivot finds only what names the uid (conn, ssl,
		// files via conn_uids); x509 rows are reached through the ssl
		// cert_chain_fuids, which is Chain.
		{"chain uid CoLd1 per path (expected.md:12)", func(e *Engine) any { return perPath(e, e.Chain("CoLd1Ss2Ll3Tt4Uu5")) },
			map[string]int{"conn": 1, "ssl": 1, "files": 2, "x509": 2}},
		{"chain uid CoLd1 files and x509 ids (expected.md:12)", func(e *Engine) any {
			var f, x []string
			for _, id := range e.Chain("CoLd1Ss2Ll3Tt4Uu5") {
				switch e.Path(id) {
				case "files":
					f = append(f, text(e, e.Get(id, "fuid")))
				case "x509":
					x = append(x, text(e, e.Get(id, "id")))
				}
			}
			return [][]string{sorted(f), sorted(x)}
		}, [][]string{{"FaInter1Dd5Ee6Ff7", "FaLeaf01Aa2Bb3Cc4"}, {"FaInter1Dd5Ee6Ff7", "FaLeaf01Aa2Bb3Cc4"}}},
		// expected.md:13
		{"x509 FbLeaf02 -> ssl (expected.md:13)", func(e *Engine) any {
			return uids(e, e.Pivot("FbLeaf02Gg8Hh9Ii0", PivotOptions{Paths: []string{"ssl"}}))
		}, []string{"CoLd6Vv7Ww8Xx9Yy0"}},
		{"ssl CoLd6 -> conn (expected.md:13)", func(e *Engine) any {
			return uids(e, e.Pivot("CoLd6Vv7Ww8Xx9Yy0", PivotOptions{Paths: []string{"conn"}}))
		}, []string{"CoLd6Vv7Ww8Xx9Yy0"}},
		{"Cert(FbLeaf02) (expected.md:13)", func(e *Engine) any { return len(e.Cert("FbLeaf02Gg8Hh9Ii0")) }, 1},
		// expected.md:14
		{"group x509 by subject (expected.md:14)", func(e *Engine) any { return groups(e, e.All("x509"), []string{"certificate.subject"}, GroupOptions{}) },
			map[string]int{"CN=portal.example.com,O=Example Org,C=US": 2, "CN=Example Issuing CA 1,O=Example Org,C=US": 2}},
		// expected.md:15
		{"distinct certificates by files.sha1 (expected.md:15)", func(e *Engine) any {
			keys := []string{}
			for k := range groups(e, e.All("files"), []string{"sha1"}, GroupOptions{}) {
				keys = append(keys, k)
			}
			return sorted(keys)
		}, []string{"9d7fce3cecb257e0c33606b7a15be261cee17392", "f0f367472e743770c37f5268ed0e60e5cb8ee469"}},
		{"distinct certificates by (issuer, serial) (expected.md:15)", func(e *Engine) any {
			return len(e.Group(e.All("x509"), []string{"certificate.issuer", "certificate.serial"}, GroupOptions{}))
		}, 2},
		// expected.md:16-17: not 0 certificates for CoLd1
		{"cert ids of ssl CoLd1 resolve (expected.md:16-17)", func(e *Engine) any {
			id, ok := one(e, "ssl", "uid", "CoLd1Ss2Ll3Tt4Uu5")
			if !ok {
				return -1
			}
			n := 0
			for _, c := range e.CertIDs(id) {
				n += len(e.Cert(c))
			}
			return n
		}, 2},
	}}
}

// case21: very long lines.
func case21() pitfallCase {
	const dir = "21-very-long-lines"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:12
		{"count http, smtp (expected.md:12)", func(e *Engine) any { return []int{len(e.All("http")), len(e.All("smtp"))} }, []int{3, 2}},
		{"no diagnostics (expected.md:12)", func(e *Engine) any { return diags(e) }, []string{}},
		// expected.md:13
		{"len(uri) CLg6Ff7 (expected.md:13)", func(e *Engine) any { return len(byUID(e, "http", "CLg6Ff7Gg8Hh9Ii0J", "uri")) }, 300000},
		{"status_code CLg6Ff7 (expected.md:13)", func(e *Engine) any { return byUID(e, "http", "CLg6Ff7Gg8Hh9Ii0J", "status_code") }, "414"},
		// expected.md:14
		{"line after the long one (expected.md:14)", func(e *Engine) any { return byUID(e, "http", "CLg1Kk2Ll3Mm4Nn5O", "uri") }, "/end"},
		// expected.md:15
		{"len(subject) CLg6Pp7 (expected.md:15)", func(e *Engine) any { return len(byUID(e, "smtp", "CLg6Pp7Qq8Rr9Ss0T", "subject")) }, 200000},
	}}
}

// case23: history is case-sensitive.
func case23() pitfallCase {
	const dir = "23-conn-history-is-case-sensitive"
	// No "contains"/"starts with" operators: FindFunc over the exact bytes.
	has := func(e *Engine, pred func(string) bool) []string {
		return filter(e, "conn", func(id RecID) bool {
			v := e.Get(id, "history")
			return !v.Unset && pred(string(e.Text(v.Sym)))
		})
	}
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:11-12
		{"group by history (expected.md:11)", func(e *Engine) any { return groups(e, e.All("conn"), []string{"history"}, GroupOptions{}) },
			map[string]int{"ShADadFf": 2, "Sr": 1, "ShR": 1, "Shr": 1, "^d": 1}},
		// expected.md:13
		{"history contains r (expected.md:13)", func(e *Engine) any {
			return sorted(has(e, func(h string) bool { return strings.Contains(h, "r") }))
		}, []string{"CsA1hR2rR3sS4tT5u", "CsA1hZ2zZ3aA4bB5c"}},
		// expected.md:14
		{"history contains R (expected.md:14)", func(e *Engine) any { return has(e, func(h string) bool { return strings.Contains(h, "R") }) },
			[]string{"CsA6hV7vV8wW9xX0y"}},
		// expected.md:15
		{"history starts with ^ (expected.md:15)", func(e *Engine) any { return has(e, func(h string) bool { return strings.HasPrefix(h, "^") }) },
			[]string{"CsA6hD7dD8eE9fF0g"}},
		// expected.md:11,18-19: exact filters are case-sensitive
		{`history == "ShR" / "Shr" (expected.md:11,18-19)`, func(e *Engine) any {
			return []int{len(find(e, "conn", "history", Str("ShR"))), len(find(e, "conn", "history", Str("Shr"))), len(find(e, "conn", "history", Str("shr")))}
		}, []int{1, 1, 0}},
		{"pivot ShR is exact (expected.md:18-19)", func(e *Engine) any { return len(e.Pivot("ShR", PivotOptions{})) }, 1},
	}}
}

// case26: rotated names and non-Zeek files.
func case26() pitfallCase {
	const dir = "26-file-naming-and-non-zeek-files"
	skipped := []string{"conn-summary.10:00:00-11:00:00.log.gz", "stderr.log", "stdout.log"}
	return pitfallCase{name: dir, dirs: []string{dir + "/logs"}, checks: []check{
		// expected.md:19
		{"counts (expected.md:19)", func(e *Engine) any {
			return map[string]int{"conn": len(e.All("conn")), "dns": len(e.All("dns")), "http": len(e.All("http"))}
		}, map[string]int{"conn": 3, "dns": 2, "http": 2}},
		{"log paths: no conn-summary (expected.md:21-22)", func(e *Engine) any {
			out := []string{}
			for _, l := range e.Logs() {
				out = append(out, l.Path)
			}
			return out
		}, []string{"conn", "dns", "http"}},
		{"_write_ts kept, never replaces ts (expected.md:19)", func(e *Engine) any {
			same := filter(e, "http", func(id RecID) bool {
				return e.Get(id, "ts").Unset || micros(e.Get(id, "ts")) == micros(e.Get(id, "_write_ts"))
			})
			return []any{e.HasField("http", "_write_ts"), same}
		}, []any{true, []string{}}},
		// expected.md:20-21
		{"skipped files: 0 records, each reported once (expected.md:20-21)", func(e *Engine) any {
			out := []string{}
			for _, d := range e.Diagnostics() {
				out = append(out, fmt.Sprintf("%s %s %v", d.Severity, filepath.Base(d.File), errors.Is(d.Err, zeeklog.ErrNotZeek)))
			}
			return sorted(out)
		}, []string{"note " + skipped[0] + " true", "note " + skipped[1] + " true", "note " + skipped[2] + " true"}},
		{"skipped file infos (expected.md:20-21)", func(e *Engine) any {
			out := []string{}
			for _, f := range e.Files() {
				if f.Skipped || f.Records == 0 {
					out = append(out, fmt.Sprintf("%s skipped=%v records=%d", filepath.Base(f.Name), f.Skipped, f.Records))
				}
			}
			return sorted(out)
		}, []string{skipped[0] + " skipped=true records=0", skipped[1] + " skipped=true records=0", skipped[2] + " skipped=true records=0"}},
		// expected.md:23
		{"pivot uid CnM0 (expected.md:23)", func(e *Engine) any { return perPath(e, e.Pivot("CnM0fF2aA3bB4cC5d", PivotOptions{})) },
			map[string]int{"conn": 1, "dns": 1}},
	}}
}

// case27: early Bro 2.x headers.
func case27() pitfallCase {
	const dir = "27-early-bro2-headers"
	return pitfallCase{name: dir, dirs: []string{dir}, checks: []check{
		// expected.md:15
		{"count conn (expected.md:15)", func(e *Engine) any { return len(e.All("conn")) }, 4},
		{"no diagnostics (expected.md:15)", func(e *Engine) any { return diags(e) }, []string{}},
		// expected.md:16-17
		{"tunnel_parents Hj3V empty set (expected.md:16-17)", func(e *Engine) any {
			id, ok := one(e, "conn", "uid", "Hj3VbX6cL9p")
			if !ok {
				return "no record"
			}
			return elems(e, e.Get(id, "tunnel_parents"))
		}, []string{}},
		{"tunnel_parents Rq5T (expected.md:17)", func(e *Engine) any {
			id, ok := one(e, "conn", "uid", "Rq5TzW8nM2c")
			if !ok {
				return "no record"
			}
			return elems(e, e.Get(id, "tunnel_parents"))
		}, []string{"Hj3VbX6cL9p"}},
		// expected.md:18
		{"bro-2.0 local_resp, tunnel_parents unset (expected.md:18)", func(e *Engine) any {
			out := []bool{}
			for _, u := range []string{"Xk2mQ9pLr4T"} {
				id, ok := one(e, "conn", "uid", u)
				if !ok {
					return "no record"
				}
				out = append(out, e.Get(id, "local_resp").Unset, e.Get(id, "tunnel_parents").Unset)
			}
			return out
		}, []bool{true, true}},
		{"bro-2.0 records have no tunnel_parents (expected.md:18)", func(e *Engine) any {
			out := map[string]int{}
			for _, id := range e.Find("conn", []Cond{{Field: "tunnel_parents", Values: []Literal{unset}}}) {
				f, _ := e.Source(id)
				out[filepath.Base(filepath.Dir(f))]++
			}
			return out
		}, map[string]int{"bro-2.0": 2}},
		// expected.md:19
		{"pivot uid Xk2m (expected.md:19)", func(e *Engine) any { return len(e.Pivot("Xk2mQ9pLr4T", PivotOptions{})) }, 1},
		// expected.md:20-21
		{"tunnel_parents contains Hj3V (expected.md:20)", func(e *Engine) any { return find(e, "conn", "tunnel_parents", Str("Hj3VbX6cL9p")) },
			[]string{"Rq5TzW8nM2c"}},
		{"pivot uid Hj3V (expected.md:20-21)", func(e *Engine) any { return len(e.Pivot("Hj3VbX6cL9p", PivotOptions{})) }, 2},
		// expected.md:22
		{"sort by ts: 2012-02 before 2012-10 (expected.md:22)", func(e *Engine) any {
			ids := e.All("conn")
			e.Sort(ids)
			out := []string{}
			for _, id := range ids {
				out = append(out, ISOMicros(micros(e.Get(id, "ts")))[:7])
			}
			return out
		}, []string{"2012-02", "2012-02", "2012-10", "2012-10"}},
	}}
}
