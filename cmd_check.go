package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/engine/zeeklog"
	"github.com/zhunt/zhunt/render"
)

const checkUsage = `Usage: zhunt check [--format table|tsv|json] [--verbose] PATH...

Reads the logs under each PATH without running a hunt, and prints one row per
file: its log path, format, the Zeek generation its fields show, records
loaded, rows rejected and warnings. Then it lists the problems (the first few,
or all with --verbose).

Exit status: 0 when every file loaded completely, 1 when any row was rejected,
any file was damaged or skipped, or no log file was found; 2 on a usage error. Usable in cron or CI:

  zhunt check /var/log/zeek/2024-04-29 || mail -s "zeek logs damaged" soc@example.com

Options:
`

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "table", "output `format`: table, tsv or json")
	verbose := fs.Bool("verbose", false, "list every problem, not only the first few")
	fs.Usage = func() { fmt.Fprint(e.stderr, checkUsage); fs.PrintDefaults() }
	paths, _, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(paths) == 0 {
		return fmt.Errorf("%w: check needs at least one PATH", errUsage)
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	eng := engine.New()
	sum, err := eng.Load(ctx, paths...)
	if err != nil {
		return err
	}
	header := []string{"file", "path", "format", "generation", "records", "rejected", "warnings", "status"}
	var rows [][]render.Cell
	for _, fi := range eng.Files() {
		status := "ok"
		switch {
		case fi.Skipped:
			status = "skipped: " + reasonText(fi.Reason)
		case fi.Reason != nil:
			status = "damaged: " + reasonText(fi.Reason)
		case fi.Partial && fi.Rejected == 1:
			status = "open: last line incomplete"
		case fi.Rejected > 0:
			status = "rows rejected"
		}
		format := "tsv"
		if fi.Format == zeeklog.JSON {
			format = "json"
		}
		if fi.Skipped {
			format = "-"
		}
		row := []string{fi.Name, orDash(strings.Join(fi.Paths, ",")), format, orDash(generation(fi)),
			strconv.FormatInt(fi.Records, 10), strconv.FormatInt(fi.Rejected, 10),
			strconv.FormatInt(fi.Warnings, 10), status}
		cells := make([]render.Cell, len(row))
		for i, s := range row {
			cells[i] = render.Cell{Text: s, JSON: render.JSONString(s)}
			if i >= 4 && i <= 6 {
				cells[i].JSON = s
			}
		}
		rows = append(rows, cells)
	}
	if err := render.Rows(e.stdout, f, header, rows); err != nil {
		return err
	}
	reportLoad(e.msg, eng, sum, *verbose)
	if sum.Rejected > 0 || sum.Skipped > 0 || damaged(eng) || sum.Files == 0 {
		return errSilent
	}
	return nil
}

func damaged(eng *engine.Engine) bool {
	for _, fi := range eng.Files() {
		if fi.Reason != nil {
			return true
		}
	}
	return false
}

func reasonText(err error) string {
	switch {
	case errors.Is(err, zeeklog.ErrNotZeek):
		return "not a Zeek log"
	case errors.Is(err, zeeklog.ErrTruncated):
		return "truncated"
	}
	return err.Error()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// generation names the Zeek generation signals a file's fields show: how
// certificates are linked and which files.log layout it has.
func generation(fi *engine.FileInfo) string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, h := range fi.Headers {
		has := func(name string) bool { return h.Index(name) >= 0 }
		switch h.Path {
		case "x509":
			switch {
			case has("fingerprint"):
				add("certs by fingerprint (Zeek >= 4.1)")
			case has("id"):
				add("certs by fuid (Zeek < 4.1)")
			}
		case "ssl":
			switch {
			case has("cert_chain_fps"):
				add("certs by fingerprint (Zeek >= 4.1)")
			case has("cert_chain_fuids"):
				add("certs by fuid (Zeek < 4.1)")
			case has("cert_hash") || has("subject"):
				add("certs inline, no ids (Bro <= 2.2)")
			}
			if has("ja3") {
				add("ja3")
			}
			if has("ja4") {
				add("ja4")
			}
		case "files":
			if has("conn_uids") {
				add("files by conn_uids (Zeek <= 5.0 layout)")
			}
			if has("uid") {
				add("files by uid (Zeek >= 5.1 layout)")
			}
		case "conn":
			if has("community_id") {
				add("community_id")
			}
		}
	}
	return strings.Join(out, "; ")
}
