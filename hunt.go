package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/huntfile"
	"github.com/zhunt/zhunt/luaapi"
	"github.com/zhunt/zhunt/render"
)

// huntRun is everything one run of a hunt needs.
type huntRun struct {
	script     string
	logs       []string
	args       []string
	format     render.Format
	verbose    bool
	timeout    time.Duration
	maxMemory  uint64 // 0: defaultMemoryLimit
	stats      bool   // print load statistics
	allowWrite []string
	allowExec  bool
	quietLoad  bool // no load summary (zhunt test)
	allLogs    bool // load every log, not only those the hunt's logs: line names
	// beforeExit, if set, runs when a hunt cannot be stopped and zhunt
	// exits (zhunt test prints its results so far); killOut, if set, gets
	// the message instead of the run's stderr.
	beforeExit func()
	killOut    io.Writer
}

// huntResult is what a hunt left behind.
type huntResult struct {
	eng      *engine.Engine
	meta     *huntfile.Meta
	findings []luaapi.Finding
}

// errTimeout reports a hunt stopped by --timeout.
var errTimeout = errors.New("timeout")

// runHunt loads the logs and runs one hunt script in the sandbox.
func runHunt(ctx context.Context, e *env, hr huntRun) (*huntResult, error) {
	meta, err := huntfile.Load(hr.script)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("script: %w", err)
		}
		return nil, err
	}
	res := &huntResult{eng: engine.New(), meta: meta}
	for _, a := range hr.args {
		if a == "--help" || a == "-h" {
			fmt.Fprint(e.stdout, safeText(meta.Usage())) // the block is the hunt author's text
			return res, nil
		}
	}
	if len(hr.logs) == 0 {
		for _, a := range hr.args {
			if a == "-l" || a == "--logs" || strings.HasPrefix(a, "-l=") {
				e.msg.hint("%q after \"--\" goes to the hunt, not to zhunt; put -l PATH before --", a)
				break
			}
		}
	}
	// The memory guard watches the load too: a small gzip file (a shared
	// hunt's fixture) can expand a thousandfold.
	limit := hr.maxMemory
	if limit == 0 {
		limit = defaultMemoryLimit()
	}
	ctx, stopGuard := guardMemory(ctx, limit)
	defer stopGuard()
	if len(hr.logs) > 0 {
		start := time.Now()
		res.eng.Progress = &engine.Progress{}
		if !hr.allLogs {
			res.eng.OnlyLogs = meta.NeededLogs()
		}
		stopProgress := func() {}
		if !hr.quietLoad {
			stopProgress = showProgress(e.stderr, res.eng.Progress)
		}
		sum, err := res.eng.Load(ctx, hr.logs...)
		stopProgress()
		if errors.Is(context.Cause(ctx), errMemory) {
			return res, fmt.Errorf("stopped loading the logs: zhunt used more than %s (--max-memory)", sizeText(limit))
		}
		if err != nil {
			return res, err
		}
		if !hr.quietLoad {
			reportLoad(e.msg, res.eng, sum, hr.verbose)
		}
		if hr.stats {
			reportStats(e.msg, res.eng, sum, time.Since(start))
		}
	}
	if hr.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, hr.timeout, errTimeout)
		defer cancel()
	}
	huntDir := filepath.Dir(hr.script)
	vm := luaapi.NewVM(res.eng, luaapi.Options{
		Stdout: e.stdout, Stderr: e.stderr, Format: hr.format, Args: hr.args, Context: ctx,
		HuntName: meta.Name, Meta: meta,
		ReadDirs:   hr.logs,
		OwnDir:     huntDir,
		LibDirs:    []string{filepath.Join(huntDir, "lib"), huntDir},
		AllowWrite: hr.allowWrite, AllowExec: hr.allowExec,
	})
	defer vm.Close()
	finished := make(chan struct{})
	killOut := hr.killOut
	if killOut == nil {
		killOut = e.stderr
	}
	go enforceStop(ctx, finished, killOut, hr)
	err = luaapi.RunFile(vm.L, hr.script)
	close(finished)
	res.findings = vm.Findings()
	if err == nil {
		return res, nil
	}
	if errors.Is(context.Cause(ctx), errMemory) {
		return res, fmt.Errorf("%s: stopped: the hunt used more than %s (--max-memory)", hr.script, sizeText(limit))
	}
	if errors.Is(context.Cause(ctx), errTimeout) {
		return res, fmt.Errorf("%s: stopped after %v (--timeout)", hr.script, hr.timeout)
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("%s: interrupted", hr.script)
	}
	var lerr *lua.ApiError
	if errors.As(err, &lerr) {
		msg := lerr.Object.String()
		if strings.HasSuffix(msg, "zhunt: hunt help shown") {
			return res, nil
		}
		if hr.verbose && lerr.StackTrace != "" {
			msg += "\n" + lerr.StackTrace
		}
		return res, errors.New(msg)
	}
	return res, err
}

// printFindings shows the findings at the end of a run.
func printFindings(w io.Writer, f render.Format, eng *engine.Engine, findings []luaapi.Finding) error {
	if len(findings) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n== findings: %d\n", len(findings))
	var rows [][]render.Cell
	for _, fd := range findings {
		var ids []string
		for i, id := range fd.Records {
			if i == 3 {
				ids = append(ids, fmt.Sprintf("+%d more", len(fd.Records)-3))
				break
			}
			ids = append(ids, recordLabel(eng, id))
		}
		cells := []string{fd.Severity, fd.Title, fmt.Sprint(len(fd.Records)), strings.Join(ids, " ")}
		row := make([]render.Cell, len(cells))
		for i, c := range cells {
			row[i] = render.Cell{Text: c, JSON: render.JSONString(c)}
		}
		rows = append(rows, row)
	}
	return render.Rows(w, f, []string{"severity", "title", "records", "examples"}, rows)
}

// recordLabel names a record briefly: path and its uid, fuid or certificate id.
func recordLabel(eng *engine.Engine, id engine.RecID) string {
	for _, f := range []string{"uid", "fuid", "fingerprint", "id"} {
		if v := eng.Get(id, f); !v.Unset && v.Type.Kind.IsText() && v.Type.Container == 0 {
			return eng.Path(id) + ":" + string(eng.Text(v.Sym))
		}
	}
	file, line := eng.Source(id)
	return fmt.Sprintf("%s:%s:%d", eng.Path(id), filepath.Base(file), line)
}

// writeFindings writes findings as JSON lines.
func writeFindings(name string, eng *engine.Engine, findings []luaapi.Finding) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, fd := range findings {
		recs := make([]map[string]any, 0, len(fd.Records))
		for _, id := range fd.Records {
			file, line := eng.Source(id)
			r := map[string]any{"_path": eng.Path(id), "file": file, "line": line}
			if ts, ok := eng.TS(id); ok {
				r["ts"] = json.Number(engine.FormatMicros(ts))
			}
			for _, name := range []string{"uid", "fuid", "id", "fingerprint", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"} {
				if v := eng.Get(id, name); !v.Unset {
					r[name] = json.RawMessage(render.ValueCell(eng, v, render.JSON).JSON)
				}
			}
			recs = append(recs, r)
		}
		out := map[string]any{"hunt": fd.Hunt, "severity": fd.Severity, "title": fd.Title, "records": recs}
		for k, v := range fd.Extra {
			if _, taken := out[k]; !taken {
				out[k] = v
			}
		}
		if err := enc.Encode(out); err != nil {
			f.Close()
			return fmt.Errorf("findings: %w", err)
		}
	}
	return f.Close()
}

// sizeText renders a byte count for messages: "200 MiB", "1.5 GiB", "5 bytes".
func sizeText(n uint64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', -1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', -1, 64) + " KiB"
	}
	return strconv.FormatUint(n, 10) + " bytes"
}

// stopGrace is how long a hunt may run on after it was told to stop
// (--timeout, --max-memory, Ctrl-C).
const stopGrace = 3 * time.Second

// enforceStop makes the limits hard: the Lua VM notices a stop between
// instructions, but one Go call (a backtracking pattern match, a huge gsub)
// can run on for hours. If the hunt has not finished stopGrace after ctx is
// done, zhunt says so and exits.
func enforceStop(ctx context.Context, finished <-chan struct{}, stderr io.Writer, hr huntRun) {
	select {
	case <-finished:
		return
	case <-ctx.Done():
	}
	select {
	case <-finished:
	case <-time.After(stopGrace):
		why := "it was interrupted"
		switch {
		case errors.Is(context.Cause(ctx), errTimeout):
			why = fmt.Sprintf("--timeout %v", hr.timeout)
		case errors.Is(context.Cause(ctx), errMemory):
			why = "--max-memory"
		}
		if hr.beforeExit != nil {
			hr.beforeExit()
		}
		fmt.Fprintf(stderr, "zhunt: error: %s: still running %v after %s: one long call (a pattern match, a string operation) does not stop; exiting\n", hr.script, stopGrace, why)
		os.Exit(1)
	}
}
