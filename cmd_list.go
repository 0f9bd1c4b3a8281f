package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/zhunt/zhunt/huntfile"
	"github.com/zhunt/zhunt/render"
)

const listUsage = `Usage: zhunt list [--format table|tsv|json] [DIR]

Lists the hunts in DIR (default "hunts") with the metadata from their
"--[[ zhunt" block: name, description, ATT&CK techniques, the logs they need,
their flags and author. Nothing is run.

Options:
`

func cmdList(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "table", "output `format`: table, tsv or json")
	fs.Usage = func() { fmt.Fprint(e.stderr, listUsage); fs.PrintDefaults() }
	pos, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	dir := "hunts"
	if len(pos) == 1 {
		dir = pos[0]
	} else if len(pos) > 1 {
		return fmt.Errorf("%w: list takes one DIR", errUsage)
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	hunts, findErr := huntfile.Find(dir)
	if findErr != nil && len(hunts) == 0 {
		return findErr
	}
	header := []string{"name", "attack", "logs", "flags", "author", "description"}
	var rows [][]render.Cell
	for _, h := range hunts {
		var flags []string
		for _, a := range h.Args {
			flags = append(flags, "--"+a.Name)
		}
		vals := []string{h.Name, strings.Join(h.Attack, ","), strings.Join(h.Logs, ","), strings.Join(flags, " "),
			h.Author, h.Description}
		row := make([]render.Cell, len(vals))
		for i, v := range vals {
			if v == "" {
				v = "-"
			}
			row[i] = render.Cell{Text: v, JSON: render.JSONString(v)}
		}
		rows = append(rows, row)
	}
	if err := render.Rows(e.stdout, f, header, rows); err != nil {
		return err
	}
	return findErr // a hunt whose metadata block is broken
}
