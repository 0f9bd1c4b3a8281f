// Package engine loads Zeek logs into compact columnar storage and answers
// the questions a hunt asks: find records by field values, pivot on a value
// across every log, group and count, and follow one connection's chain
// (conn, ssl, its certificates, files, notices).
//
// Storage: each run of rows that share a header (one TSV header block, or one
// JSON key set) becomes a segment with one column per field. Text values are
// interned into one [index.Strings] table and every text value, scalar or
// container element, is posted in one [index.Postings] index, so a pivot on a
// uid, fuid, fingerprint, address or name is a lookup, not a scan. Numbers
// and times are fixed-size columns: counts exact as uint64, times as
// microseconds since the epoch.
//
// Records are addressed by [RecID], dense in load order. An Engine is built
// by [Engine.Load] from one goroutine; queries may then run concurrently
// with each other but not with a Load.
package engine
