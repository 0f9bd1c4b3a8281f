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
