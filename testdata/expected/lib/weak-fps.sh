#!/bin/sh
# Zeek >= 4.1 (fingerprint) generation: certificates signed with a SHA1/MD5-family
# algorithm, and how many ssl / notice records reach each one.
# usage: weak-fps.sh X509_LOG SSL_LOG NOTICE_LOG   (Zeek TSV, plain or gzip)
#  ssl_records      = ssl records whose cert_chain_fps (split on ",") contains the fingerprint
#  ssl_leaf         = of those, records where it is chain position 0
#  notice_records   = notice records whose uid is the uid of one of those ssl records
set -eu
. "$(dirname "$0")/common.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
zcat -f "$1" | bro-cut fingerprint certificate.sig_alg certificate.subject > "$tmp/x509"
zcat -f "$2" | bro-cut uid cert_chain_fps > "$tmp/ssl"
zcat -f "$3" | bro-cut uid > "$tmp/notice"
echo "## x509 records per certificate.sig_alg (count, sig_alg, SHA1/MD5 family?)"
cut -f2 "$tmp/x509" | sort | uniq -c | sort -k1,1nr -k2 |
  mawk -v re="$WEAK_RE" '{ print $0 "\t" (tolower($2) ~ re ? "weak" : "-") }'
echo "## SHA1/MD5-family sig_alg variants present"
cut -f2 "$tmp/x509" | sort -u | mawk -v re="$WEAK_RE" 'tolower($0) ~ re'
echo "## weak-signed certificates (distinct fingerprints): fingerprint, sig_alg, x509_records, ssl_records, ssl_leaf, notice_records, subject"
mawk -F'\t' -v re="$WEAK_RE" -v X="$tmp/x509" -v S="$tmp/ssl" -v N="$tmp/notice" '
FILENAME == X { if (tolower($2) ~ re) { alg[$1] = $2; subj[$1] = $3; xr[$1]++ } next }
FILENAME == S { k = split($2, a, ","); split("", hit)
                for (i = 1; i <= k; i++) if ((a[i] in alg) && !(a[i] in hit)) {
                    hit[a[i]] = 1; sc[a[i]]++; if (i == 1) lc[a[i]]++
                    if (!(($1, a[i]) in ufp)) { ufp[$1, a[i]] = 1; fps[$1] = fps[$1] " " a[i] } }
                next }
FILENAME == N { if ($1 in fps) { k = split(fps[$1], a, " "); for (i = 1; i <= k; i++) nc[a[i]]++ } next }
END { for (f in alg) printf "%s\t%s\t%d\t%d\t%d\t%d\t%s\n", f, alg[f], xr[f], sc[f], lc[f], nc[f], subj[f] }
' "$tmp/x509" "$tmp/ssl" "$tmp/notice" | sort -t "$(printf '\t')" -k4,4nr -k1,1
echo "## totals: weak fingerprints, ssl records reaching any of them, distinct uids of those, notice records on those uids"
mawk -F'\t' -v re="$WEAK_RE" -v X="$tmp/x509" -v S="$tmp/ssl" -v N="$tmp/notice" '
FILENAME == X { if (tolower($2) ~ re) w[$1] = 1; next }
FILENAME == S { k = split($2, a, ","); for (i = 1; i <= k; i++) if (a[i] in w) { rec++; if (!($1 in u)) { u[$1] = 1; nu++ } break } next }
FILENAME == N { if ($1 in u) nn++; next }
END { for (f in w) nw++; printf "%d\t%d\t%d\t%d\n", nw, rec, nu, nn }
' "$tmp/x509" "$tmp/ssl" "$tmp/notice"
