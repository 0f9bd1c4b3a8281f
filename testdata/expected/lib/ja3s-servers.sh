#!/bin/sh
# Servers per ja3s, and distinct clients per (ja3s, server), over one or more ssl logs.
# Records whose ja3s is unset ("-") or empty ("(empty)") are excluded and counted.
# usage: ja3s-servers.sh SSL_LOG...
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zcat -f "$@" | bro-cut ja3s id.resp_h id.orig_h > "$tmp/r"
echo "## ssl records: $(grep -c . "$tmp/r" || true); ja3s unset (-) excluded: $(mawk -F'\t' '$1=="-"' "$tmp/r" | grep -c . || true); ja3s (empty) excluded: $(mawk -F'\t' '$1=="(empty)"' "$tmp/r" | grep -c . || true)"
mawk -F'\t' '$1 != "-" && $1 != "(empty)"' "$tmp/r" > "$tmp/k"
echo "## per ja3s: ja3s, distinct servers (id.resp_h), distinct clients (id.orig_h), records  (sorted by servers desc, clients desc, records desc, ja3s)"
mawk -F'\t' '{ rec[$1]++; if (!(($1, $2) in s)) { s[$1, $2] = 1; ns[$1]++ } if (!(($1, $3) in c)) { c[$1, $3] = 1; nc[$1]++ } }
END { for (j in rec) printf "%s\t%d\t%d\t%d\n", j, ns[j], nc[j], rec[j] }' "$tmp/k" | sort -t "$(printf '\t')" -k2,2nr -k3,3nr -k4,4nr -k1,1
echo "## per (ja3s, server): ja3s, id.resp_h, distinct clients (id.orig_h), records  (sorted by ja3s, clients desc, server)"
mawk -F'\t' '{ rec[$1 "\t" $2]++; if (!(($1, $2, $3) in s)) { s[$1, $2, $3] = 1; nc[$1 "\t" $2]++ } }
END { for (k in rec) printf "%s\t%d\t%d\n", k, nc[k], rec[k] }' "$tmp/k" | sort -t "$(printf '\t')" -k1,1 -k3,3nr -k2,2
