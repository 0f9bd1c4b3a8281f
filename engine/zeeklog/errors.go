package zeeklog

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is through a [*ParseError].
var (
	// ErrFieldCount: a TSV row has a different number of values than #fields.
	// The wrapping error text shows both counts.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrNoHeader: a TSV data line came before any #fields/#types header.
	ErrNoHeader = errors.New("data line before #fields header")
	// ErrLineTooLong: a line exceeds the reader's MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
	// ErrInvalidValue: a value does not parse as its declared type.
	ErrInvalidValue = errors.New("invalid value")
	// ErrTruncated: the input ended inside a line or a compressed stream.
	ErrTruncated = errors.New("truncated input")
	// ErrNotZeek: the file is not a Zeek log (e.g. a trace-summary report).
	ErrNotZeek = errors.New("not a Zeek log")
	// ErrPartialLine: the last line of the input has no terminating newline,
	// which is what a log still being written looks like. It is reported as a
	// warning and the line is not read as a row.
	ErrPartialLine = errors.New("incomplete last line (file still being written?)")
	// ErrInvalidHeader: a header directive is malformed (an empty or
	// unreadable #separator, #types with a different count than #fields).
	ErrInvalidHeader = errors.New("invalid header")
	// ErrInvalidJSON: a JSON-lines record is not a JSON object.
	ErrInvalidJSON = errors.New("invalid JSON")
)

// ParseError reports a problem at a position in a log file. Column is the
// 1-based field ordinal for TSV and the 1-based byte column for JSON; 0 when
// the whole line is at fault. Field is the field name when one is to blame.
// Warning is true for problems that did not cost the row (e.g. an empty extra
// trailing value, which is dropped). FieldType is Zeek's spelling of the
// field's type ("port", "set[string]") when Field is set and the type is
// known.
type ParseError struct {
	Path      string
	Line      int64
	Field     string
	FieldType string
	Column    int
	Warning   bool
	Err       error
}

// Error formats as "conn.log:12: field id.orig_p (port): invalid value \"x80\"".
func (e *ParseError) Error() string {
	pos := e.Path
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	if e.Field != "" {
		if e.FieldType != "" {
			return fmt.Sprintf("%s: field %s (%s): %v", pos, e.Field, e.FieldType, e.Err)
		}
		return fmt.Sprintf("%s: field %s: %v", pos, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
