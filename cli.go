package main

// Output rules for every subcommand:
//   - Results go to stdout; everything about the run (load summaries,
//     warnings, errors, hints) goes to stderr, so `zhunt run x.lua > out`
//     keeps out clean.
//   - Messages on stderr start with "zhunt: "; errors with "zhunt: error: "
//     and may be followed by "zhunt: hint: " lines saying what to do.
//   - Positions read file:line: (like compilers), so editors can jump there.
//   - Exit status: 0 ok, 1 error (including a failing hunt), 2 usage error.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/zhunt/zhunt/render"
)

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// errUsage marks errors that are the caller's words, not the data.
var errUsage = errors.New("usage")

// messages writes zhunt's stderr lines.
type messages struct{ w io.Writer }

func (m messages) info(format string, args ...any) {
	fmt.Fprint(m.w, safeText("zhunt: "+fmt.Sprintf(format, args...))+"\n")
}

func (m messages) error(err error) {
	fmt.Fprint(m.w, safeText(fmt.Sprintf("zhunt: error: %v", err))+"\n")
}

func (m messages) hint(format string, args ...any) {
	fmt.Fprint(m.w, safeText("zhunt: hint: "+fmt.Sprintf(format, args...))+"\n")
}

// safeText escapes what a terminal would act on (render.Escape) in a
// message that may quote logs or hunts (file names, #path values, a hunt's
// error), keeping its newlines and tabs.
func safeText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f }) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "\n\t")
		if i < 0 {
			b.WriteString(render.Escape(s))
			return b.String()
		}
		b.WriteString(render.Escape(s[:i]))
		b.WriteByte(s[i])
		s = s[i+1:]
	}
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may touch: injected streams, no globals.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	msg    messages
}

var commands = []command{
	{"run", "run a hunt script over Zeek logs", cmdRun},
	{"check", "read logs and report what loads and what does not", cmdCheck},
	{"list", "list hunts with their metadata", cmdList},
	{"test", "run hunts on their fixtures and diff the output", cmdTest},
	{"repl", "explore logs in an interactive Lua prompt", cmdRepl},
	{"version", "print zhunt's version", cmdVersion},
}

const usageText = `zhunt hunts through Zeek logs with Lua scripts.

Usage:
  zhunt run SCRIPT [-l PATH]... [--format table|tsv|json] [-- ARGS]
  zhunt check [--verbose] PATH...
  zhunt list [DIR]
  zhunt test [--update] [DIR]
  zhunt repl [-l PATH]...
  zhunt version

Examples:
  zhunt run hunts/sha1_certs.lua -l testdata/corpus/brim-wrccdc2018-zeek62/zeek-default
  zhunt run hunts/ja3_fanout.lua -l /var/log/zeek/2024-04-29 -- --ja3 b5001237acdf006056b409cc433726b0
  zhunt check /var/log/zeek/2024-04-29
  zhunt repl -l /var/log/zeek/current

Run "zhunt COMMAND -h" for a command's options.
`

// run is the whole program behind main, with injected streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, msg: messages{stderr}}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			e.msg.error(err)
			e.msg.hint("run \"zhunt %s -h\" for usage", c.name)
			return exitUsage
		case errors.Is(err, errSilent):
			return exitError
		case errors.Is(err, errFindings):
			return exitFindings
		}
		e.msg.error(err)
		return exitError
	}
	e.msg.error(fmt.Errorf("unknown command %q", args[0]))
	e.msg.hint("commands: %s", commandNames())
	return exitUsage
}

// errSilent is returned when the failure was already reported.
var errSilent = errors.New("already reported")

func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// pathList is a repeatable -l flag.
type pathList []string

func (p *pathList) String() string { return strings.Join(*p, ",") }

// Set adds one path.
func (p *pathList) Set(s string) error { *p = append(*p, s); return nil }

// parseInterleaved parses flags that may come before or after positional
// arguments; everything after "--" is returned separately.
func parseInterleaved(fs *flag.FlagSet, args []string) (positional, rest []string, err error) {
	for i, a := range args {
		if a == "--" {
			rest = args[i+1:]
			args = args[:i]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, rest, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
