package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

// replSession is the REPL without the terminal: it takes lines, runs
// complete chunks, prints results, and completes words. cmdRepl wires it to
// liner; tests drive it directly.
type replSession struct {
	vm     *luaapi.VM
	eng    *engine.Engine
	out    io.Writer
	errOut io.Writer
	buf    strings.Builder
	show   lua.LValue // zeek.show as the session began: prints even if the user rebinds zeek

	mu     sync.Mutex
	cancel context.CancelFunc // cancels the running statement
}

func newREPLSession(eng *engine.Engine, vm *luaapi.VM, out, errOut io.Writer) *replSession {
	var show lua.LValue = lua.LNil
	if z, ok := vm.L.GetGlobal("zeek").(*lua.LTable); ok {
		show = z.RawGetString("show")
	}
	return &replSession{vm: vm, eng: eng, out: out, errOut: errOut, show: show}
}

// Pending reports whether an unfinished statement is being continued.
func (r *replSession) Pending() bool { return r.buf.Len() > 0 }

// Reset drops an unfinished statement.
func (r *replSession) Reset() { r.buf.Reset() }

// Interrupt stops the running statement, if any (Ctrl-C).
func (r *replSession) Interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// Feed adds one line. It returns more=true while the chunk is unfinished;
// otherwise it has run the chunk and returns its source (for history).
func (r *replSession) Feed(ctx context.Context, line string) (more bool, chunk string) {
	if r.buf.Len() > 0 {
		r.buf.WriteByte('\n')
	}
	r.buf.WriteString(line)
	src := r.buf.String()
	if strings.TrimSpace(src) == "" {
		r.buf.Reset()
		return false, ""
	}
	L := r.vm.L
	code := strings.TrimPrefix(strings.TrimSpace(src), "=")
	fn, err := L.LoadString("return " + code)
	if err != nil {
		fn, err = L.LoadString(code)
	}
	if err != nil {
		if unfinished(err) {
			return true, ""
		}
		r.buf.Reset()
		fmt.Fprintf(r.errOut, "error: %s\n", cleanLuaError(err))
		return false, src
	}
	r.buf.Reset()
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.cancel = nil
		r.mu.Unlock()
		cancel()
		L.RemoveContext()
	}()
	L.SetContext(runCtx)
	top := L.GetTop()
	L.Push(fn)
	err = L.PCall(0, lua.MultRet, luaapi.Protect(L, nil))
	if err != nil {
		L.SetTop(top)
		if runCtx.Err() != nil {
			fmt.Fprintln(r.errOut, "interrupted")
			return false, src
		}
		fmt.Fprintf(r.errOut, "error: %s\n", cleanLuaError(err))
		return false, src
	}
	for i := top + 1; i <= L.GetTop(); i++ {
		r.print(L.Get(i))
	}
	L.SetTop(top)
	return false, src
}

// unfinished reports whether a compile error means the chunk merely ends
// too early (gopher-lua: "<string> at EOF: syntax error"), so the next line
// should continue it.
func unfinished(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "at EOF") || strings.Contains(msg, "<eof>")
}

// cleanLuaError drops gopher-lua's stack trace from REPL errors.
func cleanLuaError(err error) string {
	if lerr, ok := err.(*lua.ApiError); ok {
		return lerr.Object.String()
	}
	return err.Error()
}

// print shows one value: records and arrays of records or rows as a table,
// other tables inspected, scalars as Lua prints them.
func (r *replSession) print(v lua.LValue) {
	L := r.vm.L
	show := r.show
	switch t := v.(type) {
	case *lua.LUserData:
		if id, ok := t.Value.(engine.RecID); ok {
			r.printRecord(id)
			return
		}
	case *lua.LTable:
		if t.Len() > 0 {
			switch first := t.RawGetInt(1).(type) {
			case *lua.LUserData:
				if _, ok := first.Value.(engine.RecID); ok && L.CallByParam(lua.P{Fn: show, Protect: true}, t) == nil {
					fmt.Fprintf(r.out, "(%d records)\n", t.Len())
					return
				}
			case *lua.LTable:
				if L.CallByParam(lua.P{Fn: show, Protect: true}, t) == nil {
					return
				}
			}
		}
		fmt.Fprintln(r.out, inspect(L, t, 0))
		return
	}
	fmt.Fprintln(r.out, inspect(L, v, 0))
}

// printRecord shows one record vertically: one "field  value" line each,
// unset fields left out.
func (r *replSession) printRecord(id engine.RecID) {
	fields := r.eng.FieldsOf(id)
	width := len("_path")
	for _, f := range fields {
		width = max(width, len(f.Name))
	}
	fmt.Fprintf(r.out, "%-*s  %s\n", width, "_path", r.eng.Path(id))
	for _, f := range fields {
		v := r.eng.Get(id, f.Name)
		if v.Unset {
			continue
		}
		fmt.Fprintf(r.out, "%-*s  %s\n", width, f.Name, render.ValueCell(r.eng, v, render.Table).Text)
	}
}

// inspect renders a Lua value readably: tables as {1, 2, k = v}.
func inspect(L *lua.LState, v lua.LValue, depth int) string {
	switch v := v.(type) {
	case lua.LString:
		if depth == 0 {
			return string(v)
		}
		return strconv.Quote(string(v))
	case lua.LNumber:
		return L.ToStringMeta(v).String()
	case *lua.LTable:
		if depth > 3 {
			return "{…}"
		}
		var parts []string
		n := v.Len()
		for i := 1; i <= n; i++ {
			parts = append(parts, inspect(L, v.RawGetInt(i), depth+1))
		}
		var keys []string
		kv := map[string]string{}
		v.ForEach(func(k, el lua.LValue) {
			if num, ok := k.(lua.LNumber); ok && float64(num) >= 1 && float64(num) <= float64(n) && float64(num) == float64(int(num)) {
				return
			}
			ks := L.ToStringMeta(k).String()
			if _, ok := k.(lua.LString); !ok || !identRE.MatchString(ks) {
				ks = "[" + inspect(L, k, depth+1) + "]"
			}
			keys = append(keys, ks)
			kv[ks] = inspect(L, el, depth+1)
		})
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, k+" = "+kv[k])
		}
		if len(parts) > 20 {
			parts = append(parts[:20], fmt.Sprintf("… %d more", len(parts)-20))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return L.ToStringMeta(v).String()
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Completion contexts: a log path inside the first string argument of a
// zeek function taking one, a field name inside that call's filter table.
var (
	pathArgRE  = regexp.MustCompile(`zeek\.(find|count|group|fields|stats|has_field)\(\s*["']([^"']*)$`)
	fieldArgRE = regexp.MustCompile(`zeek\.(find|count)\(\s*["']([^"']+)["']\s*,\s*\{[^}]*?([A-Za-z_][A-Za-z0-9_.]*|\[["'][^"']*)?$`)
	wordRE     = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.:]*$`)
)

// Complete implements liner's WordCompleter: zeek.* names, loaded log paths
// in quotes, and field names of the log inside zeek.find("ssl", { ... .
func (r *replSession) Complete(line string, pos int) (head string, completions []string, tail string) {
	before, after := line[:pos], line[pos:]
	if m := fieldArgRE.FindStringSubmatch(before); m != nil {
		partial := m[3]
		head = before[:len(before)-len(partial)]
		partial = strings.TrimLeft(partial, `["'`)
		for _, f := range r.eng.Fields(m[2]) {
			if !strings.HasPrefix(f.Name, partial) {
				continue
			}
			if identRE.MatchString(f.Name) {
				completions = append(completions, f.Name+" = ")
			} else {
				completions = append(completions, `["`+f.Name+`"] = `)
			}
		}
		return head, completions, after
	}
	if m := pathArgRE.FindStringSubmatch(before); m != nil {
		partial := m[2]
		head = before[:len(before)-len(partial)]
		for _, l := range r.eng.Logs() {
			if strings.HasPrefix(l.Path, partial) {
				completions = append(completions, l.Path+`"`)
			}
		}
		return head, completions, after
	}
	word := wordRE.FindString(before)
	head = before[:len(before)-len(word)]
	if rest, ok := strings.CutPrefix(word, "zeek."); ok {
		for _, d := range luaapi.Docs {
			if strings.HasPrefix(d.Name, rest) {
				suffix := "("
				if d.Name == "args" || d.Name == "unset" {
					suffix = ""
				}
				completions = append(completions, "zeek."+d.Name+suffix)
			}
		}
		return head, completions, after
	}
	for _, g := range []string{"zeek.", "help(", "print(", "ipairs(", "pairs(", "tostring(", "tonumber(", "string.", "table.", "math."} {
		if word != "" && strings.HasPrefix(g, word) {
			completions = append(completions, g)
		}
	}
	return head, completions, after
}
