#!/usr/bin/env python3
"""Zeek TSV log -> JSON lines, as Zeek's own JSON writer would give them.

Usage: tojson.py IN.log[.gz] OUT.json      (OUT '-' for stdout)

Uses each header block's #separator, #set_separator, #empty_field,
#unset_field, #fields and #types. Keys stay flat and dotted ("id.orig_h");
count/int/port/double/time/interval become JSON numbers (their text kept
as written, so ts stays an exact epoch number); bool becomes true/false;
set[...] and vector[...] become arrays of their element type; an unset
field is omitted; the empty marker gives [] for containers and "" for
text. \\xHH escapes are undone. Every other type is a string.
"""
import gzip
import json
import re
import sys

NUM = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
NUMERIC = {"count", "int", "port", "double", "time", "interval"}
ESC = re.compile(rb"\\x([0-9a-fA-F]{2})")


def unescape(b):
    if b"\\x" in b:
        b = ESC.sub(lambda m: bytes([int(m.group(1), 16)]), b)
    return b.decode("utf-8", "replace")


def scalar(kind, raw):
    if kind in NUMERIC:
        s = raw.decode("ascii", "replace")
        if NUM.match(s):
            # JSON has no leading zeros; "01.5" never occurs in Zeek output.
            return s
        return json.dumps(unescape(raw))
    if kind == "bool":
        return "true" if raw == b"T" else "false"
    return json.dumps(unescape(raw), ensure_ascii=False)


def convert(src, out):
    sep, setsep, empty, unset = b"\t", b",", b"(empty)", b"-"
    fields, types = [], []
    plan = []
    for line in src:
        line = line.rstrip(b"\n").rstrip(b"\r")
        if not line:
            continue
        if line.startswith(b"#"):
            if line.startswith(b"#separator"):
                v = line.split(b" ", 1)[1].strip()
                sep = unescape(v).encode("latin-1") if v.startswith(b"\\x") else v
                continue
            parts = line.split(sep)
            d, vals = parts[0], parts[1:]
            if d == b"#set_separator":
                setsep = vals[0]
            elif d == b"#empty_field":
                empty = vals[0]
            elif d == b"#unset_field":
                unset = vals[0]
            elif d == b"#fields":
                fields = [v.decode() for v in vals]
            elif d == b"#types":
                types = [v.decode() for v in vals]
            if d in (b"#fields", b"#types") and len(fields) == len(types):
                plan = []
                for f, t in zip(fields, types):
                    m = re.match(r"^(set|vector|table)\[(.*)\]$", t)
                    plan.append((json.dumps(f), m.group(2) if m else t, m is not None))
            continue
        vals = line.split(sep)
        parts = []
        for (key, kind, container), raw in zip(plan, vals):
            if raw == unset:
                continue
            if container:
                if raw == empty:
                    v = "[]"
                else:
                    v = "[" + ",".join(scalar(kind, e) for e in raw.split(setsep)) + "]"
            elif raw == empty and kind not in NUMERIC:
                v = '""'
            else:
                v = scalar(kind, raw)
            parts.append(key + ":" + v)
        out.write("{" + ",".join(parts) + "}\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    name, dst = sys.argv[1], sys.argv[2]
    opener = gzip.open if name.endswith(".gz") else open
    with opener(name, "rb") as src:
        if dst == "-":
            convert(src, sys.stdout)
        else:
            with open(dst, "w", encoding="utf-8", buffering=1 << 20) as out:
                convert(src, out)


if __name__ == "__main__":
    main()
