package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/huntfile"
	"github.com/zhunt/zhunt/pathrule"
	"github.com/zhunt/zhunt/render"
)

const testUsage = `Usage: zhunt test [--update] [--run NAME] [DIR]

Runs every hunt in DIR (default "hunts") on its fixtures and compares what it
prints with the expected output. Fixtures live in DIR/testdata/HUNT/CASE/:

  logs/          the input logs (or logs.txt: paths, one per line, relative to CASE)
  args           optional: the hunt's arguments, one per line
  expected.txt   what the hunt prints (stdout, findings included)

Fixtures come with the hunts, from whoever wrote them: the logs they name
must lie inside the hunts' project (the nearest directory above DIR holding
.git or go.mod, else DIR) and not in a hidden directory.

A difference prints as a unified diff. --update rewrites expected.txt from
the current output (review the change with git diff before committing it);
it does not write through a link.
Exit status: 0 when every case passes, 1 otherwise.

Options:
`

func cmdTest(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	update := fs.Bool("update", false, "rewrite expected.txt files from the current output")
	only := fs.String("run", "", "only hunts whose name contains `NAME`")
	timeout := fs.Duration("timeout", time.Minute, "stop a case after `DURATION` (fixtures are small: a hunt that runs on is broken or hostile)")
	maxMemory := fs.String("max-memory", "1GiB", "stop a case when zhunt's heap passes `SIZE`")
	fs.Usage = func() { fmt.Fprint(e.stderr, testUsage); fs.PrintDefaults() }
	pos, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *timeout < 0 {
		return fmt.Errorf("%w: --timeout %v: a duration of zero (none) or more expected", errUsage, *timeout)
	}
	memLimit, err := parseBytes(*maxMemory)
	if err != nil {
		return fmt.Errorf("%w: --max-memory: %v", errUsage, err)
	}
	limits := huntRun{timeout: *timeout, maxMemory: memLimit, killOut: e.stderr}
	dir := "hunts"
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return fmt.Errorf("%w: test takes one DIR", errUsage)
	}
	hunts, findErr := huntfile.Find(dir)
	if findErr != nil && len(hunts) == 0 {
		return findErr
	}
	root := fixtureRoot(dir)
	passed, failed, untested := 0, 0, 0
	for _, h := range hunts {
		if *only != "" && !strings.Contains(h.Name, *only) {
			continue
		}
		base := strings.TrimSuffix(filepath.Base(h.Path), ".lua")
		// Listed, not globbed: a hunt named "*.lua" must not reach the
		// fixtures of the others.
		var caseDirs []string
		if ents, err := os.ReadDir(filepath.Join(dir, "testdata", base)); err == nil {
			for _, ent := range ents {
				caseDirs = append(caseDirs, filepath.Join(dir, "testdata", base, ent.Name()))
			}
		}
		n := 0
		for _, cd := range caseDirs {
			if st, err := os.Stat(cd); err != nil || !st.IsDir() {
				continue
			}
			n++
			name := render.Escape(base + "/" + filepath.Base(cd)) // file names are the hunts' authors'
			limits.beforeExit = func() {                          // this case cannot be stopped: zhunt exits after these lines
				fmt.Fprintf(e.stdout, "FAIL %s: still running after its limits; the cases after it did not run\n", name)
				fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failed+1)
			}
			ok, err := runCase(ctx, h.Path, cd, root, *update, limits, e)
			switch {
			case err != nil:
				failed++
				fmt.Fprintf(e.stdout, "FAIL %s: %s\n", name, safeText(err.Error()))
			case ok:
				passed++
				fmt.Fprintf(e.stdout, "ok   %s\n", name)
			default:
				failed++
			}
		}
		if n == 0 {
			untested++
			fmt.Fprintf(e.stdout, "?    %s: no fixtures in %s\n", render.Escape(base), render.Escape(filepath.Join(dir, "testdata", base)))
		}
	}
	fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failed)
	if untested > 0 {
		e.msg.info("%s without fixtures", plural(int64(untested), "hunt"))
	}
	if failed > 0 {
		if findErr != nil {
			e.msg.error(findErr)
		}
		return errSilent
	}
	return findErr // a hunt whose metadata block is broken
}

// runCase runs one fixture and compares (or, with update, rewrites) its
// expected output. It reports false, after printing the diff, on a mismatch.
func runCase(ctx context.Context, script, caseDir, root string, update bool, limits huntRun, e *env) (bool, error) {
	if !insideTree(caseDir, root) {
		return false, fmt.Errorf("%s leads out of %s (fixtures are not followed out of the hunts' project)", caseDir, root)
	}
	logs, err := caseLogs(caseDir)
	if err != nil {
		return false, err
	}
	// Fixtures come with the hunts, from whoever wrote them: the logs they
	// name become readable to the hunt, so every file they lead to (links
	// inside a logs/ directory too) must stay in the project.
	var files []string
	for _, l := range logs {
		if !insideTree(l, root) {
			return false, fmt.Errorf("fixture log %s leads out of %s or into a hidden entry (fixtures may name logs only inside the hunts' project)", l, root)
		}
		found, err := zeeklog.Files(l)
		if err != nil {
			return false, err
		}
		for _, f := range found {
			if !insideTree(f, root) {
				return false, fmt.Errorf("fixture log %s leads out of %s or into a hidden entry (fixtures may name logs only inside the hunts' project)", f, root)
			}
		}
		files = append(files, found...)
	}
	logs = files
	args, err := readLines(filepath.Join(caseDir, "args"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	var out, errOut bytes.Buffer
	sub := &env{stdin: e.stdin, stdout: &out, stderr: &errOut, msg: messages{&errOut}}
	res, err := runHunt(ctx, sub, huntRun{script: script, logs: logs, args: args, format: render.Table, quietLoad: true,
		timeout: limits.timeout, maxMemory: limits.maxMemory, killOut: limits.killOut, beforeExit: limits.beforeExit})
	if res != nil {
		printFindings(&out, render.Table, res.eng, res.findings)
	}
	if err != nil {
		return false, fmt.Errorf("%v\n%s", err, errOut.String())
	}
	want := filepath.Join(caseDir, "expected.txt")
	if update {
		if st, err := os.Lstat(want); err == nil && !st.Mode().IsRegular() {
			return false, fmt.Errorf("%s is not a regular file (a link?): not overwritten", want)
		}
		return true, os.WriteFile(want, out.Bytes(), 0o644)
	}
	expected, err := readFixture(want, maxExpectedBytes)
	if err != nil {
		return false, fmt.Errorf("%w (run zhunt test --update to create it)", err)
	}
	if bytes.Equal(expected, out.Bytes()) {
		return true, nil
	}
	fmt.Fprintf(e.stdout, "FAIL %s: output differs from %s\n%s", render.Escape(filepath.Base(filepath.Dir(caseDir))+"/"+filepath.Base(caseDir)),
		render.Escape(want), diff.Diff(want, expected, "got", out.Bytes()))
	return false, nil
}

// caseLogs returns the log paths of a fixture: its logs/ directory, or the
// paths listed in logs.txt (relative to the case directory).
func caseLogs(caseDir string) ([]string, error) {
	if st, err := os.Stat(filepath.Join(caseDir, "logs")); err == nil && st.IsDir() {
		return []string{filepath.Join(caseDir, "logs")}, nil
	}
	lines, err := readLines(filepath.Join(caseDir, "logs.txt"))
	if err != nil {
		return nil, fmt.Errorf("%s: no logs/ directory and no logs.txt", caseDir)
	}
	var out []string
	for _, l := range lines {
		out = append(out, filepath.Join(caseDir, l))
	}
	return out, nil
}

// readLines returns the non-empty, non-comment lines of a fixture file.
func readLines(name string) ([]string, error) {
	data, err := readFixture(name, maxListBytes)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, nil
}

// fixtureRoot is the project the hunts in dir belong to: the nearest
// directory at or above dir holding .git or go.mod, else dir itself
// (symbolic links resolved). A home directory or / is never the project
// (a dotfiles repository would open the whole home).
func fixtureRoot(dir string) string {
	start, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if real, err := filepath.EvalSymlinks(start); err == nil {
		start = real
	}
	for d := start; ; {
		for _, mark := range []string{".git", "go.mod"} {
			if _, err := os.Lstat(filepath.Join(d, mark)); err == nil {
				if d == filepath.Dir(d) || isHome(d) {
					return start
				}
				return d
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return start
		}
		d = parent
	}
}

// insideTree reports whether p, links resolved, lies in root and passes
// through no hidden entry below it.
func insideTree(p, root string) bool {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return false
	}
	if real, err = filepath.Abs(real); err != nil {
		return false
	}
	rel, ok := pathrule.Below(real, root)
	return ok && !pathrule.Hidden(rel)
}

// Size limits of fixture files: an args or logs.txt list, an expected.txt.
const (
	maxListBytes     = 1 << 20
	maxExpectedBytes = 256 << 20
)

// readFixture reads a fixture file, which must be a regular file (not a
// link, which could name any file or /proc/self/environ, nor a device or
// a FIFO) of at most limit bytes.
func readFixture(name string, limit int64) ([]byte, error) {
	data, err := pathrule.ReadRegular(name, limit, false, "a fixture file")
	if errors.Is(err, pathrule.ErrNotRegular) {
		return nil, fmt.Errorf("%s is not a regular file (a link?): fixture files must be", name)
	}
	return data, err
}

// isHome reports whether d is the user's home directory.
func isHome(d string) bool {
	home, err := os.UserHomeDir()
	if err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(home); err == nil {
		home = real
	}
	return d == home
}
