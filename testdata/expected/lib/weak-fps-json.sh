#!/bin/sh
# Cross-check of weak-fps.sh on the JSON twin, with jq instead of bro-cut/mawk.
# usage: weak-fps-json.sh X509_JSON SSL_JSON NOTICE_JSON  (json-streaming-logs, gzip)
# prints: weak fingerprints, ssl records reaching any of them, distinct uids of those, notice records on those uids
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zcat -f "$1" | jq -r --arg re "$WEAK_RE" 'select((.["certificate.sig_alg"] // "") | ascii_downcase | test($re)) | .fingerprint' | sort -u > "$tmp/w"
zcat -f "$2" | jq -r '.uid as $u | (.cert_chain_fps // [])[] | "\($u)\t\(.)"' | grep -F -f "$tmp/w" | cut -f1 > "$tmp/recs"
sort -u "$tmp/recs" > "$tmp/u"
zcat -f "$3" | jq -r '.uid // "-"' | grep -cxF -f "$tmp/u" > "$tmp/n" || true
printf '%d\t%d\t%d\t%d\n' "$(grep -c . "$tmp/w")" "$(uniq "$tmp/recs" | grep -c .)" "$(grep -c . "$tmp/u")" "$(cat "$tmp/n")"
