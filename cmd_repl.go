package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterh/liner"
	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

const replUsage = `Usage: zhunt repl [-l PATH]... [--format table|tsv|json]

An interactive Lua prompt with the zeek module loaded. Expressions print
their value (records and arrays of records as tables); statements run.
An unfinished statement continues on the next line. Ctrl-D leaves.

Example:
  zhunt repl -l testdata/corpus/brim-wrccdc2018-zeek62/zeek-default
  zhunt> zeek.group("x509", "certificate.sig_alg")

Options:
`

func cmdRepl(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("repl", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var paths pathList
	fs.Var(&paths, "l", "load logs from `PATH` (repeatable)")
	fs.Var(&paths, "logs", "same as -l")
	format := fs.String("format", "table", "output `format`: table, tsv or json")
	fs.Usage = func() { fmt.Fprint(e.stderr, replUsage); fs.PrintDefaults() }
	pos, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: repl takes no positional arguments", errUsage)
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	eng := engine.New()
	if len(paths) > 0 {
		sum, err := eng.Load(ctx, paths...)
		if err != nil {
			return err
		}
		reportLoad(e.msg, eng, sum, false)
	}
	L := luaapi.NewState(eng, luaapi.Options{Stdout: e.stdout, Stderr: e.stderr, Format: f})
	defer L.Close()

	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetMultiLineMode(true)
	histPath := historyPath()
	if h, err := os.Open(histPath); err == nil {
		ln.ReadHistory(h)
		h.Close()
	}
	defer func() {
		if histPath == "" {
			return
		}
		os.MkdirAll(filepath.Dir(histPath), 0o700)
		if h, err := os.Create(histPath); err == nil {
			ln.WriteHistory(h)
			h.Close()
		}
	}()
	fmt.Fprintln(e.stdout, "zhunt repl: Lua with the zeek module. Ctrl-D to leave.")
	var buf strings.Builder
	for {
		prompt := "zhunt> "
		if buf.Len() > 0 {
			prompt = "   >> "
		}
		line, err := ln.Prompt(prompt)
		if errors.Is(err, liner.ErrPromptAborted) {
			buf.Reset()
			continue
		}
		if err == io.EOF {
			fmt.Fprintln(e.stdout)
			return nil
		}
		if err != nil {
			return err
		}
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(line)
		src := buf.String()
		more, err := evalREPL(L, src, e)
		if more {
			continue
		}
		buf.Reset()
		ln.AppendHistory(src)
		if err != nil {
			fmt.Fprintf(e.stderr, "error: %v\n", err)
		}
	}
}

// evalREPL runs one chunk: "=expr" or a bare expression prints its values;
// a statement runs. It reports more=true when the chunk is unfinished.
func evalREPL(L *lua.LState, src string, e *env) (more bool, err error) {
	code := strings.TrimPrefix(src, "=")
	fn, err := L.LoadString("return " + code)
	if err != nil {
		fn, err = L.LoadString(code)
	}
	if err != nil {
		if strings.Contains(err.Error(), "<eof>") {
			return true, nil
		}
		return false, err
	}
	top := L.GetTop()
	L.Push(fn)
	if err := L.PCall(0, lua.MultRet, nil); err != nil {
		L.SetTop(top)
		return false, err
	}
	for i := top + 1; i <= L.GetTop(); i++ {
		printValue(L, L.Get(i), e)
	}
	L.SetTop(top)
	return false, nil
}

// printValue shows a REPL result: arrays of records or rows as tables.
func printValue(L *lua.LState, v lua.LValue, e *env) {
	show := L.GetField(L.GetGlobal("zeek"), "show")
	if t, ok := v.(*lua.LTable); ok && t.Len() > 0 {
		switch t.RawGetInt(1).(type) {
		case *lua.LUserData, *lua.LTable:
			if err := L.CallByParam(lua.P{Fn: show, Protect: true}, v); err == nil {
				return
			}
		}
	}
	if ud, ok := v.(*lua.LUserData); ok {
		if err := L.CallByParam(lua.P{Fn: show, Protect: true}, ud); err == nil {
			return
		}
	}
	fmt.Fprintln(e.stdout, L.ToStringMeta(v).String())
}

// historyPath is where the REPL keeps its history.
func historyPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "zhunt", "history")
}
