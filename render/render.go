// Package render prints records and plain rows as an aligned table, Zeek
// style TSV, or JSON lines.
//
// Output rules: values print exactly (counts as full decimal, times to the
// microsecond); unset values print "-" in table and TSV and are left out of
// JSON objects, as Zeek's JSON writer does; bytes that are not printable
// UTF-8 print as \xNN, the way Zeek's TSV writer escapes them. Tables cut
// cells wider than [MaxCell] runes with "…" (see [Rows]); TSV and JSON never cut.
package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhunt/zhunt/engine"
	"github.com/zhunt/zhunt/engine/zeeklog"
)

// Format is an output format.
type Format uint8

// The output formats.
const (
	Table Format = iota
	TSV
	JSON
)

// ParseFormat parses "table", "tsv" or "json".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "table", "":
		return Table, nil
	case "tsv":
		return TSV, nil
	case "json":
		return JSON, nil
	}
	return Table, fmt.Errorf("unknown format %q (want table, tsv or json)", s)
}

// MaxCell is the widest a table cell gets, in runes; the last column may
// run to MaxLastCell, and the first is never cut.
const (
	MaxCell     = 72
	MaxLastCell = 240
)

// Cell is one value to print: Text for table/TSV, JSON the raw JSON text
// ("" to leave the key out of a JSON object).
type Cell struct {
	Text string
	JSON string
}

// Rows prints a header and rows of cells.
func Rows(w io.Writer, f Format, header []string, rows [][]Cell) error {
	bw := bufio.NewWriter(w)
	switch f {
	case TSV:
		bw.WriteString("#fields")
		for _, h := range header {
			bw.WriteString("\t" + escapeTSV(h))
		}
		bw.WriteByte('\n')
		for _, r := range rows {
			for i, c := range r {
				if i > 0 {
					bw.WriteByte('\t')
				}
				bw.WriteString(escapeTSV(c.Text))
			}
			bw.WriteByte('\n')
		}
	case JSON:
		for _, r := range rows {
			bw.WriteByte('{')
			n := 0
			for i, c := range r {
				if c.JSON == "" {
					continue
				}
				if n > 0 {
					bw.WriteByte(',')
				}
				n++
				bw.WriteString(JSONString(header[i]))
				bw.WriteByte(':')
				bw.WriteString(c.JSON)
			}
			bw.WriteString("}\n")
		}
	default:
		widths := make([]int, len(header))
		cells := make([][]string, len(rows))
		header = slices.Clone(header)
		for i, h := range header {
			header[i] = escapeTable(h) // field names come from the logs too
			widths[i] = utf8.RuneCountInString(header[i])
		}
		for j, r := range rows {
			cells[j] = make([]string, len(r))
			for i, c := range r {
				limit := MaxCell
				switch i {
				case 0:
					limit = 1 << 20 // the first column names the row: never cut
				case len(r) - 1:
					limit = MaxLastCell
				}
				s := cut(escapeTable(c.Text), limit)
				cells[j][i] = s
				widths[i] = max(widths[i], utf8.RuneCountInString(s))
			}
		}
		line := func(vals []string) {
			for i, v := range vals {
				if i > 0 {
					bw.WriteString("  ")
				}
				bw.WriteString(v)
				if i < len(vals)-1 {
					bw.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(v)))
				}
			}
			bw.WriteByte('\n')
		}
		line(header)
		for _, c := range cells {
			line(c)
		}
	}
	return bw.Flush()
}

func cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-1]) + "…"
}

// Escape makes text from logs or hunts safe to print on a terminal: invalid
// UTF-8 and control characters (C0, DEL and the C1 range, whose U+009B is
// an 8-bit CSI) become \xNN or \uNNNN, and so do the bidirectional
// overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
// what a reader sees. Text without any of them is returned as is.
func Escape(s string) string { return escapeTable(s) }

// escapeTable is Escape: any string made safe for one table cell.
func escapeTable(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f || s[i] >= 0x80 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case (r == utf8.RuneError && n <= 1) || r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02x", s[i])
			i++
			continue
		case terminalUnsafe(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// escapeTSV escapes as Zeek's TSV writer does: backslash doubled, tab,
// newline, control and invalid bytes as \xNN.
func escapeTSV(s string) string {
	if !strings.ContainsAny(s, "\\\t\n") {
		return escapeTable(s)
	}
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "\t", "\\x09")
	s = strings.ReplaceAll(s, "\n", "\\x0a")
	return escapeTable(s)
}

// JSONString encodes s as a JSON string; invalid UTF-8 bytes become the text
// \xNN, as in Zeek's JSON writer.
func JSONString(s string) string {
	if !utf8.ValidString(s) {
		var b strings.Builder
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				fmt.Fprintf(&b, "\\x%02x", s[i])
				i++
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
		}
		s = b.String()
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep "<" and "&" readable: this is no HTML
	enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	if !strings.ContainsFunc(out, terminalUnsafe) {
		return out
	}
	// The same string, with what a terminal would act on written as \uNNNN.
	var e strings.Builder
	for _, r := range out {
		if terminalUnsafe(r) {
			fmt.Fprintf(&e, "\\u%04x", r)
			continue
		}
		e.WriteRune(r)
	}
	return e.String()
}

// terminalUnsafe reports the characters, valid in JSON strings, that a
// terminal acts on or that reorder the text shown: C1 controls and the
// bidirectional overrides and isolates.
func terminalUnsafe(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Columns returns the columns used for records when none are asked for: all
// fields of a single log, or the connection columns plus each log's summary
// fields when several logs are mixed.
func Columns(e *engine.Engine, ids []engine.RecID) []string {
	paths := map[string]bool{}
	var order []string
	for _, id := range ids {
		p := e.Path(id)
		if !paths[p] {
			paths[p] = true
			order = append(order, p)
		}
	}
	if len(order) == 1 {
		var cols []string
		for _, f := range e.Fields(order[0]) {
			cols = append(cols, f.Name)
		}
		return cols
	}
	return append([]string{"_path"}, append(append([]string{}, engine.ConnFields...), Details)...)
}

// Details is the pseudo-column that shows each record's own summary fields
// as field=value pairs when records of several logs print together.
const Details = "details"

// details renders the summary fields of a record that are set.
func details(e *engine.Engine, id engine.RecID, f Format) string {
	var parts []string
	for _, name := range e.SummaryFields(e.Path(id)) {
		v := e.Get(id, name)
		if v.Unset {
			continue
		}
		parts = append(parts, name+"="+ValueCell(e, v, f).Text)
	}
	return strings.Join(parts, " ")
}

// Records prints records; fields nil means [Columns].
func Records(w io.Writer, f Format, e *engine.Engine, ids []engine.RecID, fields []string) error {
	if fields == nil {
		fields = Columns(e, ids)
	}
	rows := make([][]Cell, len(ids))
	for i, id := range ids {
		r := make([]Cell, len(fields))
		for j, name := range fields {
			switch {
			case name == "_path":
				p := e.Path(id)
				r[j] = Cell{Text: p, JSON: JSONString(p)}
				continue
			case name == Details && !e.HasField(e.Path(id), Details):
				d := details(e, id, f)
				r[j] = Cell{Text: d, JSON: JSONString(d)}
				continue
			}
			r[j] = ValueCell(e, e.Get(id, name), f)
		}
		rows[i] = r
	}
	return Rows(w, f, fields, rows)
}

// ValueCell renders one value. Times print as ISO 8601 in tables and as
// epoch seconds (Zeek's TSV form) in TSV and JSON.
func ValueCell(e *engine.Engine, v engine.Value, f Format) Cell {
	if v.Unset {
		return Cell{Text: "-"}
	}
	if v.Type.Container != zeeklog.Scalar {
		if v.Len() == 0 {
			return Cell{Text: "(empty)", JSON: "[]"}
		}
		texts := make([]string, v.Len())
		jsons := make([]string, v.Len())
		for i := range texts {
			c := ValueCell(e, v.Elem(i), f)
			texts[i] = strings.ReplaceAll(c.Text, ",", "\\x2c")
			if c.JSON == "" {
				c.JSON = "null"
			}
			jsons[i] = c.JSON
		}
		return Cell{Text: strings.Join(texts, ","), JSON: "[" + strings.Join(jsons, ",") + "]"}
	}
	switch v.Type.Kind {
	case zeeklog.KindTime:
		text := engine.FormatMicros(v.Micros())
		if f == Table {
			return Cell{Text: engine.ISOMicros(v.Micros()), JSON: text}
		}
		return Cell{Text: text, JSON: text}
	case zeeklog.KindCount, zeeklog.KindPort, zeeklog.KindInt, zeeklog.KindDouble, zeeklog.KindInterval:
		t := e.ScalarText(v)
		j := t
		if v.Type.Kind == zeeklog.KindDouble || v.Type.Kind == zeeklog.KindInterval {
			if f := v.Float(); math.IsInf(f, 0) || math.IsNaN(f) {
				j = "null" // JSON has no inf or nan
			} else {
				j = strconv.FormatFloat(f, 'g', -1, 64)
			}
		}
		return Cell{Text: t, JSON: j}
	case zeeklog.KindBool:
		t := e.ScalarText(v)
		return Cell{Text: t, JSON: strconv.FormatBool(v.Bool())}
	}
	s := string(e.Text(v.Sym))
	return Cell{Text: s, JSON: JSONString(s)}
}
