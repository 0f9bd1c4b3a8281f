// Package luaapi exposes the engine to hunt scripts as the global table
// zeek, in a sandboxed gopher-lua state (see [NewState]).
//
// The contract hunts rely on:
//
//	zeek.load(path, ...)          load files or directories; returns {records=, files=, skipped=, rejected=, warnings=}
//	zeek.logs()                   array of {path=, records=, fields={names}}
//	zeek.fields(path)             array of {name=, type=}
//	zeek.has_field(path, field)   boolean
//	zeek.find(path, filter)       records of path ("*" = all logs) matching filter:
//	                              {field=value, field={v1, v2}} (any of),
//	                              {field={gt=a, le=b}} (every operator: eq ne gt ge lt le contains prefix suffix),
//	                              or function(rec) return bool end; zeek.unset matches an unset field.
//	                              Comparisons run in Go: exact for counts (give big values as strings),
//	                              to the microsecond for times (epoch seconds or ISO 8601), bytewise for text
//	zeek.count(path, filter)      number of matches
//	zeek.pivot(value [, opts])    every record naming value in any field or container element,
//	                              ordered conn, ssl, x509, files, notice, other logs by name, then ts;
//	                              opts.paths / opts.fields restrict it
//	zeek.community_id(x [, seed]) Community ID v1 (seed 0) of a record or of {saddr=, daddr=, sport=, dport=, proto=number};
//	                              nil and a message when it cannot; zeek.pivot("1:..." [, {seed=}]) gives the flow's records
//	zeek.group(src, keys [, opts]) src a log path or array of records; keys a field or array of fields;
//	                              array of {key= (or keys={...}), count=[, distinct=]} by count desc, key asc;
//	                              opts.distinct = field counts unique values; opts.explode splits containers
//	zeek.stats(src, field)        {n=, unset=, sum=, min=, max=} and exact text sum_exact=, min_exact=, max_exact=
//	                              (containers count element by element; integer sums never wrap)
//	zeek.chain(uid)               conn, ssl, its certificates' x509 and files records, notice, others
//	zeek.cert(id)                 x509 record(s) of a fuid or a SHA256 fingerprint
//	zeek.cert_ids(ssl_rec)        the fuids or fingerprints an ssl record names, leaf first
//	zeek.show(records [, fields]) print records or rows (table, tsv or json per --format)
//	zeek.diagnostics()            load problems: {severity=, file=, line=, field=, message=}
//	zeek.time(text) / zeek.iso(s) ISO 8601 <-> epoch seconds
//	zeek.args, zeek.flags()       the script's arguments, raw and parsed as --name value
//
// Records are userdata: rec._path, rec.ts (epoch seconds), rec.uid,
// rec["id.orig_h"]; a set or vector is an array; an unset value is nil.
// Methods: rec:get(field) raises for a field the log lacks, rec:exact(field)
// gives exact text, rec:totable(), rec:source() (file, line), rec:fields().
//
// Counts reach Lua as numbers (doubles). Up to 2^53 they are exact; beyond,
// a Lua number is the nearest double, so use rec:exact(field), a string in a
// find filter ({orig_bytes = {gt = "9007199254740992"}}), zeek.stats or
// zeek.group, which all use the stored uint64 exactly. Output from
// zeek.show is always exact.
package luaapi
