package zeeklog

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is the scalar type of a Zeek field or of a container's elements.
type Kind uint8

// The scalar kinds of Zeek's logging framework. [KindUnknown] stands for a type
// name zhunt does not know; such a column is kept as raw text.
const (
	KindUnknown  Kind = iota
	KindString        // string
	KindEnum          // enum
	KindAddr          // addr
	KindSubnet        // subnet
	KindPort          // port (a count with a protocol elsewhere)
	KindCount         // count, uint64 exact
	KindInt           // int, int64
	KindDouble        // double
	KindTime          // time, microseconds since the epoch
	KindInterval      // interval, seconds as float64
	KindBool          // bool
	KindPattern       // pattern
)

var kindNames = [...]string{
	KindUnknown:  "unknown",
	KindString:   "string",
	KindEnum:     "enum",
	KindAddr:     "addr",
	KindSubnet:   "subnet",
	KindPort:     "port",
	KindCount:    "count",
	KindInt:      "int",
	KindDouble:   "double",
	KindTime:     "time",
	KindInterval: "interval",
	KindBool:     "bool",
	KindPattern:  "pattern",
}

// String returns Zeek's name for the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// IsText reports whether values of the kind are stored as text (and are
// therefore candidates for interning and pivoting).
func (k Kind) IsText() bool {
	switch k {
	case KindString, KindEnum, KindAddr, KindSubnet, KindPattern, KindUnknown:
		return true
	}
	return false
}

// Container says whether a field holds one value, a set or a vector.
type Container uint8

// Container shapes. Bro 2.x's table[T] is read as [Set].
const (
	Scalar Container = iota
	Set
	Vector
)

// Type is the full type of a field as declared by a #types line, e.g.
// "set[string]" is Type{Kind: KindString, Container: Set}.
type Type struct {
	Kind      Kind
	Container Container
}

// String returns the Zeek spelling of the type ("vector[interval]").
func (t Type) String() string {
	switch t.Container {
	case Set:
		return "set[" + t.Kind.String() + "]"
	case Vector:
		return "vector[" + t.Kind.String() + "]"
	}
	return t.Kind.String()
}

// ErrUnknownType is returned (wrapped) by [ParseType] for a type name zhunt
// does not know.
var ErrUnknownType = errors.New("unknown type")

// ParseType parses a Zeek type name from a #types line: a scalar name,
// set[T], vector[T] or Bro 2.x's table[T] (read as a set). An unknown name
// yields Kind [KindUnknown] and an error wrapping [ErrUnknownType]; callers
// may keep the column as text.
func ParseType(s string) (Type, error) {
	t := Type{}
	inner := s
	switch {
	case strings.HasPrefix(s, "set[") && strings.HasSuffix(s, "]"):
		t.Container, inner = Set, s[4:len(s)-1]
	case strings.HasPrefix(s, "table[") && strings.HasSuffix(s, "]"):
		t.Container, inner = Set, s[6:len(s)-1]
	case strings.HasPrefix(s, "vector[") && strings.HasSuffix(s, "]"):
		t.Container, inner = Vector, s[7:len(s)-1]
	}
	for k, name := range kindNames {
		if name == inner && Kind(k) != KindUnknown {
			t.Kind = Kind(k)
			return t, nil
		}
	}
	// Zeek logs "func" and "file" only in odd configurations; keep them as text.
	return Type{Kind: KindUnknown, Container: t.Container}, fmt.Errorf("%w %q", ErrUnknownType, s)
}

// Field is one column: its name as in #fields (dotted, verbatim) and its type.
type Field struct {
	Name string
	Type Type
}

// Format tells which writer produced a log.
type Format uint8

// The two log formats zhunt reads.
const (
	TSV Format = iota
	JSON
)

// Header is the schema in force for a run of rows: for TSV the last header
// block read, for JSON the set of keys (in first-seen order) of the rows that
// share it. A Header is immutable once a row refers to it; a new header block
// or a new JSON key set yields a new *Header, so callers may cache per-header
// work keyed by the pointer.
type Header struct {
	Path         string // #path or _path; from the file name when neither exists
	Fields       []Field
	Format       Format
	Separator    string // TSV only
	SetSeparator string // TSV only
	EmptyField   string // TSV only
	UnsetField   string // TSV only
	Open         string // #open text, "" when absent
}

// Index returns the position of the named field, or -1.
func (h *Header) Index(name string) int {
	for i, f := range h.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Value is one parsed field value. Which members are meaningful depends on
// Type: text kinds use Text (unescaped bytes, which need not be UTF-8);
// KindCount and KindPort use Uint; KindInt uses Int; KindTime uses Int as
// microseconds since the Unix epoch (exact for years -290000..290000);
// KindDouble and KindInterval use Float; KindBool uses Bool. Containers hold
// their elements in Elems (an empty, non-nil-meaning container has Unset
// false and len(Elems) == 0). An unset value (TSV's unset marker, or a JSON
// key that is absent or null) has Unset true and nothing else.
//
// Values handed out by a Reader alias its buffers; they are valid until the
// next Read. Copy what you keep.
type Value struct {
	Unset bool
	Bool  bool
	Uint  uint64
	Int   int64
	Float float64
	Text  []byte
	Elems []Value
}

// Row is one log record: Values[i] belongs to Header.Fields[i]. Line is the
// 1-based line number in the (decompressed) file. Warnings lists problems
// that did not cost the row (an invalid value read as unset, a dropped empty
// extra value, a header without #types); it is nil when there are none.
//
// A Row returned by [Reader.Read] aliases the reader's buffers (Values, the
// Text of each value, Elems, Warnings) and is valid until the next Read. The
// Header is immutable and may be kept.
type Row struct {
	Header   *Header
	Line     int64
	Values   []Value
	Warnings []*ParseError
}
