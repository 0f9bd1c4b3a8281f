package luaapi

import (
	"context"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/huntfile"
	"github.com/zhunt/zhunt/render"
)

// Options configures a Lua state for hunts.
type Options struct {
	Stdout io.Writer
	Stderr io.Writer
	// Format is how zeek.show prints.
	Format render.Format
	// Args are the script's arguments (after "--" on the command line).
	Args []string
	// Context, when set, stops running Lua code when it is done (Ctrl-C,
	// --timeout).
	Context context.Context
	// HuntName names the hunt in findings; Meta, when set, declares the
	// flags zeek.flags accepts (and its --help).
	HuntName string
	Meta     *huntfile.Meta
	// Sandbox: see sandbox.go. ReadDirs are the directories (or files) a
	// hunt may read; OwnDir the hunt's directory, readable but for hidden
	// entries below it; LibDirs where require finds modules; AllowWrite the
	// directories it may write; AllowExec lets it run programs.
	ReadDirs   []string
	OwnDir     string
	REPL       bool // the REPL: refusals say what it allows, not which flag would
	LibDirs    []string
	AllowWrite []string
	AllowExec  bool
}

// host reaches the engine from Lua functions; there are no package globals.
type host struct {
	eng      *engine.Engine
	opts     Options
	syms     []lua.LValue // pre-boxed strings per interned symbol, filled lazily
	recT     *lua.LTable  // the record metatable
	findings []Finding
}

// VM is a Lua state prepared for hunts, with what the hunt reported.
type VM struct {
	L    *lua.LState
	host *host
}

// NewVM returns a sandboxed Lua state with the zeek module loaded: the base
// library without dofile and loadfile, the table, string and math libraries,
// and restricted io, os and require (see sandbox.go).
func NewVM(eng *engine.Engine, opts Options) *VM {
	L, h := newState(eng, opts)
	return &VM{L: L, host: h}
}

// Findings returns what the hunt reported with zeek.report, in order.
func (vm *VM) Findings() []Finding { return vm.host.findings }

// Close releases the Lua state.
func (vm *VM) Close() { vm.L.Close() }

// NewState is [NewVM] for callers that only need the Lua state.
func NewState(eng *engine.Engine, opts Options) *lua.LState {
	L, _ := newState(eng, opts)
	return L
}

// maxRegistry caps the registry: 2^24 values (256 MiB), far beyond what a
// table.concat or unpack of a hunt's tables needs.
const maxRegistry = 1 << 24

func newState(eng *engine.Engine, opts Options) (*lua.LState, *host) {
	// The registry (gopher-lua's value stack) grows on demand: with its
	// fixed default, table.concat or unpack of a few thousand values
	// overflowed it, and the overflow is a Go panic, not a Lua error.
	L := lua.NewState(lua.Options{SkipOpenLibs: true, RegistrySize: 1 << 12, RegistryMaxSize: maxRegistry, RegistryGrowStep: 1 << 12})
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
		{lua.MathLibName, lua.OpenMath},
	} {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	for _, name := range []string{"dofile", "loadfile", "require", "module"} {
		L.SetGlobal(name, lua.LNil) // openSandbox defines them again
	}
	h := &host{eng: eng, opts: opts}
	h.openSandbox(L)
	if h.opts.Stdout == nil {
		h.opts.Stdout = io.Discard
	}
	if h.opts.Stderr == nil {
		h.opts.Stderr = io.Discard
	}
	L.SetGlobal("print", L.NewFunction(h.print))
	L.SetGlobal("tostring", L.NewFunction(tostring))
	h.openRecord(L)
	z := h.openZeek(L)
	z.RawSetString("report", L.NewFunction(h.zeekReport))
	L.SetGlobal("zeek", z)
	h.openHelp(L, z)
	if opts.Context != nil {
		L.SetContext(opts.Context)
	}
	return L, h
}

// print writes its arguments, tab-separated, to the hunt's stdout.
func (h *host) print(L *lua.LState) int {
	n := L.GetTop()
	parts := make([]string, n)
	for i := 1; i <= n; i++ {
		parts[i-1] = toString(L, L.Get(i))
	}
	fmt.Fprintln(h.opts.Stdout, strings.Join(parts, "\t"))
	return 0
}

// syntaxErrRE matches gopher-lua's syntax errors:
// "x.lua line:2(column:3) near 'for':   syntax error".
var syntaxErrRE = regexp.MustCompile(`^(.*) line:(\d+)\(column:(\d+)\) near '(.*)':\s*(.*?)\s*$`)

// RunFile compiles and runs a hunt script. Errors name the script and line
// ("x.lua:2:3: syntax error near 'for'", "x.lua:7: boom").
func RunFile(L *lua.LState, path string) (err error) {
	// A failure gopher-lua cannot turn into a Lua error (its value stack
	// full even for the error handler) panics: it ends the hunt, not zhunt.
	defer func() {
		if r := recover(); r != nil {
			if lerr, ok := r.(*lua.ApiError); ok {
				err = lerr
				return
			}
			err = fmt.Errorf("%s: %v", path, r)
		}
	}()
	fn, err := L.LoadFile(path)
	if err != nil {
		if m := syntaxErrRE.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("%s:%s:%s: %s near '%s'", m[1], m[2], m[3], m[5], m[4])
		}
		return err
	}
	L.Push(fn)
	var trace string
	err = L.PCall(0, lua.MultRet, Protect(L, &trace))
	if lerr, ok := err.(*lua.ApiError); ok && lerr.StackTrace == "" {
		lerr.StackTrace = trace
	}
	return err
}

// maxTraceFrames bounds the tracebacks of hunt errors.
const maxTraceFrames = 20

// Protect returns an error handler for PCall and lua.P.Handler: it keeps the
// error value and writes a traceback of at most maxTraceFrames frames to
// *trace (trace may be nil). Without a handler gopher-lua writes one line
// per tail call into the traceback, which for an endless tail recursion
// stopped by --timeout is gigabytes.
func Protect(L *lua.LState, trace *string) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int {
		if trace != nil {
			var b strings.Builder
			b.WriteString("stack traceback:")
			for i := 0; i < maxTraceFrames; i++ {
				dbg, ok := L.GetStack(i)
				if !ok {
					break
				}
				if _, err := L.GetInfo("Sl", dbg, lua.LNil); err == nil {
					fmt.Fprintf(&b, "\n\t%s:%d", dbg.Source, dbg.CurrentLine)
				}
			}
			*trace = b.String()
		}
		L.Push(L.Get(1))
		return 1
	})
}

// toString is Lua's tostring, except that numbers print in plain decimal
// ("1552557731.003877", not gopher-lua's "1.552557731003877e+09"), so that
// timestamps and byte counts read as analysts expect.
func toString(L *lua.LState, v lua.LValue) string {
	if n, ok := v.(lua.LNumber); ok {
		f := float64(n)
		switch {
		case math.IsInf(f, 1):
			return "inf"
		case math.IsInf(f, -1):
			return "-inf"
		case math.IsNaN(f):
			return "nan"
		}
		if f == math.Trunc(f) && math.Abs(f) < 1e21 {
			return strconv.FormatFloat(f, 'f', 0, 64)
		}
		if math.Abs(f) < 1e21 && math.Abs(f) >= 1e-6 {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return L.ToStringMeta(v).String()
}

// tostring replaces the base library's tostring with [toString].
func tostring(L *lua.LState) int {
	L.Push(lua.LString(toString(L, L.CheckAny(1))))
	return 1
}
