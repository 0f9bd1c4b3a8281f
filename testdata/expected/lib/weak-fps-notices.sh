#!/bin/sh
# Zeek >= 4.1: the notices reached from the ssl sessions that carry a SHA1/MD5-signed
# certificate (x509.fingerprint in ssl.cert_chain_fps), joined on notice.uid = ssl.uid.
# notice.fuid is NOT used (it resolves nowhere in the >= 4.1 generation).
# usage: weak-fps-notices.sh X509_LOG SSL_LOG NOTICE_LOG
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zcat -f "$1" | bro-cut fingerprint certificate.sig_alg > "$tmp/x509"
zcat -f "$2" | bro-cut uid cert_chain_fps > "$tmp/ssl"
zcat -f "$3" | bro-cut ts uid note msg > "$tmp/notice"
mawk -F'\t' -v re="$WEAK_RE" -v X="$tmp/x509" -v S="$tmp/ssl" -v N="$tmp/notice" '
FILENAME == X { if (tolower($2) ~ re) w[$1] = 1; next }
FILENAME == S { k = split($2, a, ","); for (i = 1; i <= k; i++) if (a[i] in w) { if (!($1 in fp)) fp[$1] = a[i]; else if (index(" " fp[$1] " ", " " a[i] " ") == 0) fp[$1] = fp[$1] " " a[i] } next }
FILENAME == N { if ($2 in fp) print $1 "\t" $2 "\t" fp[$2] "\t" $3 "\t" $4; next }
' "$tmp/x509" "$tmp/ssl" "$tmp/notice" > "$tmp/rows"
echo "## notices per (note, msg): count, note, msg"
cut -f4,5 "$tmp/rows" | sort | uniq -c | sort -k1,1nr -k2
echo "## notice records: ts, uid, weak fingerprint(s) of that ssl session, note, msg"
sort "$tmp/rows"
echo "## total notice records: $(grep -c . "$tmp/rows" || true)"
