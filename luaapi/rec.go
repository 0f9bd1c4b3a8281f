package luaapi

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/index"
)

const recTypeName = "zeek.record"

// openRecord creates the one metatable shared by every record userdata.
// Fields are read on demand by a Go __index (never a table per record).
func (h *host) openRecord(L *lua.LState) {
	mt := L.NewTypeMetatable(recTypeName)
	methods := map[string]lua.LGFunction{
		"get":     h.recGet,
		"totable": h.recToTable,
		"source":  h.recSource,
		"exact":   h.recExact,
		"fields":  h.recFields,
	}
	mfuncs := L.NewTable()
	for name, fn := range methods {
		mfuncs.RawSetString(name, L.NewFunction(fn))
	}
	L.SetField(mt, "__index", L.NewFunction(func(L *lua.LState) int {
		id := h.checkRec(L, 1)
		key := L.CheckString(2)
		if key == "_path" {
			L.Push(lua.LString(h.eng.Path(id)))
			return 1
		}
		v := h.eng.Get(id, key)
		if v.Absent {
			if m := mfuncs.RawGetString(key); m != lua.LNil {
				L.Push(m)
				return 1
			}
		}
		L.Push(h.toLua(L, v))
		return 1
	}))
	L.SetField(mt, "__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("records are read-only (use rec:totable() for a copy)")
		return 0
	}))
	L.SetField(mt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		id := h.checkRec(L, 1)
		uid := h.eng.Get(id, "uid")
		s := h.eng.Path(id)
		if !uid.Unset {
			s += " " + h.eng.ScalarText(uid)
		} else if f := h.eng.Get(id, "fuid"); !f.Unset {
			s += " " + h.eng.ScalarText(f)
		}
		if ts, ok := h.eng.TS(id); ok {
			s += " " + engine.ISOMicros(ts)
		}
		L.Push(lua.LString("<" + s + ">"))
		return 1
	}))
	L.SetField(mt, "__eq", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(h.checkRec(L, 1) == h.checkRec(L, 2)))
		return 1
	}))
	h.recT = mt
}

// newRec wraps a record id.
func (h *host) newRec(L *lua.LState, id engine.RecID) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = id
	ud.Metatable = h.recT
	return ud
}

// checkRec returns the record at argument n or raises.
func (h *host) checkRec(L *lua.LState, n int) engine.RecID {
	ud, ok := L.Get(n).(*lua.LUserData)
	if ok {
		if id, ok := ud.Value.(engine.RecID); ok {
			return id
		}
	}
	L.ArgError(n, "record expected, got "+L.Get(n).Type().String())
	return 0
}

// rec:get(field) is rec[field], raising for a field the log does not have.
func (h *host) recGet(L *lua.LState) int {
	id := h.checkRec(L, 1)
	name := L.CheckString(2)
	v := h.eng.Get(id, name)
	if v.Absent && name != "_path" {
		L.RaiseError("%s has no field %q", h.eng.Path(id), name)
	}
	L.Push(h.toLua(L, v))
	return 1
}

// rec:exact(field) returns the value as exact text (a count beyond 2^53
// keeps every digit); nil when unset.
func (h *host) recExact(L *lua.LState) int {
	id := h.checkRec(L, 1)
	v := h.eng.Get(id, L.CheckString(2))
	if v.Unset {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LString(h.eng.DescribeValue(v)))
	return 1
}

// rec:source() returns the file and line the record came from.
func (h *host) recSource(L *lua.LState) int {
	f, line := h.eng.Source(h.checkRec(L, 1))
	L.Push(lua.LString(f))
	L.Push(lua.LNumber(line))
	return 2
}

// rec:fields() returns the record's field names in file order.
func (h *host) recFields(L *lua.LState) int {
	t := L.NewTable()
	for _, f := range h.eng.FieldsOf(h.checkRec(L, 1)) {
		t.Append(lua.LString(f.Name))
	}
	L.Push(t)
	return 1
}

// rec:totable() returns a plain table copy with _path and every set field.
func (h *host) recToTable(L *lua.LState) int {
	id := h.checkRec(L, 1)
	t := L.NewTable()
	t.RawSetString("_path", lua.LString(h.eng.Path(id)))
	for _, f := range h.eng.FieldsOf(id) {
		t.RawSetString(f.Name, h.toLua(L, h.eng.Get(id, f.Name)))
	}
	L.Push(t)
	return 1
}

// sym returns the pre-boxed Lua string of an interned symbol.
func (h *host) sym(s index.Sym) lua.LValue {
	if int(s) >= len(h.syms) {
		n := max(int(s)+1, 2*len(h.syms))
		grown := make([]lua.LValue, n)
		copy(grown, h.syms)
		h.syms = grown
	}
	if v := h.syms[s]; v != nil {
		return v
	}
	v := lua.LString(h.eng.Text(s))
	h.syms[s] = v
	return v
}

// toLua converts a stored value. Counts are Lua numbers (doubles): beyond
// 2^53 use rec:exact(field) or Go-side filters and groups, which are exact.
// Times are epoch seconds; sets and vectors are arrays; unset is nil.
func (h *host) toLua(L *lua.LState, v engine.Value) lua.LValue {
	if v.Unset {
		return lua.LNil
	}
	if v.Type.Container != zeeklog.Scalar {
		t := L.CreateTable(v.Len(), 0)
		for i := 0; i < v.Len(); i++ {
			el := h.toLua(L, v.Elem(i))
			if el == lua.LNil {
				el = lua.LFalse // keep positions; an unset element is rare
			}
			t.RawSetInt(i+1, el)
		}
		return t
	}
	switch v.Type.Kind {
	case zeeklog.KindCount, zeeklog.KindPort:
		return lua.LNumber(float64(v.Uint()))
	case zeeklog.KindInt:
		return lua.LNumber(float64(v.Int()))
	case zeeklog.KindTime:
		return lua.LNumber(float64(v.Micros()) / 1e6)
	case zeeklog.KindDouble, zeeklog.KindInterval:
		return lua.LNumber(v.Float())
	case zeeklog.KindBool:
		return lua.LBool(v.Bool())
	}
	return h.sym(v.Sym)
}
