#!/bin/sh
# Bro 2.3 - Zeek 4.0 (fuid) generation: for every x509 record (keyed by fuid "id") whose
# certificate.sig_alg is in the SHA1/MD5 family, follow the chain through the other logs:
#   files  rows with fuid == id
#   ssl    rows whose cert_chain_fuids (split on ",") contains id
#   conn   rows whose uid is one of those ssl uids
#   notice rows whose fuid == id OR whose uid is one of those ssl uids (each row once)
# usage: weak-fuid-chain.sh [-c] DIR   (DIR holds x509/files/ssl/conn/notice .log, plain or .gz)
#   -c: one count line per id instead of the listing
set -eu
. "$(dirname "$0")/common.sh"
mode=list; if [ "$1" = "-c" ]; then mode=count; shift; fi
d=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
lg() { for f in "$d/$1.log" "$d/$1.log.gz"; do [ -e "$f" ] && { zcat -f "$f"; return; }; done; return 1; }
lg x509   | bro-cut id certificate.sig_alg certificate.serial certificate.subject certificate.issuer > "$tmp/x509"
lg files  | bro-cut fuid ts tx_hosts rx_hosts conn_uids source mime_type sha1 > "$tmp/files"
lg ssl    | bro-cut ts uid id.orig_h id.orig_p id.resp_h id.resp_p server_name validation_status cert_chain_fuids > "$tmp/ssl"
lg conn   | bro-cut uid ts id.orig_h id.orig_p id.resp_h id.resp_p proto service conn_state > "$tmp/conn"
lg notice | bro-cut ts uid fuid note msg > "$tmp/notice"
mawk -F'\t' -v re="$WEAK_RE" -v mode="$mode" -v T="$tmp" '
FILENAME == T "/x509"   { if (tolower($2) ~ re && !($1 in alg)) { ids[++n] = $1; alg[$1] = $2; ser[$1] = $3; sub_[$1] = $4; iss[$1] = $5 } next }
FILENAME == T "/files"  { if ($1 in alg) { fr[$1] = fr[$1] "  " $0 "\n"; fc[$1]++ } next }
FILENAME == T "/ssl"    { k = split($9, a, ",")
                          for (i = 1; i <= k; i++) if ((a[i] in alg) && !(($2, a[i]) in su)) {
                              su[$2, a[i]] = 1; sr[a[i]] = sr[a[i]] "  " $0 "\n"; sc[a[i]]++
                              uids[a[i]] = uids[a[i]] " " $2; byuid[$2] = byuid[$2] " " a[i] }
                          next }
FILENAME == T "/conn"   { if ($1 in byuid) { k = split(byuid[$1], a, " "); for (i = 1; i <= k; i++) { cr[a[i]] = cr[a[i]] "  " $0 "\n"; cc[a[i]]++ } } next }
FILENAME == T "/notice" { split("", seen)
                          if ($3 in alg) { seen[$3] = 1; nf[$3]++ }
                          if ($2 in byuid) { k = split(byuid[$2], a, " "); for (i = 1; i <= k; i++) { nu[a[i]]++; if (!(a[i] in seen)) seen[a[i]] = 1 } }
                          for (f in seen) { nr[f] = nr[f] "  " $0 "\n"; nc[f]++ }
                          next }
END {
  if (mode == "count") {
    print "# id\tsig_alg\tfiles\tssl\tconn\tnotice_by_fuid\tnotice_by_uid\tnotice_total\tsubject"
    for (i = 1; i <= n; i++) { f = ids[i]
      printf "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", f, alg[f], fc[f], sc[f], cc[f], nf[f], nu[f], nc[f], sub_[f] }
    exit }
  printf "# %d x509 ids with a SHA1/MD5-family sig_alg, in x509.log order\n", n
  print "# files : fuid ts tx_hosts rx_hosts conn_uids source mime_type sha1"
  print "# ssl   : ts uid id.orig_h id.orig_p id.resp_h id.resp_p server_name validation_status cert_chain_fuids"
  print "# conn  : uid ts id.orig_h id.orig_p id.resp_h id.resp_p proto service conn_state"
  print "# notice: ts uid fuid note msg"
  for (i = 1; i <= n; i++) { f = ids[i]
    printf "\n## x509 id=%s sig_alg=%s serial=%s\n#  subject=%s\n#  issuer=%s\n", f, alg[f], ser[f], sub_[f], iss[f]
    printf "files (%d):\n%s", fc[f], fr[f]
    printf "ssl (%d):\n%s", sc[f], sr[f]
    printf "conn (%d):\n%s", cc[f], cr[f]
    printf "notice (%d):\n%s", nc[f], nr[f] }
}
' "$tmp/x509" "$tmp/files" "$tmp/ssl" "$tmp/conn" "$tmp/notice"
