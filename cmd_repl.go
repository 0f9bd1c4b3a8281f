package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/peterh/liner"
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
	vm := luaapi.NewVM(eng, luaapi.Options{
		Stdout: e.stdout, Stderr: e.stderr, Format: f, HuntName: "repl",
		// The REPL runs what its user types, so it may read (and zeek.load)
		// anything the user can; writing and programs stay closed.
		ReadDirs: []string{string(filepath.Separator)}, LibDirs: []string{"hunts/lib"}, REPL: true,
	})
	defer vm.Close()
	sess := newREPLSession(eng, vm, e.stdout, e.stderr)

	// Ctrl-C while a statement runs stops that statement, not the REPL
	// (at the prompt, liner reads Ctrl-C as a key and aborts the line).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			sess.Interrupt()
		}
	}()

	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetMultiLineMode(true)
	ln.SetWordCompleter(sess.Complete)
	ln.SetTabCompletionStyle(liner.TabPrints)
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
	fmt.Fprintln(e.stdout, "zhunt repl: Lua with the zeek module. help() lists functions; Tab completes; Ctrl-C stops a statement; Ctrl-D leaves.")
	for {
		prompt := "zhunt> "
		if sess.Pending() {
			prompt = "   >> "
		}
		line, err := ln.Prompt(prompt)
		if errors.Is(err, liner.ErrPromptAborted) {
			sess.Reset()
			continue
		}
		if err == io.EOF {
			fmt.Fprintln(e.stdout)
			return nil
		}
		if err != nil {
			return err
		}
		if more, chunk := sess.Feed(ctx, line); !more && chunk != "" {
			ln.AppendHistory(strings.ReplaceAll(chunk, "\n", " "))
		}
	}
}

// historyPath is where the REPL keeps its history: $ZHUNT_HISTORY, else
// the user's config directory.
func historyPath() string {
	if p := os.Getenv("ZHUNT_HISTORY"); p != "" {
		return p
	}
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
