#!/bin/sh
# Clients per ja3 over one or more ssl logs (plain or gzip, e.g. hourly rotated files).
# Records whose ja3 is unset ("-") or empty ("(empty)") are excluded and counted.
# usage: ja3-clients.sh SSL_LOG...
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zcat -f "$@" | bro-cut id.orig_h ja3 > "$tmp/r"
echo "## ssl records: $(grep -c . "$tmp/r" || true); ja3 unset (-) excluded: $(mawk -F'\t' '$2=="-"' "$tmp/r" | grep -c . || true); ja3 (empty) excluded: $(mawk -F'\t' '$2=="(empty)"' "$tmp/r" | grep -c . || true)"
echo "## ja3, distinct id.orig_h, records  (sorted by clients desc, records desc, ja3)"
mawk -F'\t' '$2 != "-" && $2 != "(empty)" { rec[$2]++; if (!(($2, $1) in s)) { s[$2, $1] = 1; cl[$2]++ } }
END { for (j in rec) printf "%s\t%d\t%d\n", j, cl[j], rec[j] }' "$tmp/r" | sort -t "$(printf '\t')" -k2,2nr -k3,3nr -k1,1
