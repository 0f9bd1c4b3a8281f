// Command zhunt hunts through Zeek logs with Lua scripts.
//
// Usage:
//
//	zhunt run SCRIPT [-l PATH]... [--format table|tsv|json] [-- ARGS]
//	zhunt repl [-l PATH]...
//	zhunt version
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
