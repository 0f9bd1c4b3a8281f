// Package huntfile reads the metadata block at the top of a hunt script,
// without running the script, so that `zhunt list` and `--help` never
// execute code a stranger wrote.
//
// The block is a Lua long comment that opens with "--[[ zhunt" and holds
// "key: value" lines; a key's value may continue on indented lines:
//
//	--[[ zhunt
//	name: ja3_fanout
//	description: who shares a TLS client fingerprint (ja3), and who answers with a server one (ja3s)
//	author: zhunt
//	references: https://github.com/salesforce/ja3
//	attack: T1071.001, T1573.002
//	logs: ssl
//	args:
//	  --ja3 HASH: one client fingerprint: its clients and the servers they reached
//	  --ja3s HASH: one server fingerprint: its servers and their unique clients
//	]]
//
// Lists (references, attack, logs) are comma-separated. Unknown keys are
// kept in Extra.
package huntfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zhunt/zhunt/pathrule"
)

// Arg is one flag a hunt takes: "--name VALUE: help". Value is "" for a
// switch.
type Arg struct {
	Name  string // without the leading dashes
	Value string // the placeholder shown in help, e.g. "HASH"
	Help  string
}

// Meta is a hunt's metadata.
type Meta struct {
	Path        string // the script file
	Name        string // from "name:", else the file name without .lua
	Description string
	Author      string
	References  []string
	Attack      []string // MITRE ATT&CK technique ids
	Logs        []string // log paths the hunt needs ("any": every log)
	Args        []Arg
	Extra       map[string]string
}

// NeededLogs returns the log paths to load for the hunt: its "logs:" list,
// or nil (every log) when it has none or names "any" or "*".
func (m *Meta) NeededLogs() []string {
	for _, l := range m.Logs {
		if l == "any" || l == "*" {
			return nil
		}
	}
	return m.Logs
}

const opener = "--[[ zhunt"

// Parse reads the metadata of a hunt from its source. A script without a
// block gets only Name (from path) and no error.
func Parse(path string, src []byte) (*Meta, error) {
	m := &Meta{Path: path, Name: strings.TrimSuffix(filepath.Base(path), ".lua"), Extra: map[string]string{}}
	start := bytes.Index(src, []byte(opener))
	if start < 0 {
		return m, nil
	}
	body := src[start+len(opener):]
	end := bytes.Index(body, []byte("]]"))
	if end < 0 {
		return m, fmt.Errorf("%s: metadata block opened with %q is not closed with ]]", path, opener)
	}
	line := bytes.Count(src[:start], []byte("\n")) + 1
	fields := map[string]string{}
	var key string
	sc := bufio.NewScanner(bytes.NewReader(body[:end]))
	for sc.Scan() {
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		if text[0] == ' ' || text[0] == '\t' {
			if key == "" {
				return m, fmt.Errorf("%s:%d: metadata continuation line before any key", path, line)
			}
			fields[key] += "\n" + strings.TrimSpace(text)
			continue
		}
		k, v, ok := strings.Cut(text, ":")
		if !ok {
			return m, fmt.Errorf("%s:%d: metadata line %q is not \"key: value\"", path, line, text)
		}
		key = strings.TrimSpace(k)
		fields[key] = strings.TrimSpace(v)
		line++
	}
	for k, v := range fields {
		v = strings.TrimSpace(v)
		switch k {
		case "name":
			m.Name = v
		case "description":
			m.Description = strings.Join(strings.Fields(v), " ")
		case "author":
			m.Author = v
		case "references":
			m.References = list(v)
		case "attack":
			m.Attack = list(v)
		case "logs":
			m.Logs = list(v)
		case "args":
			for _, a := range strings.Split(v, "\n") {
				if a = strings.TrimSpace(a); a == "" {
					continue
				}
				spec, help, _ := strings.Cut(a, ":")
				words := strings.Fields(spec)
				if len(words) == 0 || !strings.HasPrefix(words[0], "--") {
					return m, fmt.Errorf("%s: metadata args line %q does not start with --name", path, a)
				}
				arg := Arg{Name: strings.TrimPrefix(words[0], "--"), Help: strings.TrimSpace(help)}
				if len(words) > 1 {
					arg.Value = words[1]
				}
				m.Args = append(m.Args, arg)
			}
		default:
			m.Extra[k] = v
		}
	}
	return m, nil
}

func list(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// MaxBytes is the largest hunt file Load reads.
const MaxBytes = 16 << 20

// Load reads and parses one hunt file, which must be a regular file (a link
// to one is followed) of at most MaxBytes: a link to a device or a FIFO
// would exhaust memory or hang.
func Load(path string) (*Meta, error) {
	src, err := pathrule.ReadRegular(path, MaxBytes, true, "a hunt file")
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Find lists the hunts in dir: *.lua files, not in lib/ or testdata/, and
// not *_test.lua, sorted by name. A hunt whose metadata does not parse is
// left out and named in the returned error; the others are still returned.
func Find(dir string) ([]*Meta, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []*Meta
	var problems []error
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".lua") || strings.HasSuffix(name, "_test.lua") {
			continue
		}
		path := filepath.Join(dir, name)
		if e.Type()&fs.ModeSymlink != 0 && !linksInside(path, dir) {
			problems = append(problems, fmt.Errorf("%s: a link out of %s, not a hunt of it", path, dir))
			continue
		}
		m, err := Load(path)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, errors.Join(problems...)
}

// Arg returns the declared flag with that name.
func (m *Meta) Arg(name string) (Arg, bool) {
	for _, a := range m.Args {
		if a.Name == name {
			return a, true
		}
	}
	return Arg{}, false
}

// Usage renders the help text of a hunt: its description and its flags.
func (m *Meta) Usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", m.Name, m.Description)
	if len(m.Logs) > 0 {
		fmt.Fprintf(&b, "needs logs: %s\n", strings.Join(m.Logs, ", "))
	}
	if len(m.Attack) > 0 {
		fmt.Fprintf(&b, "ATT&CK: %s\n", strings.Join(m.Attack, ", "))
	}
	fmt.Fprintf(&b, "\nUsage: zhunt run %s -l PATH", m.Path)
	if len(m.Args) > 0 {
		b.WriteString(" -- [FLAGS]\n\nFlags:\n")
		for _, a := range m.Args {
			spec := "--" + a.Name
			if a.Value != "" {
				spec += " " + a.Value
			}
			fmt.Fprintf(&b, "  %-22s %s\n", spec, a.Help)
		}
	} else {
		b.WriteString("\n")
	}
	for _, r := range m.References {
		fmt.Fprintf(&b, "see: %s\n", r)
	}
	return b.String()
}

// linksInside reports whether the link path leads to a file inside dir.
func linksInside(path, dir string) bool {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	_, ok := pathrule.Below(target, root)
	return ok
}
