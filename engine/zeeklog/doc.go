// Package zeeklog reads Zeek (formerly Bro) logs: the tab-separated format of
// Zeek's ASCII writer and JSON lines, plain or gzip-compressed. It yields one
// [Row] per record, with every value parsed according to its Zeek type, and
// reports every problem as a [*ParseError] naming the file, line and field.
//
// # Opening files
//
// [Files] lists the *.log, *.json and *.ndjson files (each optionally .gz)
// under a directory; [Open] opens one, decompressing gzip by its magic bytes;
// [NewReader] reads it. [PathFromName] guesses the log path from a rotated
// file name ("conn.15:00:00-16:00:00.log.gz" is "conn") for logs that carry
// no path of their own.
//
// The format is decided by the first non-blank line that is not a comment:
// a header directive means TSV, "{" means JSON lines. Anything else (a
// trace-summary "conn-summary" report, zeekctl's stderr.log) yields one
// [ErrNotZeek] error for the file and then io.EOF. An empty file yields just
// io.EOF.
//
// # TSV
//
// A TSV log starts with a header block:
//
//	#separator \x09
//	#set_separator	,
//	#empty_field	(empty)
//	#unset_field	-
//	#path	dns
//	#open	2024-03-05-10-00-00
//	#fields	ts	uid	query	answers	TTLs
//	#types	time	string	string	vector[string]	vector[interval]
//	1709632801.104211	CnX1r8a2Jt4PqLw0e	example.com	TXT 3 a\x2cb,192.0.2.1	60.000000,-1.000000
//	1709632804.210000	CzP0eR6tYw8uIa2Sd	-	(empty)	-
//	#close	2024-03-05-11-00-00
//
// #separator is followed by a space (or a tab) and the separator written
// with \xNN escapes; it may be several bytes ("||"). Every other directive is
// split by the separator. Before any directive the defaults are a tab, ",",
// "(empty)" and "-". Directives may come in any order (btest's diff-sort
// puts #close first and #separator after #fields) and may change in the
// middle of a file; the header is rebuilt at the next data line, and a new
// *Header is made only when something changed. #open and #close are
// optional (Bro 2.0, btest baselines). Any other line that starts with '#'
// ("### BTest baseline ...", "#open XXXX-XX-XX" with a space) is a comment.
// A #types count that differs from #fields is an [ErrInvalidHeader] error at
// the #types line, and data lines are rejected with [ErrNoHeader] until a
// valid header comes; so are data lines before any #fields. #fields without
// #types reads every field as a string, with a warning; a type name zhunt
// does not know ([ParseType]) is kept as text, with a warning. Bro 2.x's
// table[T] is read as set[T].
//
// A data line is split on the separator. Fewer values than fields rejects
// the line ([ErrFieldCount]); more values are dropped with a warning if they
// are all empty (a trailing tab), and reject the line otherwise.
//
// A value exactly equal to the unset marker is unset. A value exactly equal
// to the empty marker is the empty string or the empty container (Zeek uses
// one marker for both). A container is split on the raw set separator first,
// and only then is each element unescaped, so "TXT 3 a\x2cb" is one element;
// an element equal to the unset marker is an unset element, one equal to the
// empty marker an empty string. Escapes are \xNN (any byte) and \\ (a
// backslash); a literal "-" is written \x2d and so is not unset. Numbers are
// parsed exactly: count and port as uint64, int as int64, time as int64
// microseconds read from the decimal text (never through float64, so
// "1709633100.000001" and "-0.4" are exact), double and interval as float64,
// bool as T/F. A value that does not parse as its type ("XXXXXXXXXX.XXXXXX"
// in a canonified btest baseline) becomes unset and the row is kept with an
// [ErrInvalidValue] warning:
//
//	conn.log:12: field id.orig_p (port): invalid value "x80"
//
// # JSON lines
//
// One JSON object per line, as written by LogAscii::use_json, corelight
// json-streaming-logs and converters:
//
//	{"_path":"conn","_write_ts":"2024-03-05T10:00:01.000000Z","ts":"2024-03-05T10:00:00.123456Z","uid":"CaB1cD2eF3gH4iJ5k","id.orig_h":"192.0.2.11","id.orig_p":51000,"orig_bytes":18446744073709551615,"tunnel_parents":[]}
//	{"ts":1709633050.2,"uid":"CzX1cV3bN5mQ7wE9r","id":{"orig_h":"192.0.2.21","orig_p":50211}}
//
// Nested objects are flattened to Zeek's dotted names (id.orig_h, and
// referenced_file.id.orig_h three levels down); keys keep their first-seen
// order. "_path" gives [Header.Path] and is not a field; without it the path
// comes from the file name. "_write_ts" is an ordinary time field. A key that
// is absent or null is unset; [] is the empty container. Lines starting with
// '#' (btest comments) are skipped.
//
// Types come from a table of the fields Zeek declares (generated from real
// #types headers into knowntypes.go, with a by-name fallback); an unknown
// field takes its type from its first value: a string is a string (a time
// when the field is ts or ends in _ts and the text is ISO 8601), an integer a
// count (an int if negative), a fraction a double, true/false a bool, an
// array a vector. Rows with the same path and key list share one *Header. A
// later value that does not fit widens the type and starts a new *Header:
// count to int to double silently, anything else to a text column of kind
// [KindUnknown] holding the value's JSON text, with a warning. Counts are
// decoded exactly (18446744073709551615 works). A time is epoch seconds as
// a number (read from its decimal text like TSV; an integer of magnitude 1e11
// or more is JSON::TS_MILLIS milliseconds) or an ISO 8601 string
// ("2018-03-24T17:15:20.615923Z", before 1970 and up to year 9999 included).
//
// Zeek writes an invalid UTF-8 or control byte in a JSON string as the text
// \xNN (JSON "\\xNN"); after JSON decoding such sequences are turned back
// into the byte, so a value reads the same from TSV and JSON. (A string that
// really contained a backslash followed by x and two hex digits is changed
// too; Zeek's JSON cannot tell the two apart. In the twin TSV and JSON logs
// of one Zeek 6.2 run, 4757 lines hold real bytes this way and 33 the
// literal text.) Raw invalid UTF-8 in a JSON line, which Zeek never writes
// but converters may, is kept as the bytes.
//
// JSON lines are decoded by a small scanner of this package (not
// encoding/json): values are read in place, numbers keep their text so that
// counts stay exact, and a differential fuzz test holds it to encoding/json's
// accept/reject decisions and messages.
//
// A line that is not valid JSON is rejected with an [ErrInvalidJSON] error
// whose Column is the byte column of the offending character:
//
//	ssh.log:2: invalid JSON: invalid character 'X' looking for beginning of value
//
// # Errors and rows
//
// See [Reader]: row errors are not fatal and the next Read goes on; an I/O
// error, a truncated gzip stream ([ErrTruncated], reported once, after every
// row that decompressed) or [ErrNotZeek] end the file. Lines longer than
// [Reader.MaxLineBytes] (default [DefaultMaxLineBytes], 64 MiB) yield
// [ErrLineTooLong] and the following lines still load. A last line without a
// newline is what a log still being written looks like: it is not read as a
// row, and Read returns a warning [ErrPartialLine] for it (nothing more when
// the stream was a truncated gzip, which already has its error). A line
// ending in "\r\n" is read without the "\r". Rows and their values alias the
// Reader's buffers until the next Read.
package zeeklog

//go:generate go run gen_knowntypes.go -corpus ../../../shared/zeek-corpus -o knowntypes.go
