package luaapi

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/huntfile"
	"github.com/zhunt/zhunt/render"
)

// unsetSentinel is the value of zeek.unset: in a find filter it matches an
// unset (or absent) field.
type unsetSentinel struct{}

// openZeek builds the global zeek table.
func (h *host) openZeek(L *lua.LState) *lua.LTable {
	funcs := map[string]lua.LGFunction{
		"load":        h.zeekLoad,
		"logs":        h.zeekLogs,
		"fields":      h.zeekFields,
		"has_field":   h.zeekHasField,
		"find":        h.zeekFind,
		"count":       h.zeekCount,
		"pivot":       h.zeekPivot,
		"group":       h.zeekGroup,
		"chain":       h.zeekChain,
		"cert":        h.zeekCert,
		"cert_ids":    h.zeekCertIDs,
		"show":        h.zeekShow,
		"diagnostics": h.zeekDiagnostics,
		"time":        h.zeekTime,
		"iso":         h.zeekISO,
		"flags":       h.zeekFlags,
		"stats":       h.zeekStats,

		"community_id": h.zeekCommunityID,
	}
	t := L.NewTable()
	for name, fn := range funcs {
		t.RawSetString(name, L.NewFunction(fn))
	}
	args := L.NewTable()
	for _, a := range h.opts.Args {
		args.Append(lua.LString(a))
	}
	t.RawSetString("args", args)
	if h.opts.OwnDir != "" {
		t.RawSetString("dir", lua.LString(h.opts.OwnDir))
	}
	u := L.NewUserData()
	u.Value = unsetSentinel{}
	t.RawSetString("unset", u)
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		if k, ok := L.Get(2).(lua.LString); ok && optionalMembers[string(k)] {
			L.Push(lua.LNil) // documented, absent here (zeek.dir in the REPL)
			return 1
		}
		L.RaiseError("%s", unknownMember(t, L.CheckAny(2)))
		return 0
	}))
	L.SetMetatable(t, mt)
	return t
}

// optionalMembers are zeek names that exist only sometimes: reading one
// that is absent gives nil, not an error.
var optionalMembers = map[string]bool{"dir": true}

// unknownMember explains reading a name the zeek table does not have (a typo,
// or a function of another zhunt version): Lua would go on with nil and fail
// later with "attempt to call a non-function object", naming nothing.
// rawget(zeek, name) tests for a name without this error. The suggestion is
// the nearest name ignoring case, within one edit for names of up to three
// letters and two for longer ones.
func unknownMember(t *lua.LTable, key lua.LValue) string {
	s, ok := key.(lua.LString)
	if !ok {
		return fmt.Sprintf("zeek[%s] does not exist: zeek's names are strings (help() lists the zeek functions)", key.Type())
	}
	name := string(s)
	msg := "zeek." + name + " does not exist"
	limit := 2
	if len(name) <= 3 {
		limit = 1
	}
	best, bestDist := "", limit+1
	t.ForEach(func(k, _ lua.LValue) {
		cand := k.String()
		d := editDistance(strings.ToLower(name), strings.ToLower(cand))
		if d < bestDist || d == bestDist && cand < best {
			best, bestDist = cand, d
		}
	})
	if best != "" {
		msg += "; did you mean zeek." + best + "?"
	}
	return msg + " (help() lists the zeek functions)"
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// zeek.load(path, ...) -> {records=, files=, skipped=, rejected=, warnings=}
func (h *host) zeekLoad(L *lua.LState) int {
	var paths []string
	for i := 1; i <= L.GetTop(); i++ {
		paths = append(paths, L.CheckString(i))
	}
	if len(paths) == 0 {
		L.ArgError(1, "path expected")
	}
	// Every file is checked, not only the path given: a directory may hold
	// links to elsewhere, and the sandbox judges where a file really is.
	var files []string
	for _, p := range paths {
		if err := h.checkPath(p, reading); err != nil {
			L.RaiseError("%s", err)
		}
		found, err := zeeklog.Files(p)
		if err != nil {
			L.RaiseError("load: %v", err)
		}
		for _, f := range found {
			if err := h.checkPath(f, reading); err != nil {
				L.RaiseError("%s (found under %s)", err, p)
			}
		}
		files = append(files, found...)
	}
	ctx := L.Context()
	if ctx == nil {
		ctx = contextBackground()
	}
	sum, err := h.eng.Load(ctx, files...)
	if err != nil {
		L.RaiseError("load: %v", err)
	}
	t := L.NewTable()
	t.RawSetString("records", lua.LNumber(sum.Records))
	t.RawSetString("files", lua.LNumber(sum.Files))
	t.RawSetString("skipped", lua.LNumber(sum.Skipped))
	t.RawSetString("rejected", lua.LNumber(sum.Rejected))
	t.RawSetString("warnings", lua.LNumber(sum.Warnings))
	t.RawSetString("damaged", lua.LNumber(sum.Damaged))
	t.RawSetString("again", lua.LNumber(sum.Again))
	L.Push(t)
	return 1
}

// zeek.logs() -> array of {path=, records=, fields={names}}
func (h *host) zeekLogs(L *lua.LState) int {
	out := L.NewTable()
	for _, l := range h.eng.Logs() {
		t := L.NewTable()
		t.RawSetString("path", lua.LString(l.Path))
		t.RawSetString("records", lua.LNumber(l.Records))
		names := L.NewTable()
		for _, f := range l.Fields {
			names.Append(lua.LString(f.Name))
		}
		t.RawSetString("fields", names)
		out.Append(t)
	}
	L.Push(out)
	return 1
}

// zeek.fields(path) -> array of {name=, type=}
func (h *host) zeekFields(L *lua.LState) int {
	path := L.CheckString(1)
	h.needLog(L, path)
	out := L.NewTable()
	for _, f := range h.eng.Fields(path) {
		t := L.NewTable()
		t.RawSetString("name", lua.LString(f.Name))
		t.RawSetString("type", lua.LString(f.Type.String()))
		out.Append(t)
	}
	L.Push(out)
	return 1
}

// zeek.has_field(path, field) -> boolean
func (h *host) zeekHasField(L *lua.LState) int {
	path := L.CheckString(1)
	h.needLog(L, path)
	L.Push(lua.LBool(h.eng.HasField(path, L.CheckString(2))))
	return 1
}

// literal converts a Lua filter value.
func literal(L *lua.LState, field string, v lua.LValue) engine.Literal {
	switch v := v.(type) {
	case lua.LString:
		return engine.Str(string(v))
	case lua.LNumber:
		return engine.Num(float64(v))
	case lua.LBool:
		return engine.Literal{Kind: engine.LitBool, Bool: bool(v)}
	case *lua.LUserData:
		if _, ok := v.Value.(unsetSentinel); ok {
			return engine.Literal{Kind: engine.LitUnset}
		}
	}
	L.RaiseError("filter %s: cannot compare with a %s", field, v.Type())
	return engine.Literal{}
}

// conds converts a filter table {field=value or {values}}.
func (h *host) conds(L *lua.LState, path string, t *lua.LTable) []engine.Cond {
	var out []engine.Cond
	t.ForEach(func(k, v lua.LValue) {
		field, ok := k.(lua.LString)
		if !ok {
			L.RaiseError("filter keys must be field names, got %s", k.Type())
		}
		name := string(field)
		if h.eng.HasLog(path) && !h.eng.HasField(path, name) {
			L.RaiseError("%s has no field %q", path, name)
		}
		if path == engine.AllLogs && h.eng.Records() > 0 && !h.eng.HasField(path, name) {
			L.RaiseError("no loaded log has a field %q", name)
		}
		tab, ok := v.(*lua.LTable)
		if !ok {
			out = append(out, engine.Cond{Field: name, Values: []engine.Literal{literal(L, name, v)}})
			return
		}
		entries := 0
		tab.ForEach(func(_, _ lua.LValue) { entries++ })
		if n := tab.Len(); n > 0 || entries == 0 { // {v1, v2}: any of; {}: any of none, so nothing
			if entries != n {
				L.RaiseError("filter %s: give either a list of values (any of) or operators (all of), not both", name)
			}
			c := engine.Cond{Field: name, Values: []engine.Literal{}}
			tab.ForEach(func(_, el lua.LValue) { c.Values = append(c.Values, literal(L, name, el)) })
			out = append(out, c)
			return
		}
		// {gt = a, le = b}: every operator must hold
		tab.ForEach(func(k, el lua.LValue) {
			opName, _ := k.(lua.LString)
			op, ok := engine.ParseOp(string(opName))
			if !ok {
				L.RaiseError("filter %s: unknown operator %q (want eq, ne, gt, ge, lt, le, contains, prefix or suffix)",
					name, L.ToStringMeta(k).String())
			}
			lit := literal(L, name, el)
			lit.Op = op
			out = append(out, engine.Cond{Field: name, Values: []engine.Literal{lit}})
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// needLog raises an error when path's files were passed over because the
// hunt does not declare it: an empty answer would be wrong.
func (h *host) needLog(L *lua.LState, path string) {
	if h.eng.LeftOut(path) {
		L.RaiseError("log %q was not loaded: the hunt's \"logs:\" line does not name it (add it there, or run with --all-logs)", path)
	}
}

// find runs zeek.find/zeek.count's query.
func (h *host) find(L *lua.LState) []engine.RecID {
	path := L.CheckString(1)
	h.needLog(L, path)
	switch f := L.Get(2).(type) {
	case *lua.LNilType:
		return h.eng.All(path)
	case *lua.LTable:
		return h.eng.Find(path, h.conds(L, path, f))
	case *lua.LFunction:
		handler := Protect(L, nil)
		ids, err := h.eng.FindFunc(path, func(id engine.RecID) (bool, error) {
			if err := L.CallByParam(lua.P{Fn: f, NRet: 1, Protect: true, Handler: handler}, h.newRec(L, id)); err != nil {
				return false, err
			}
			keep := lua.LVAsBool(L.Get(-1))
			L.Pop(1)
			return keep, nil
		})
		if err != nil {
			// The filter's own error already names its file and line: raise
			// it again as it is (error objects other than strings too).
			var apiErr *lua.ApiError
			if errors.As(err, &apiErr) && apiErr.Object != nil {
				L.Error(apiErr.Object, 0)
			}
			L.RaiseError("%v", err)
		}
		return ids
	default:
		L.ArgError(2, "filter must be a table or a function")
	}
	return nil
}

// zeek.find(path, filter) -> array of records
func (h *host) zeekFind(L *lua.LState) int {
	L.Push(h.recArray(L, h.find(L)))
	return 1
}

// zeek.count(path, filter) -> number
func (h *host) zeekCount(L *lua.LState) int {
	L.Push(lua.LNumber(len(h.find(L))))
	return 1
}

func (h *host) recArray(L *lua.LState, ids []engine.RecID) *lua.LTable {
	t := L.CreateTable(len(ids), 0)
	for i, id := range ids {
		t.RawSetInt(i+1, h.newRec(L, id))
	}
	return t
}

// stringList reads a string or an array of strings.
func stringList(L *lua.LState, v lua.LValue, what string) []string {
	switch v := v.(type) {
	case *lua.LNilType:
		return nil
	case lua.LString:
		return []string{string(v)}
	case *lua.LTable:
		var out []string
		v.ForEach(func(_, el lua.LValue) {
			s, ok := el.(lua.LString)
			if !ok {
				L.RaiseError("%s: expected strings, got %s", what, el.Type())
			}
			out = append(out, string(s))
		})
		return out
	}
	L.RaiseError("%s: expected a string or an array of strings, got %s", what, v.Type())
	return nil
}

// zeek.pivot(value [, {paths=, fields=}]) -> array of records
func (h *host) zeekPivot(L *lua.LState) int {
	switch v := L.Get(1).(type) {
	case lua.LString:
	case lua.LNumber:
		L.ArgError(1, fmt.Sprintf("pivot matches text values (addresses, uids, names, hashes); for the number %s use zeek.find(path, {field = %s})", toString(L, v), toString(L, v)))
	default:
		L.ArgError(1, "a string value expected, got "+v.Type().String())
	}
	if s, ok := L.Get(1).(lua.LString); ok && strings.HasPrefix(string(s), "1:") {
		return h.pivotCommunityID(L, string(s))
	}
	value := L.ToStringMeta(L.CheckAny(1)).String()
	var opts engine.PivotOptions
	if t := L.OptTable(2, nil); t != nil {
		opts.Paths = stringList(L, t.RawGetString("paths"), "pivot paths")
		for _, p := range opts.Paths {
			h.needLog(L, p)
		}
		opts.Fields = stringList(L, t.RawGetString("fields"), "pivot fields")
	}
	L.Push(h.recArray(L, h.eng.Pivot(value, opts)))
	return 1
}

// srcRecords reads argument n as a source of records: a log path (all of
// its records) or an array of records.
func (h *host) srcRecords(L *lua.LState, n int) []engine.RecID {
	switch src := L.Get(n).(type) {
	case lua.LString:
		h.needLog(L, string(src))
		return h.eng.All(string(src))
	case *lua.LTable:
		return h.recList(L, n)
	}
	L.ArgError(n, "log path or array of records expected")
	return nil
}

// recList reads an array of records.
func (h *host) recList(L *lua.LState, n int) []engine.RecID {
	t := L.CheckTable(n)
	ids := make([]engine.RecID, 0, t.Len())
	for i := 1; i <= t.Len(); i++ {
		ud, ok := t.RawGetInt(i).(*lua.LUserData)
		var id engine.RecID
		if ok {
			id, ok = ud.Value.(engine.RecID)
		}
		if !ok {
			L.ArgError(n, fmt.Sprintf("element %d is not a record", i))
		}
		ids = append(ids, id)
	}
	return ids
}

// zeek.group(src, keys [, {distinct=, explode=}]) -> array of
// {key=v | keys={...}, count=n [, distinct=n]}
func (h *host) zeekGroup(L *lua.LState) int {
	ids := h.srcRecords(L, 1)
	keys := stringList(L, L.Get(2), "group keys")
	if len(keys) == 0 {
		L.ArgError(2, "at least one key field expected")
	}
	var opts engine.GroupOptions
	if t := L.OptTable(3, nil); t != nil {
		if d, ok := t.RawGetString("distinct").(lua.LString); ok {
			opts.Distinct = string(d)
		}
		opts.Explode = lua.LVAsBool(t.RawGetString("explode"))
	}
	if src, ok := L.Get(1).(lua.LString); ok && h.eng.HasLog(string(src)) {
		for _, k := range append(append([]string{}, keys...), opts.Distinct) {
			if k != "" && !h.eng.HasField(string(src), k) {
				L.RaiseError("%s has no field %q", src, k)
			}
		}
	}
	out := L.NewTable()
	for _, g := range h.eng.Group(ids, keys, opts) {
		t := L.NewTable()
		if len(keys) == 1 {
			t.RawSetString("key", h.toLua(L, g.Keys[0]))
		} else {
			kt := L.NewTable()
			for i, k := range g.Keys {
				kt.RawSetInt(i+1, h.toLua(L, k))
			}
			t.RawSetString("keys", kt)
		}
		t.RawSetString("count", lua.LNumber(g.Count))
		if opts.Distinct != "" {
			t.RawSetString("distinct", lua.LNumber(g.Distinct))
		}
		out.Append(t)
	}
	L.Push(out)
	return 1
}

// zeek.chain(uid) -> array of records
func (h *host) zeekChain(L *lua.LState) int {
	L.Push(h.recArray(L, h.eng.Chain(L.CheckString(1))))
	return 1
}

// zeek.cert(id) -> array of x509 records
func (h *host) zeekCert(L *lua.LState) int {
	L.Push(h.recArray(L, h.eng.Cert(L.CheckString(1))))
	return 1
}

// zeek.cert_ids(ssl_record) -> array of fuids or fingerprints, leaf first
func (h *host) zeekCertIDs(L *lua.LState) int {
	t := L.NewTable()
	for _, id := range h.eng.CertIDs(h.checkRec(L, 1)) {
		t.Append(lua.LString(id))
	}
	L.Push(t)
	return 1
}

// zeek.show(records [, fields]) prints records, or plain rows such as group
// results, in the chosen format.
func (h *host) zeekShow(L *lua.LState) int {
	fields := stringList(L, L.Get(2), "show fields")
	if fields != nil {
		seen := map[string]bool{}
		uniq := fields[:0]
		for _, f := range fields {
			if !seen[f] {
				seen[f] = true
				uniq = append(uniq, f)
			}
		}
		fields = uniq
	}
	var err error
	switch v := L.Get(1).(type) {
	case *lua.LUserData:
		err = render.Records(h.opts.Stdout, h.opts.Format, h.eng, []engine.RecID{h.checkRec(L, 1)}, fields)
	case *lua.LTable:
		if _, ok := v.RawGetInt(1).(*lua.LTable); ok {
			err = h.showTables(L, v, fields)
			break
		}
		if v.Len() == 0 {
			return 0
		}
		err = render.Records(h.opts.Stdout, h.opts.Format, h.eng, h.recList(L, 1), fields)
	default:
		L.ArgError(1, "records or an array of tables expected")
	}
	if err != nil {
		L.RaiseError("show: %v", err)
	}
	return 0
}

// showTables prints an array of plain tables. Columns: the given fields, or
// key/keys first, then the other keys sorted, count and distinct last.
func (h *host) showTables(L *lua.LState, rows *lua.LTable, fields []string) error {
	if fields == nil {
		seen := map[string]bool{}
		tableValued := map[string]bool{}
		var rest []string
		for i := 1; i <= rows.Len(); i++ {
			if t, ok := rows.RawGetInt(i).(*lua.LTable); ok {
				t.ForEach(func(k, v lua.LValue) {
					if s, ok := k.(lua.LString); ok && !seen[string(s)] {
						seen[string(s)] = true
						rest = append(rest, string(s))
					}
					if s, ok := k.(lua.LString); ok {
						if _, isT := v.(*lua.LTable); isT {
							tableValued[string(s)] = true
						}
					}
				})
			}
		}
		// key first, plain values, count and distinct, then lists (wide).
		rank := func(s string) int {
			switch {
			case s == "key" || s == "keys":
				return 0
			case tableValued[s]:
				return 4
			case s == "count":
				return 2
			case s == "distinct":
				return 3
			}
			return 1
		}
		sort.Slice(rest, func(i, j int) bool {
			if rank(rest[i]) != rank(rest[j]) {
				return rank(rest[i]) < rank(rest[j])
			}
			return rest[i] < rest[j]
		})
		fields = rest
	}
	var out [][]render.Cell
	for i := 1; i <= rows.Len(); i++ {
		t, ok := rows.RawGetInt(i).(*lua.LTable)
		if !ok {
			return fmt.Errorf("row %d is not a table", i)
		}
		row := make([]render.Cell, len(fields))
		for j, f := range fields {
			row[j] = luaCell(L, t.RawGetString(f))
		}
		out = append(out, row)
	}
	return render.Rows(h.opts.Stdout, h.opts.Format, fields, out)
}

// luaCell renders a Lua value as a table cell. Nested tables render to a
// bounded depth (a table that contains itself cannot recurse forever);
// numbers that JSON cannot hold (inf, nan) are null in JSON; zeek.unset is
// an unset cell.
func luaCell(L *lua.LState, v lua.LValue) render.Cell { return luaCellDepth(L, v, 0) }

func luaCellDepth(L *lua.LState, v lua.LValue, depth int) render.Cell {
	if depth > 6 {
		return render.Cell{Text: "…", JSON: `"…"`}
	}
	switch v := v.(type) {
	case *lua.LNilType:
		return render.Cell{Text: "-"}
	case lua.LNumber:
		f := float64(v)
		s := toString(L, v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return render.Cell{Text: s, JSON: "null"}
		}
		return render.Cell{Text: s, JSON: s}
	case lua.LBool:
		s := "false"
		if v {
			s = "true"
		}
		return render.Cell{Text: s, JSON: s}
	case *lua.LUserData:
		if _, ok := v.Value.(unsetSentinel); ok {
			return render.Cell{Text: "-"}
		}
	case *lua.LTable:
		var texts, jsons []string
		for i := 1; i <= v.Len(); i++ {
			c := luaCellDepth(L, v.RawGetInt(i), depth+1)
			texts = append(texts, c.Text)
			if c.JSON == "" {
				c.JSON = "null"
			}
			jsons = append(jsons, c.JSON)
		}
		if v.Len() == 0 {
			// a map: key=value pairs, sorted
			var keys []string
			cells := map[string]render.Cell{}
			v.ForEach(func(k, el lua.LValue) {
				ks := L.ToStringMeta(k).String()
				keys = append(keys, ks)
				cells[ks] = luaCellDepth(L, el, depth+1)
			})
			sort.Strings(keys)
			for _, k := range keys {
				c := cells[k]
				texts = append(texts, k+"="+c.Text)
				if c.JSON == "" {
					c.JSON = "null"
				}
				jsons = append(jsons, render.JSONString(k)+":"+c.JSON)
			}
			return render.Cell{Text: strings.Join(texts, ","), JSON: "{" + strings.Join(jsons, ",") + "}"}
		}
		return render.Cell{Text: strings.Join(texts, ","), JSON: "[" + strings.Join(jsons, ",") + "]"}
	}
	s := L.ToStringMeta(v).String()
	return render.Cell{Text: s, JSON: render.JSONString(s)}
}

// zeek.diagnostics() -> array of {severity=, file=, line=, field=, message=}
func (h *host) zeekDiagnostics(L *lua.LState) int {
	out := L.NewTable()
	for _, d := range h.eng.Diagnostics() {
		t := L.NewTable()
		t.RawSetString("severity", lua.LString(d.Severity.String()))
		t.RawSetString("file", lua.LString(d.File))
		if d.Line > 0 {
			t.RawSetString("line", lua.LNumber(d.Line))
		}
		if d.Field != "" {
			t.RawSetString("field", lua.LString(d.Field))
		}
		t.RawSetString("message", lua.LString(d.Err.Error()))
		out.Append(t)
	}
	L.Push(out)
	return 1
}

// zeek.time("2024-03-05T10:00:00Z") -> epoch seconds (number)
func (h *host) zeekTime(L *lua.LState) int {
	s := L.CheckString(1)
	us, ok := engine.ParseTime(s)
	if !ok {
		L.ArgError(1, fmt.Sprintf("not a time: %q (want ISO 8601 or epoch seconds)", s))
	}
	L.Push(lua.LNumber(float64(us) / 1e6))
	return 1
}

// zeek.iso(seconds) -> "2024-03-05T10:00:00.000000Z"
func (h *host) zeekISO(L *lua.LState) int {
	f := float64(L.CheckNumber(1))
	if math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 253402300799 {
		L.ArgError(1, "not a time: "+toString(L, lua.LNumber(f))+" (epoch seconds up to the year 9999)")
	}
	L.Push(lua.LString(engine.ISOMicros(int64(roundMicros(f)))))
	return 1
}

// ErrHelpShown is the error a hunt stops with after zeek.flags printed its
// --help; callers treat it as success.
var ErrHelpShown = errors.New("help shown")

// helpShownMsg is the Lua error value behind [ErrHelpShown].
const helpShownMsg = "zhunt: hunt help shown"

// zeek.flags() parses zeek.args as --name value / --name=value / --switch
// into a table; other arguments go to the array part. When the hunt
// declares its args in its metadata block, an undeclared flag raises, and
// --help prints the hunt's usage and stops it.
func (h *host) zeekFlags(L *lua.LState) int {
	t := L.NewTable()
	args := h.opts.Args
	meta := h.opts.Meta
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "--") || a == "--" {
			t.Append(lua.LString(a))
			continue
		}
		name, val, hasVal := strings.Cut(a[2:], "=")
		if name == "help" || name == "h" {
			if meta != nil {
				fmt.Fprint(h.opts.Stdout, meta.Usage())
			} else {
				fmt.Fprintf(h.opts.Stdout, "%s takes: %s\n", h.opts.HuntName, "(no declared flags)")
			}
			L.RaiseError(helpShownMsg)
		}
		var decl huntfile.Arg
		if meta != nil && len(meta.Args) > 0 {
			var ok bool
			if decl, ok = meta.Arg(name); !ok {
				var names []string
				for _, d := range meta.Args {
					names = append(names, "--"+d.Name)
				}
				L.RaiseError("unknown flag --%s (this hunt takes %s; see -- --help)", name, strings.Join(names, ", "))
			}
		}
		switch {
		case hasVal:
			t.RawSetString(name, lua.LString(val))
		case decl.Name != "" && decl.Value == "":
			t.RawSetString(name, lua.LTrue)
		case i+1 < len(args) && !strings.HasPrefix(args[i+1], "--"):
			t.RawSetString(name, lua.LString(args[i+1]))
			i++
		case decl.Value != "":
			L.RaiseError("flag --%s needs a value (%s)", name, decl.Value)
		default:
			t.RawSetString(name, lua.LTrue)
		}
	}
	L.Push(t)
	return 1
}

// zeek.stats(src, field) -> {n=, unset=, sum=, min=, max=, sum_exact=,
// min_exact=, max_exact=}: sum, min and max as Lua numbers, and exactly as
// text (counts beyond 2^53 keep every digit; integer sums never wrap).
func (h *host) zeekStats(L *lua.LState) int {
	ids := h.srcRecords(L, 1)
	field := L.CheckString(2)
	if src, ok := L.Get(1).(lua.LString); ok && h.eng.HasLog(string(src)) && !h.eng.HasField(string(src), field) {
		L.RaiseError("%s has no field %q", src, field)
	}
	st := h.eng.Stats(ids, field)
	t := L.NewTable()
	t.RawSetString("n", lua.LNumber(st.N))
	t.RawSetString("unset", lua.LNumber(st.Unset))
	if st.N > 0 {
		t.RawSetString("sum", lua.LNumber(st.FSum))
		t.RawSetString("sum_exact", lua.LString(st.SumText()))
		t.RawSetString("min", h.toLua(L, st.Min))
		t.RawSetString("max", h.toLua(L, st.Max))
		t.RawSetString("min_exact", lua.LString(h.eng.ScalarText(st.Min)))
		t.RawSetString("max_exact", lua.LString(h.eng.ScalarText(st.Max)))
	}
	L.Push(t)
	return 1
}
