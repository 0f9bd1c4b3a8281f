// Package index holds zhunt's compact in-memory structures: an interning
// string table that maps byte strings to dense 32-bit symbols ([Sym]), a
// postings index from symbols to record ids, and a small bitmap.
//
// Everything here is single-writer: build it from one goroutine, then read it
// from any number of goroutines once building is finished.
package index
