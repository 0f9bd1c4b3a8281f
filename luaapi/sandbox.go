package luaapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/pathrule"
)

// Sandbox rules (hunts are code that strangers share):
//   - no programs: os.execute and io.popen exist only with AllowExec;
//   - no writing: io.open in a writing mode, os.remove and os.rename work only
//     inside an AllowWrite directory;
//   - no reading outside what the user named: io.open and io.lines read only
//     inside ReadDirs (the logs given with -l), OwnDir (the hunt's directory,
//     hidden entries below it excepted) and the AllowWrite directories;
//   - no native code or files as code: dofile and loadfile refuse, require
//     loads Lua source only from LibDirs (hunts/lib), and load/loadstring take
//     strings only (gopher-lua has no bytecode loader);
//   - no process control or environment: os.exit, os.getenv and the rest of
//     the real io and os libraries refuse.
// A refused function stays defined and raises an error that says why and what
// to do instead (a missing one would fail with "attempt to call a
// non-function object", naming nothing).
// Paths are judged where they really lead (resolve: symbolic links
// followed as the kernel follows them, ".." after a link included), so "../"
// and links do not lead out of an allowed directory; zeek.load judges every
// file it finds under a directory, and require the file a module really is.

// errSandbox is the message prefix of every refusal.
const errSandbox = "sandbox: "

// maxModuleBytes caps the size of a module file require loads.
const maxModuleBytes = 16 << 20

// maxRepBytes caps string.rep's result.
const maxRepBytes = 256 << 20

// openSandbox installs the restricted io, os and require.
func (h *host) openSandbox(L *lua.LState) {
	// The real io and os libraries, then keep only what the rules allow.
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{{lua.IoLibName, lua.OpenIo}, {lua.OsLibName, lua.OpenOs}} {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	ioT := L.GetGlobal("io").(*lua.LTable)
	osT := L.GetGlobal("os").(*lua.LTable)
	realOpen := ioT.RawGetString("open")
	realLines := ioT.RawGetString("lines")
	realExecute := osT.RawGetString("execute")
	realPopen := ioT.RawGetString("popen")
	realRemove := osT.RawGetString("remove")
	realRename := osT.RawGetString("rename")

	safeIO := L.NewTable()
	safeIO.RawSetString("open", L.NewFunction(func(L *lua.LState) int {
		name := L.CheckString(1)
		mode := L.OptString(2, "r")
		how := reading
		if strings.ContainsAny(mode, "wa+") {
			how = writing
		}
		if err := h.checkPath(name, how); err != nil {
			L.RaiseError("%s", err)
		}
		return h.callThrough(L, realOpen)
	}))
	safeIO.RawSetString("lines", L.NewFunction(func(L *lua.LState) int {
		if L.GetTop() == 0 || L.Get(1) == lua.LNil {
			L.RaiseError(errSandbox + "io.lines() reads zhunt's standard input; give it a file name: io.lines(path)")
		}
		name := L.CheckString(1)
		if err := h.checkPath(name, reading); err != nil {
			L.RaiseError("%s", err)
		}
		// gopher-lua's io.lines returns nothing for a file it cannot open,
		// and the for loop then fails with "attempt to call a non-function
		// object": say what Lua says.
		f, err := os.Open(name)
		if err != nil {
			L.RaiseError("%s: %s", name, errors.Unwrap(err))
		}
		f.Close()
		return h.callThrough(L, realLines)
	}))
	stdout := h.outputFile(L, "stdout", func() io.Writer { return h.opts.Stdout })
	stderr := h.outputFile(L, "stderr", func() io.Writer { return h.opts.Stderr })
	safeIO.RawSetString("stdout", stdout)
	safeIO.RawSetString("stderr", stderr)
	safeIO.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			fmt.Fprint(h.opts.Stdout, toString(L, L.Get(i)))
		}
		L.Push(stdout) // as Lua's io.write returns the output file
		return 1
	}))
	safeIO.RawSetString("popen", L.NewFunction(func(L *lua.LState) int {
		if !h.opts.AllowExec {
			L.RaiseError("%s", errSandbox+"io.popen runs a program; "+h.execHint())
		}
		return h.callThrough(L, realPopen)
	}))
	safeIO.RawSetString("type", ioT.RawGetString("type"))
	realClose := ioT.RawGetString("close")
	safeIO.RawSetString("close", L.NewFunction(func(L *lua.LState) int {
		if L.GetTop() == 0 {
			L.RaiseError(errSandbox + "io.close() would close zhunt's standard output; close a file with io.close(f) or f:close()")
		}
		return h.callThrough(L, realClose)
	}))
	L.SetGlobal("io", safeIO)

	safeOS := L.NewTable()
	for _, name := range []string{"time", "clock", "date", "difftime"} {
		safeOS.RawSetString(name, osT.RawGetString(name))
	}
	safeOS.RawSetString("execute", L.NewFunction(func(L *lua.LState) int {
		if !h.opts.AllowExec {
			L.RaiseError("%s", errSandbox+"os.execute runs a program; "+h.execHint())
		}
		return h.callThrough(L, realExecute)
	}))
	safeOS.RawSetString("remove", L.NewFunction(func(L *lua.LState) int {
		if err := h.checkPath(L.CheckString(1), entry); err != nil {
			L.RaiseError("%s", err)
		}
		return h.callThrough(L, realRemove)
	}))
	safeOS.RawSetString("rename", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= 2; i++ {
			if err := h.checkPath(L.CheckString(i), entry); err != nil {
				L.RaiseError("%s", err)
			}
		}
		return h.callThrough(L, realRename)
	}))
	L.SetGlobal("os", safeOS)
	refuseRest(L, "io", ioT, safeIO)
	refuseRest(L, "os", osT, safeOS)
	for name, why := range map[string]string{
		"dofile":   "dofile runs a file as code; a hunt shares code through require, which loads hunts/lib modules",
		"loadfile": "loadfile reads a file as code; a hunt shares code through require, which loads hunts/lib modules",
		"module":   "module is not available; a hunts/lib module returns a table of its functions",
	} {
		L.SetGlobal(name, refusal(L, why))
	}

	// string.rep builds its result in one Go call that no context can stop:
	// cap it (a hunt has no need for a gigabyte string).
	strT := L.GetGlobal("string").(*lua.LTable)
	realRep := strT.RawGetString("rep")
	repFn := L.NewFunction(func(L *lua.LState) int {
		size := float64(len(L.CheckString(1))) * float64(L.CheckInt(2))
		if L.GetTop() >= 3 {
			size += float64(len(L.CheckString(3))) * float64(L.CheckInt(2))
		}
		if size > maxRepBytes {
			L.RaiseError(errSandbox+"string.rep would make %.0f bytes; the limit is %d MiB", size, maxRepBytes>>20)
		}
		return h.callThrough(L, realRep)
	})
	// So do gsub (a string or table replacement, expanded in Go), format
	// (a width of a billion) and table.concat (a million references to one
	// long string): each is one call that neither --timeout nor
	// --max-memory can stop, so their results are bounded before they run.
	realGsub := strT.RawGetString("gsub")
	gsubFn := L.NewFunction(func(L *lua.LState) int {
		if size := gsubBound(L); size > maxRepBytes {
			L.RaiseError(errSandbox+"string.gsub could make %.0f bytes; the limit is %d MiB", size, maxRepBytes>>20)
		}
		return h.callThrough(L, realGsub)
	})
	realFormat := strT.RawGetString("format")
	formatFn := L.NewFunction(func(L *lua.LState) int {
		if err := checkFormatWidths(L.CheckString(1)); err != nil {
			L.RaiseError("bad argument #1 to 'format' (%v)", err)
		}
		return h.callThrough(L, realFormat)
	})
	for name, fn := range map[string]*lua.LFunction{"rep": repFn, "gsub": gsubFn, "format": formatFn} {
		strT.RawSetString(name, fn)
		if mt, ok := L.GetMetatable(lua.LString("")).(*lua.LTable); ok {
			if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok && idx != strT {
				idx.RawSetString(name, fn)
			}
		}
	}
	tabT := L.GetGlobal("table").(*lua.LTable)
	realConcat := tabT.RawGetString("concat")
	tabT.RawSetString("concat", L.NewFunction(func(L *lua.LState) int {
		if size := concatBound(L); size > maxRepBytes {
			L.RaiseError(errSandbox+"table.concat would make %.0f bytes; the limit is %d MiB", size, maxRepBytes>>20)
		}
		return h.callThrough(L, realConcat)
	}))

	loaded := L.NewTable()
	L.SetGlobal("require", L.NewFunction(func(L *lua.LState) int { return h.require(L, loaded) }))
}

// execHint says what would let a program run.
func (h *host) execHint() string {
	if h.opts.REPL {
		return "the REPL runs none"
	}
	return "hunts may not unless zhunt runs with --allow-exec"
}

// outputFile is io.stdout or io.stderr for a hunt: write (returning the
// file, so that writes chain), flush, and a close that refuses. w is asked
// at each write: the host's writers are set after the sandbox opens.
func (h *host) outputFile(L *lua.LState, name string, w func() io.Writer) *lua.LTable {
	f := L.NewTable()
	f.RawSetString("write", L.NewFunction(func(L *lua.LState) int {
		for i := 2; i <= L.GetTop(); i++ {
			fmt.Fprint(w(), toString(L, L.Get(i)))
		}
		L.Push(L.Get(1))
		return 1
	}))
	f.RawSetString("flush", L.NewFunction(func(L *lua.LState) int {
		L.Push(L.Get(1))
		return 1
	}))
	f.RawSetString("close", refusal(L, "io."+name+":close() would close zhunt's "+name+"; hunts may not"))
	return f
}

// refusals says why a hunt may not call the io and os functions that the
// sandbox does not keep, and what to do instead.
var refusals = map[string]string{
	"os.exit":      "os.exit would end zhunt itself; a hunt ends by returning, or fails with error(msg)",
	"os.getenv":    "os.getenv reads zhunt's environment; pass values as hunt flags (zhunt run HUNT -- --name value, read with zeek.flags)",
	"os.tmpname":   "os.tmpname makes a file outside what the user allowed; run zhunt with --allow-write DIR and write there",
	"os.setlocale": "os.setlocale changes zhunt's locale; hunts may not",
	"io.read":      "io.read reads zhunt's standard input; hunts read files with io.open or io.lines",
	"io.input":     "io.input replaces zhunt's standard input; hunts read files with io.open or io.lines",
	"io.output":    "io.output replaces zhunt's standard output; print and io.write write to it, io.open(path, \"w\") to an --allow-write directory",
	"io.tmpfile":   "io.tmpfile makes a file outside what the user allowed; run zhunt with --allow-write DIR and write there",
}

// refuseRest defines, in safe, a refusal for every function of the real
// library that safe does not keep.
func refuseRest(L *lua.LState, lib string, real, safe *lua.LTable) {
	real.ForEach(func(k, v lua.LValue) {
		name, ok := k.(lua.LString)
		if _, fn := v.(*lua.LFunction); !ok || !fn || safe.RawGet(k) != lua.LNil {
			return
		}
		full := lib + "." + string(name)
		why, ok := refusals[full]
		if !ok {
			why = full + " is not available to hunts"
		}
		safe.RawSetString(string(name), refusal(L, why))
	})
}

// refusal returns a function that raises the sandbox error why.
func refusal(L *lua.LState, why string) *lua.LFunction {
	return L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("%s", errSandbox+why)
		return 0
	})
}

// gsubBound is the most bytes string.gsub(s, pattern, repl [, n]) can
// return with a string or table replacement (0 for a function, which runs
// Lua between matches, where the limits apply). Matches do not overlap, so
// there are at most len(s)+1 of them, and every %1..%9 or %0 in a string
// replacement adds at most len(s) over all of them.
func gsubBound(L *lua.LState) float64 {
	subject, ok := L.Get(1).(lua.LString)
	if !ok {
		return 0
	}
	n := float64(len(subject))
	matches := n + 1
	if lim, ok := L.Get(4).(lua.LNumber); ok && float64(lim) < matches {
		matches = max(0, float64(lim))
	}
	switch repl := L.Get(3).(type) {
	case lua.LString:
		refs := 0
		for i := 0; i+1 < len(repl); i++ {
			if repl[i] == '%' {
				if repl[i+1] >= '0' && repl[i+1] <= '9' {
					refs++
				}
				i++
			}
		}
		return n + matches*float64(len(repl)) + float64(refs)*n
	case lua.LNumber:
		return n + matches*float64(len(repl.String()))
	case *lua.LTable:
		longest := 0
		repl.ForEach(func(_, v lua.LValue) {
			switch v.(type) {
			case lua.LString, lua.LNumber:
				longest = max(longest, len(v.String()))
			}
		})
		return n + matches*float64(longest)
	}
	return 0
}

// concatBound is the size of table.concat(t [, sep [, i [, j]]]).
func concatBound(L *lua.LState) float64 {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		return 0
	}
	sep := float64(len(L.OptString(2, "")))
	i := L.OptInt(3, 1)
	j := L.OptInt(4, t.Len())
	total := 0.0
	for k := i; k <= j; k++ {
		switch v := t.RawGetInt(k).(type) {
		case lua.LString:
			total += float64(len(v))
		case lua.LNumber:
			total += float64(len(v.String()))
		}
		if k > i {
			total += sep
		}
		if total > maxRepBytes {
			return total
		}
	}
	return total
}

// checkFormatWidths refuses widths and precisions of more than two digits,
// as Lua's own string.format does (gopher-lua would hand a width of a
// billion to Go's fmt, which allocates it).
func checkFormatWidths(f string) error {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("-+ #0", f[i]) >= 0 {
			i++
		}
		digits := 0
		for ; i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.'); i++ {
			if f[i] == '.' {
				digits = 0
				continue
			}
			if digits++; digits > 2 {
				return errors.New("invalid format (width or precision too long)")
			}
		}
	}
	return nil
}

// callThrough calls a library function with the current arguments.
func (h *host) callThrough(L *lua.LState, fn lua.LValue) int {
	top := L.GetTop()
	args := make([]lua.LValue, top)
	for i := 1; i <= top; i++ {
		args[i-1] = L.Get(i)
	}
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	L.Call(top, lua.MultRet)
	return L.GetTop() - top
}

// resolve returns the absolute, symlink-free form of a path; for a path that
// does not exist yet (a file to write), its directory is resolved. The path
// is walked as the kernel walks it: a ".." after a symbolic link climbs from
// the link's target. (filepath.Abs would first drop "link/.." as text and
// check a path other than the one opened.)
func resolve(p string) (string, error) {
	raw := p
	if !filepath.IsAbs(raw) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		raw = wd + string(filepath.Separator) + raw
	}
	real, err := filepath.EvalSymlinks(raw)
	if err == nil {
		return real, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err // too long, a loop, no permission: not judged
	}
	i := strings.LastIndexByte(raw, filepath.Separator)
	dir, base := raw[:i+1], raw[i+1:]
	if base == "" || base == "." || base == ".." {
		return "", err
	}
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, base), nil
}

// within reports whether p (resolved) lies inside dir (or is dir).
func within(p, dir string) bool {
	d, err := resolve(dir)
	if err != nil {
		return false
	}
	if st, err := os.Stat(d); err == nil && !st.IsDir() {
		return p == d
	}
	_, ok := pathrule.Below(p, d)
	return ok
}

// access is what a sandboxed call does with a path.
type access int

const (
	reading access = iota
	writing        // writes the file the path leads to (links followed)
	entry          // removes or renames the directory entry itself (a final link is not followed)
)

// checkPath applies the read and write rules to a path. A symbolic link
// whose target does not exist is refused outright: resolving it cannot say
// where a write would land. Refusals do not tell whether a path outside
// the allowed places exists.
func (h *host) checkPath(name string, how access) error {
	refuse := func() error {
		switch {
		case how == reading:
			return fmt.Errorf(errSandbox+"reading %s is not allowed: hunts read only the logs (-l) and their own directory", name)
		case h.opts.REPL:
			return fmt.Errorf(errSandbox+"writing %s is not allowed: the REPL writes no files", name)
		case len(h.opts.AllowWrite) > 0:
			return fmt.Errorf(errSandbox+"writing %s is not allowed: it is outside the --allow-write directories (%s)", name, strings.Join(h.opts.AllowWrite, ", "))
		}
		return fmt.Errorf(errSandbox+"writing %s is not allowed; run zhunt with --allow-write DIR to let hunts write there", name)
	}
	var p string
	var ok bool
	if how == entry {
		p, ok = resolveEntry(name)
	} else {
		if st, err := os.Lstat(name); err == nil && st.Mode()&os.ModeSymlink != 0 {
			if _, err := filepath.EvalSymlinks(name); err != nil {
				return refuse() // dangling
			}
		}
		p, ok = resolveOrText(name)
	}
	if !ok {
		return refuse() // where it leads cannot be told (a path too long to resolve, a loop)
	}
	for _, d := range h.opts.AllowWrite {
		if within(p, d) && (how != entry || !sameDir(p, d)) { // the directory itself is not the hunt's to remove
			return nil
		}
	}
	if how != reading {
		return refuse()
	}
	for _, d := range h.opts.ReadDirs {
		if within(p, d) {
			return nil
		}
	}
	if d := h.opts.OwnDir; d != "" && within(p, d) {
		if hiddenBelow(p, d) {
			return fmt.Errorf(errSandbox+"reading %s is not allowed: a hunt does not read hidden files or directories (.ssh, .git, .env) beside it; name it with -l to open it", name)
		}
		return nil
	}
	if d := h.opts.OwnDir; d != "" && !filepath.IsAbs(name) {
		// A relative path that would be allowed from the hunt's directory:
		// the hunt meant a file shipped beside it.
		if q, ok := resolveOrText(filepath.Join(d, name)); ok && within(q, d) && !hiddenBelow(q, d) {
			if _, err := os.Stat(q); err == nil {
				return fmt.Errorf(errSandbox+"reading %s is not allowed: hunts read only the logs (-l) and their own directory, and relative paths are from the current directory; for the file beside the hunt, use zeek.dir .. \"/%s\"", name, filepath.ToSlash(name))
			}
		}
	}
	return refuse()
}

// resolveOrText is resolve, or, for a path whose directory does not exist
// either, its absolute form as text: nothing can be opened there (the
// kernel fails on the missing directory too), so the rules may judge the
// text. Any other failure to resolve (a path too long for EvalSymlinks, which
// the kernel may still open link by link; a loop; no permission) is not
// judged: ok is false.
func resolveOrText(name string) (string, bool) {
	p, err := resolve(name)
	if err == nil {
		return p, true
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", false
	}
	abs, err := filepath.Abs(name)
	return abs, err == nil
}

// resolveEntry is where the directory entry name is: its directory
// resolved, its last element kept as it is (os.remove and os.rename act on
// a link, not on what it points at).
func resolveEntry(name string) (string, bool) {
	dir, base := filepath.Split(name)
	if base == "" || base == "." || base == ".." {
		return resolveOrText(name)
	}
	if dir == "" {
		dir = "."
	}
	d, ok := resolveOrText(dir)
	return filepath.Join(d, base), ok
}

// sameDir reports whether the resolved path p is the directory dir itself.
func sameDir(p, dir string) bool {
	d, err := resolve(dir)
	return err == nil && p == d
}

// hiddenBelow reports whether the resolved path p, inside dir, passes
// through a hidden entry (a name starting with a dot) below dir: a hunt
// saved in a home directory must not read ~/.ssh or ~/.aws through its
// "own directory".
func hiddenBelow(p, dir string) bool {
	d, err := resolve(dir)
	if err != nil {
		return true
	}
	rel, ok := pathrule.Below(p, d)
	return !ok || pathrule.Hidden(rel)
}

// require loads a Lua module from the library directories (hunts/lib):
// require("ja3util") reads lib/ja3util.lua, require("a.b") lib/a/b.lua.
func (h *host) require(L *lua.LState, loaded *lua.LTable) int {
	name := L.CheckString(1)
	if v := loaded.RawGetString(name); v != lua.LNil {
		L.Push(v)
		return 1
	}
	if strings.Contains(name, "..") || strings.ContainsAny(name, `/\`) {
		L.ArgError(1, "module names are dotted words, like \"lib.flags\"")
	}
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator)) + ".lua"
	var tried []string
	for _, dir := range h.opts.LibDirs {
		p := filepath.Join(dir, rel)
		tried = append(tried, p)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		// A module is where its file really is: a link out of the hunt's
		// directory (lib/ itself may be the link), or into a hidden entry
		// below it, is refused. (In the REPL, out of the library directory.)
		base := h.opts.OwnDir
		if base == "" {
			base = dir
		}
		if real, err := resolve(p); err != nil || !within(real, base) || hiddenBelow(real, base) {
			L.RaiseError(errSandbox+"require %q: %s leads out of the hunt's directory %s (or into a hidden entry)", name, p, base)
		}
		src, err := pathrule.ReadRegular(p, maxModuleBytes, true, "a module file")
		if err != nil {
			L.RaiseError(errSandbox+"require %q: %v", name, err)
		}
		fn, err := L.Load(bytes.NewReader(src), p)
		if err != nil {
			L.RaiseError("require %q: %v", name, err)
		}
		L.Push(fn)
		L.Push(lua.LString(name))
		L.Call(1, 1)
		v := L.Get(-1)
		if v == lua.LNil {
			v = lua.LTrue
		}
		loaded.RawSetString(name, v)
		L.Push(v)
		return 1
	}
	L.RaiseError("require %q: no module (looked in %s)", name, strings.Join(tried, ", "))
	return 0
}
