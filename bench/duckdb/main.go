// Command zhunt-bench-duckdb runs SQL over the JSON-lines form of a Zeek log
// directory with DuckDB, for bench/run.sh. It lives in its own module so that
// zhunt never depends on DuckDB.
//
// Usage: zhunt-bench-duckdb DATADIR QUERY.sql|'SQL'
//
// For each DATADIR/NAME.json (or NAME.json.gz) it creates a view NAME =
// read_json_auto(file). The SQL file holds statements separated by lines
// that are exactly "-- name: LABEL"; each labelled statement's result rows
// are printed as "LABEL<TAB>col1<TAB>col2...". Timings of the view set-up and
// of each statement go to stderr.
package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: zhunt-bench-duckdb DATADIR QUERY.sql|'SQL'")
		os.Exit(2)
	}
	dir, q := os.Args[1], os.Args[2]
	if b, err := os.ReadFile(q); err == nil {
		q = string(b)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		fatal(err)
	}
	defer db.Close()
	conn := db // database/sql with an in-memory DuckDB: one pool, keep one conn
	conn.SetMaxOpenConns(1)
	t0 := time.Now()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json*"))
	for _, f := range files {
		name := filepath.Base(f)
		name = strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".json")
		name = strings.TrimSuffix(name, ".log")
		// Views: each question reads the JSON it needs (load time included).
		// The schema is inferred from DuckDB's default sample of rows; a key
		// that first appears later is not a column (a query naming it fails
		// loudly). One file per log, so union_by_name is not needed.
		stmt := fmt.Sprintf(`CREATE VIEW "%s" AS SELECT * FROM read_json_auto('%s', format='newline_delimited')`, name, f)
		if _, err := conn.Exec(stmt); err != nil {
			fatal(fmt.Errorf("%s: %w", f, err))
		}
	}
	fmt.Fprintf(os.Stderr, "duckdb: views over %d files in %s\n", len(files), time.Since(t0))
	defer out.Flush()
	for _, st := range split(q) {
		t := time.Now()
		rows, err := conn.Query(st.sql)
		if err != nil {
			fatal(fmt.Errorf("%s: %w", st.label, err))
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				fatal(err)
			}
			fmt.Fprint(out, st.label)
			for _, v := range vals {
				if v == nil {
					fmt.Fprint(out, "\t-")
				} else if b, ok := v.([]byte); ok {
					fmt.Fprintf(out, "\t%s", b)
				} else {
					fmt.Fprintf(out, "\t%v", v)
				}
			}
			fmt.Fprintln(out)
		}
		if err := rows.Err(); err != nil {
			fatal(fmt.Errorf("%s: %w", st.label, err))
		}
		rows.Close()
		fmt.Fprintf(os.Stderr, "duckdb: %s in %s\n", st.label, time.Since(t))
	}
}

// out buffers the result rows; fatal flushes it, so that the answers given
// before a failing statement are kept.
var out = bufio.NewWriter(os.Stdout)

type stmt struct{ label, sql string }

// split cuts the SQL text at "-- name: LABEL" lines; text before the first
// label is one statement labelled "q".
func split(q string) []stmt {
	var out []stmt
	cur := stmt{label: "q"}
	flush := func() {
		if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cur.sql), ";")); s != "" {
			out = append(out, stmt{cur.label, s})
		}
	}
	for _, line := range strings.Split(q, "\n") {
		if l, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			cur = stmt{label: strings.TrimSpace(l)}
			continue
		}
		cur.sql += line + "\n"
	}
	flush()
	return out
}

func fatal(err error) {
	out.Flush()
	fmt.Fprintln(os.Stderr, "duckdb:", err)
	os.Exit(1)
}
