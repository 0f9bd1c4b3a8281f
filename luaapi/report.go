package luaapi

import (
	"fmt"
	"math"
	"slices"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
)

// Severities of findings, lowest first.
var Severities = []string{"info", "low", "medium", "high", "critical"}

// SeverityRank returns the position of a severity name in [Severities], or
// -1.
func SeverityRank(s string) int { return slices.Index(Severities, strings.ToLower(s)) }

// Finding is one result a hunt reported with zeek.report.
type Finding struct {
	Hunt     string
	Severity string
	Title    string
	Records  []engine.RecID
	// Extra holds the other keys of the report table, converted to Go
	// values (string, float64, bool, []any, map[string]any).
	Extra map[string]any
}

// zeek.report{severity=, title=, records=, ...} collects a finding.
func (h *host) zeekReport(L *lua.LState) int {
	t := L.CheckTable(1)
	f := Finding{Hunt: h.opts.HuntName, Extra: map[string]any{}}
	sev, _ := t.RawGetString("severity").(lua.LString)
	if SeverityRank(string(sev)) < 0 {
		L.ArgError(1, fmt.Sprintf("severity must be one of %s, got %q", strings.Join(Severities, ", "), L.ToStringMeta(t.RawGetString("severity"))))
	}
	f.Severity = strings.ToLower(string(sev))
	title, ok := t.RawGetString("title").(lua.LString)
	if !ok || title == "" {
		L.ArgError(1, "title (a string) is required")
	}
	f.Title = string(title)
	switch recs := t.RawGetString("records").(type) {
	case *lua.LNilType:
	case *lua.LTable:
		for i := 1; i <= recs.Len(); i++ {
			ud, ok := recs.RawGetInt(i).(*lua.LUserData)
			var id engine.RecID
			if ok {
				id, ok = ud.Value.(engine.RecID)
			}
			if !ok {
				L.ArgError(1, fmt.Sprintf("records[%d] is not a record", i))
			}
			f.Records = append(f.Records, id)
		}
	case *lua.LUserData:
		f.Records = []engine.RecID{h.checkRecValue(L, recs)}
	default:
		L.ArgError(1, "records must be a record or an array of records")
	}
	t.ForEach(func(k, v lua.LValue) {
		key, ok := k.(lua.LString)
		if !ok {
			return
		}
		switch key {
		case "severity", "title", "records":
			return
		}
		f.Extra[string(key)] = goValue(L, v, 0)
	})
	h.findings = append(h.findings, f)
	return 0
}

func (h *host) checkRecValue(L *lua.LState, ud *lua.LUserData) engine.RecID {
	if id, ok := ud.Value.(engine.RecID); ok {
		return id
	}
	L.ArgError(1, "records must be records")
	return 0
}

// goValue converts a Lua value for JSON output.
func goValue(L *lua.LState, v lua.LValue, depth int) any {
	if depth > 8 {
		return "…"
	}
	switch v := v.(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		if f := float64(v); !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
		return nil // JSON has no inf or nan
	case lua.LBool:
		return bool(v)
	case *lua.LTable:
		n := 0
		v.ForEach(func(_, _ lua.LValue) { n++ })
		if v.Len() > 0 && n == v.Len() { // a pure array
			var out []any
			for i := 1; i <= v.Len(); i++ {
				out = append(out, goValue(L, v.RawGetInt(i), depth+1))
			}
			return out
		}
		out := map[string]any{}
		v.ForEach(func(k, el lua.LValue) { out[toString(L, k)] = goValue(L, el, depth+1) })
		return out
	case *lua.LNilType:
		return nil
	}
	return L.ToStringMeta(v).String()
}
