package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

const runUsage = `Usage: zhunt run SCRIPT [-l PATH]... [--format table|tsv|json] [--verbose] [-- ARGS]

Loads the logs under each PATH (files or directories, TSV or JSON, gzipped or
not), then runs the Lua hunt SCRIPT. ARGS after "--" reach the script as
zeek.args (and zeek.flags()).

Examples:
  zhunt run hunts/sha1_certs.lua -l testdata/corpus/brim-wrccdc2018-zeek62/zeek-default
  zhunt run hunts/ja3_fanout.lua -l logs/ --format tsv -- --ja3 b5001237acdf006056b409cc433726b0

Options:
`

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var paths pathList
	fs.Var(&paths, "l", "load logs from `PATH` (repeatable)")
	fs.Var(&paths, "logs", "same as -l")
	format := fs.String("format", "table", "output `format` of zeek.show: table, tsv or json")
	verbose := fs.Bool("verbose", false, "list every load problem, not only the first few")
	fs.Usage = func() { fmt.Fprint(e.stderr, runUsage); fs.PrintDefaults() }
	pos, scriptArgs, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: run takes one SCRIPT, got %d arguments", errUsage, len(pos))
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	script := pos[0]
	if _, err := os.Stat(script); err != nil {
		return fmt.Errorf("script: %w", err)
	}
	eng := engine.New()
	if len(paths) > 0 {
		sum, err := eng.Load(ctx, paths...)
		if err != nil {
			return err
		}
		reportLoad(e.msg, eng, sum, *verbose)
	}
	L := luaapi.NewState(eng, luaapi.Options{
		Stdout: e.stdout, Stderr: e.stderr, Format: f, Args: scriptArgs, Context: ctx,
	})
	defer L.Close()
	if err := luaapi.RunFile(L, script); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted")
		}
		var lerr *lua.ApiError
		if errors.As(err, &lerr) {
			e.msg.error(fmt.Errorf("%s", lerr.Object.String()))
			if lerr.StackTrace != "" && *verbose {
				fmt.Fprintln(e.stderr, lerr.StackTrace)
			}
			return errSilent
		}
		return err
	}
	return nil
}

// maxShownDiagnostics is how many load problems print without --verbose.
const maxShownDiagnostics = 5

// reportLoad prints the load summary and the first problems on stderr.
func reportLoad(m messages, eng *engine.Engine, sum engine.Summary, verbose bool) {
	damaged := ""
	if sum.Damaged > 0 {
		damaged = ", " + plural(int64(sum.Damaged), "file") + " damaged"
	}
	m.info("loaded %s from %s (%s rejected, %s, %s skipped%s)", plural(sum.Records, "record"),
		plural(int64(sum.Files), "file"), plural(sum.Rejected, "row"), plural(sum.Warnings, "warning"),
		plural(int64(sum.Skipped), "file"), damaged)
	if sum.Again > 0 {
		m.info("%s already loaded, not read again", plural(int64(sum.Again), "file"))
	}
	diags := eng.Diagnostics()
	shown := 0
	for _, d := range diags {
		if !verbose && shown >= maxShownDiagnostics {
			break
		}
		m.info("%s", d)
		shown++
	}
	if len(diags) > shown {
		m.hint("%d more load problems not shown; use --verbose to list them all", len(diags)-shown)
	}
}

// plural renders "1 file", "2 files".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
