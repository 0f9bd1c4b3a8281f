#!/usr/bin/env bash
# Regenerates every expected answer in testdata/expected/ with independent tools only
# (zcat, bro-cut, jq, grep, mawk, sort, uniq, diff) -- never with zhunt.
# Each output file starts with "# command: <cmd>"; <cmd> is run from the repo root with
# LC_ALL=C and ZHUNT_SHARED set (default: ../shared relative to the repo root), and its
# stdout is the rest of the file.
#   usage: testdata/expected/make.sh            (from anywhere)
#          ZHUNT_SHARED=/work/shared testdata/expected/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${ZHUNT_SHARED:=../shared}"
export ZHUNT_SHARED LC_ALL=C
for t in zcat bro-cut jq mawk grep sort uniq diff; do command -v "$t" >/dev/null || { echo "make.sh: $t not found" >&2; exit 1; }; done
[ -d "$ZHUNT_SHARED/zeek-corpus" ] || { echo "make.sh: $ZHUNT_SHARED/zeek-corpus not found (set ZHUNT_SHARED)" >&2; exit 1; }
E=testdata/expected

gen() { # gen NAME  (command on stdin, one line)
  local name=$1 cmd
  cmd=$(cat)
  { printf '# command: %s\n' "$cmd"; eval "$cmd"; } > "$E/$name.tmp"
  mv "$E/$name.tmp" "$E/$name"
  echo "wrote $E/$name" >&2
}

# (a) zeek62 sig_alg profile, TSV and JSON twin, and proof that they are identical
gen zeek62-x509-sig_alg.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz | bro-cut certificate.sig_alg | sort | uniq -c | sort -k1,1nr -k2
CMD
gen zeek62-x509-sig_alg-json.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-json/x509.json.gz | jq -r '.["certificate.sig_alg"] // "-"' | sort | uniq -c | sort -k1,1nr -k2
CMD
gen zeek62-x509-sig_alg-compare.txt <<'CMD'
diff <(tail -n +2 testdata/expected/zeek62-x509-sig_alg.txt) <(tail -n +2 testdata/expected/zeek62-x509-sig_alg-json.txt) && echo "identical: TSV and JSON sig_alg profiles (lines after the # command line)"
CMD

# (b) zeek62 SHA1/MD5-signed fingerprints -> ssl records -> notices (via uid), plus a jq cross-check
gen zeek62-sha1-fps.txt <<'CMD'
sh testdata/expected/lib/weak-fps.sh testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/notice.log.gz
CMD
gen zeek62-sha1-fps-json-totals.txt <<'CMD'
sh testdata/expected/lib/weak-fps-json.sh testdata/corpus/brim-wrccdc2018-zeek62/zeek-json/x509.json.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-json/ssl.json.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-json/notice.json.gz
CMD

# (f) the notices of those sessions (note, msg), reached via notice.uid = ssl.uid
gen zeek62-sha1-notices.txt <<'CMD'
sh testdata/expected/lib/weak-fps-notices.sh testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/notice.log.gz
CMD

# (c) m57long (fuid generation): sig_alg profile, and the full chain per SHA1/MD5-signed cert
gen m57long-x509-sig_alg.txt <<'CMD'
bro-cut certificate.sig_alg < $ZHUNT_SHARED/zeek-corpus/zeek-testing-m57long-zeek3x/x509.log | sort | uniq -c | sort -k1,1nr -k2
CMD
gen m57long-sha1-chain.txt <<'CMD'
sh testdata/expected/lib/weak-fuid-chain.sh $ZHUNT_SHARED/zeek-corpus/zeek-testing-m57long-zeek3x
CMD
gen m57long-sha1-chain-counts.txt <<'CMD'
sh testdata/expected/lib/weak-fuid-chain.sh -c $ZHUNT_SHARED/zeek-corpus/zeek-testing-m57long-zeek3x
CMD

# (d) rita-proxy-rolling (GPL, read from ZHUNT_SHARED, not copied): ja3 / ja3s over the hourly files
gen rita-ja3-clients.txt <<'CMD'
sh testdata/expected/lib/ja3-clients.sh $ZHUNT_SHARED/zeek-corpus/rita-proxy-rolling/ssl.*.log.gz
CMD
gen rita-ja3s-servers.txt <<'CMD'
sh testdata/expected/lib/ja3s-servers.sh $ZHUNT_SHARED/zeek-corpus/rita-proxy-rolling/ssl.*.log.gz
CMD

# (e) the hand-made walk fixture, same commands
gen walk-x509-sig_alg.txt <<'CMD'
bro-cut certificate.sig_alg < testdata/walk/x509.log | sort | uniq -c | sort -k1,1nr -k2
CMD
gen walk-sha1-chain.txt <<'CMD'
sh testdata/expected/lib/weak-fuid-chain.sh testdata/walk
CMD
gen walk-sha1-chain-counts.txt <<'CMD'
sh testdata/expected/lib/weak-fuid-chain.sh -c testdata/walk
CMD
gen walk-ja3-clients.txt <<'CMD'
sh testdata/expected/lib/ja3-clients.sh testdata/walk/ssl.log
CMD
gen walk-ja3s-servers.txt <<'CMD'
sh testdata/expected/lib/ja3s-servers.sh testdata/walk/ssl.log
CMD

# (g) hunts/host_profile.lua: the walk client 192.0.2.10 and the Bro 2.2 client 192.168.33.10
gen host_profile-walk-dns.txt <<'CMD'
bro-cut id.orig_h query qtype_name rcode_name < testdata/walk/dns.log | mawk -F'\t' '$1=="192.0.2.10" {print $2 "\t" $3 "\t" $4}' | sort | uniq -c | mawk '{print $2 "\t" $3 "\t" $4 "\t" $1}'
CMD
gen host_profile-bro22-services.txt <<'CMD'
bro-cut id.orig_h proto service id.resp_p id.resp_h < testdata/corpus/zat-bro22/conn.log | mawk -F'\t' '$1=="192.168.33.10" { k=$2 "\t" $3 "\t" $4; n[k]++; if (!((k, $5) in s)) { s[k, $5]=1; p[k]++ } } END { for (k in n) print k "\t" n[k] "\t" p[k] }' | sort
CMD
gen host_profile-bro22-bytes.txt <<'CMD'
bro-cut id.orig_h id.resp_h orig_bytes resp_bytes < testdata/corpus/zat-bro22/conn.log | mawk -F'\t' '$1=="192.168.33.10" { c++; co+=$3; cr+=$4 } $2=="192.168.33.10" { r++; ro+=$3; rr+=$4 } END { printf "client\t%d\t%d\t%d\nresponder\t%d\t%d\t%d\n", c, co, cr, r, ro, rr }'
CMD
gen host_profile-zeek6-files.txt <<'CMD'
bro-cut id.orig_h id.resp_h is_orig mime_type < testdata/cases/18-files-log-schema-change/zeek6/files.log | mawk -F'\t' '{ snd = ($3=="T") ? $1 : $2; rcv = ($3=="T") ? $2 : $1; if (snd=="192.0.2.30") print "sent\t" $4; else if (rcv=="192.0.2.30") print "received\t" $4 }' | sort | uniq -c | mawk '{print $2 "\t" $3 "\t" $1}'
CMD

# (h) hunts/self_signed.lua on brim zeek62
gen self_signed-zeek62-x509.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz | bro-cut certificate.subject certificate.issuer | mawk -F'\t' '$1 == $2 && $1 != "-"' | grep -c .
CMD
gen self_signed-zeek62-leaf-sessions.txt <<'CMD'
{ zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz | bro-cut fingerprint certificate.subject certificate.issuer | mawk -F'\t' '$2 == $3 && $2 != "-" {print "X\t" $1}'; zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz | bro-cut cert_chain_fps | mawk -F'\t' '{split($1, a, ","); print "S\t" a[1]}'; } | mawk -F'\t' '$1=="X" {ss[$2]=1; next} ($2 in ss) {n[$2]++} END {for (f in n) print f "\t" n[f]}' | sort
CMD
gen self_signed-zeek62-validation.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz | bro-cut validation_status | grep -v '^-$' | sort | uniq -c | mawk '{n=$1; $1=""; sub(/^ /, ""); print $0 "\t" n}'
CMD

# (i) hunts/weak_tls.lua: zeek62 versions, weak ciphers and short keys; the expired certificate of case 19
gen weak_tls-zeek62-tlsv10.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz | bro-cut version | grep -c '^TLSv10$'
CMD
gen weak_tls-zeek62-versions.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz | bro-cut version | grep -v '^-$' | sort | uniq -c | mawk '{print $2 "\t" $1}'
CMD
gen weak_tls-zeek62-ciphers.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/ssl.log.gz | bro-cut cipher | grep -Ei 'rc4|export|null|des|anon' | sort | uniq -c | mawk '{print $2 "\t" $1}'
CMD
gen weak_tls-zeek62-short-keys.txt <<'CMD'
zcat testdata/corpus/brim-wrccdc2018-zeek62/zeek-default/x509.log.gz | bro-cut certificate.key_type certificate.key_length | mawk -F'\t' '(($1 == "rsa" || $1 == "dsa") && $2 < 2048) || ($1 == "ecdsa" && $2 < 256)' | grep -c .
CMD
gen weak_tls-case19-expired.txt <<'CMD'
{ bro-cut id certificate.not_valid_after < testdata/cases/19-ssl-x509-via-fuid-old-schema/x509.log | mawk -F'\t' '{print "X\t" $1 "\t" $2}'; bro-cut ts cert_chain_fuids < testdata/cases/19-ssl-x509-via-fuid-old-schema/ssl.log | mawk -F'\t' '{split($2, a, ","); print "S\t" a[1] "\t" $1}'; } | mawk -F'\t' '$1=="X" {na[$2]=$3; next} ($2 in na) && $3 + 0 > na[$2] + 0 {n++} END {print n + 0}'
CMD

# (j) hunts/rare_ja3.lua: ja3 values with at most 2 distinct clients (walk, and rita-proxy-rolling from ZHUNT_SHARED)
gen rare_ja3-walk.txt <<'CMD'
sh testdata/expected/lib/ja3-clients.sh testdata/walk/ssl.log | mawk -F'\t' '!/^#/ && $2 <= 2'
CMD
gen rare_ja3-rita.txt <<'CMD'
sh testdata/expected/lib/ja3-clients.sh $ZHUNT_SHARED/zeek-corpus/rita-proxy-rolling/ssl.*.log.gz | mawk -F'\t' '!/^#/ && $2 <= 2'
CMD

# (k) hunts/ja3_fanout.lua on ja4: per ja4, sessions, distinct clients and servers (the FoxIO baseline, read from $ZHUNT_SHARED: its ja4s values are under the FoxIO License 1.1)
gen ja3_fanout-ja4.txt <<'CMD'
bro-cut ja4 id.orig_h id.resp_h < $ZHUNT_SHARED/zeek-corpus/foxio-ja4-btest/Scripts.ja4-tls-handshake/ssl.log | mawk -F'\t' '$1 != "-" { n[$1]++; if (!(($1, $2) in c)) { c[$1, $2]=1; nc[$1]++ } if (!(($1, $3) in s)) { s[$1, $3]=1; ns[$1]++ } } END { for (k in n) print k "\t" n[k] "\t" nc[k] "\t" ns[k] }' | sort
CMD
