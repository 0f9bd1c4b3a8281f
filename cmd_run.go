package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

const runUsage = `Usage: zhunt run SCRIPT [-l PATH]... [options] [-- ARGS]

Loads the logs under each PATH (files or directories, TSV or JSON, gzipped or
not), then runs the Lua hunt SCRIPT. ARGS after "--" reach the script as
zeek.args and zeek.flags(); "-- --help" shows a hunt's own flags.

Only the logs a hunt names on its "logs:" line are read (unless it says
"logs: any", or --all-logs is given): the other files are passed over.

Hunts run sandboxed: they read only the logs and their own directory (no
hidden entries below it), write nothing and run no programs unless
--allow-write / --allow-exec say so.

Exit status: 0 ok, 1 error, 2 usage error, 3 a finding at or above --fail-on.

Examples:
  zhunt run hunts/sha1_certs.lua -l testdata/corpus/brim-wrccdc2018-zeek62/zeek-default
  zhunt run hunts/ja3_fanout.lua -l logs/ --format tsv -- --ja3 b5001237acdf006056b409cc433726b0
  zhunt run hunts/self_signed.lua -l logs/ --findings out.jsonl --fail-on high

Options:
`

// exitFindings is the exit status when --fail-on matched a finding.
const exitFindings = 3

// errFindings reports that --fail-on matched.
var errFindings = errors.New("findings at or above --fail-on")

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var paths, allowWrite pathList
	fs.Var(&paths, "l", "load logs from `PATH` (repeatable)")
	fs.Var(&paths, "logs", "same as -l")
	format := fs.String("format", "table", "output `format` of zeek.show: table, tsv or json")
	verbose := fs.Bool("verbose", false, "list every load problem, and Lua stack traces")
	fs.Var(&allowWrite, "allow-write", "let the hunt write files inside `DIR` (repeatable)")
	allowExec := fs.Bool("allow-exec", false, "let the hunt run programs (os.execute, io.popen)")
	timeout := fs.Duration("timeout", 0, "stop the hunt after `DURATION` (e.g. 30s, 5m)")
	allLogs := fs.Bool("all-logs", false, "load every log, not only those the hunt's \"logs:\" line names")
	stats := fs.Bool("stats", false, "print records, bytes, load time, MB/s and memory in use after the load")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE` (go tool pprof)")
	maxMemory := fs.String("max-memory", "", "stop the hunt when zhunt's heap passes `SIZE` (e.g. 4GiB; default half the machine's memory)")
	findingsFile := fs.String("findings", "", "write the hunt's findings as JSON lines to `FILE`")
	failOn := fs.String("fail-on", "", "exit 3 when a finding has `SEVERITY` or higher ("+strings.Join(luaapi.Severities, ", ")+")")
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
	if *failOn != "" && luaapi.SeverityRank(*failOn) < 0 {
		return fmt.Errorf("%w: --fail-on %q: want one of %s", errUsage, *failOn, strings.Join(luaapi.Severities, ", "))
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *timeout < 0 {
		return fmt.Errorf("%w: --timeout %v: a duration of zero (none) or more expected", errUsage, *timeout)
	}
	var memLimit uint64
	if *maxMemory != "" {
		if memLimit, err = parseBytes(*maxMemory); err != nil {
			return fmt.Errorf("%w: --max-memory: %v", errUsage, err)
		}
	}
	res, err := runHunt(ctx, e, huntRun{
		script: pos[0], logs: paths, args: scriptArgs, format: f, verbose: *verbose,
		timeout: *timeout, allowWrite: allowWrite, allowExec: *allowExec, maxMemory: memLimit, stats: *stats,
		allLogs: *allLogs,
	})
	if res != nil {
		if perr := printFindings(e.stdout, f, res.eng, res.findings); perr != nil && err == nil {
			err = perr
		}
		if *findingsFile != "" {
			if werr := writeFindings(*findingsFile, res.eng, res.findings); werr != nil && err == nil {
				err = werr
			}
		}
	}
	if err != nil {
		return err
	}
	if *failOn != "" {
		for _, fd := range res.findings {
			if luaapi.SeverityRank(fd.Severity) >= luaapi.SeverityRank(*failOn) {
				e.msg.info("a %s finding (%q) meets --fail-on %s", fd.Severity, fd.Title, *failOn)
				return errFindings
			}
		}
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
	if sum.Unused > 0 {
		m.info("%s of logs the hunt does not name passed over (%s); --all-logs loads them",
			plural(int64(sum.Unused), "file"), strings.Join(eng.LeftOutLogs(), ", "))
	}
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
	if verbose {
		for _, fi := range eng.Files() {
			if fi.Unlisted > 0 {
				m.info("%s: %d more problems counted above but not listed (zhunt keeps up to %d per file)",
					fi.Name, fi.Unlisted, engine.MaxDiagnosticsPerFile)
			}
		}
	}
	if sum.Files == 0 {
		m.hint("no log files found (zhunt reads *.log, *.json, *.ndjson, each optionally .gz)")
	}
}

// plural renders "1 file", "2 files".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
