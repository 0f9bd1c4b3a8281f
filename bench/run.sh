#!/usr/bin/env bash
# bench/run.sh: times zhunt against the tools analysts use on the same Zeek logs.
#
# usage: bench/run.sh [--copies N] [--big] [--work DIR] [--reps N] [--no-gobench]
#   env: COPIES=40  BIG=0|1  WORK=/tmp/zbench  REPS=3  GOBENCH=1
#        SRC=<shared>/zeek-corpus/zeek-testing-m57long-zeek3x  SCALE=<shared>/bench/scale_corpus.py
#
# Steps: installs missing Debian packages (bro-aux mawk jq time); builds the scale corpus
# ($WORK/scaleN: TSV, scaleN-gz: gzip -6 per file, scaleN-json: JSON lines of the logs the walk
# reads); builds zq (throwaway module in $WORK/zqmod), the DuckDB harness (bench/duckdb, its own
# module) and zhunt (this repo's work tree) into $WORK/bin; then times, REPS times each (median):
#   (a) load everything: zhunt run bench/empty.lua | zcat > /dev/null | zq 'count()'
#   (b) the walk W1..W5 (see bench/README.md): zhunt (bench/walk.lua, one process), zgrep,
#       bro-cut+mawk, zq (one query per question), DuckDB (SQL over the JSON lines, one process);
#       and hunts/sha1_certs.lua end to end; every tool's answers must agree (exit 1 if not)
#   (c) peak RSS of each (/usr/bin/time -f %M)
#   warm: bench/warm.lua (100 uid pivots, a group, a find after the load, os.clock)
#   go test -bench for engine/, index/, engine/zeeklog/
# BIG=1 adds a 130-copy corpus (~1 GB) and times load on it, for linearity.
# Writes bench/RESULTS.md. Never writes data or binaries in the repo, never commits.
set -euo pipefail

COPIES=${COPIES:-40}
BIG=${BIG:-0}
WORK=${WORK:-/tmp/zbench}
REPS=${REPS:-3}
GOBENCH=${GOBENCH:-1}
while [ $# -gt 0 ]; do
  case $1 in
    --copies) COPIES=$2; shift 2 ;;
    --big) BIG=1; shift ;;
    --work) WORK=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --no-gobench) GOBENCH=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$REPO/bench
SHARED=${ZHUNT_SHARED:-$(cd "$REPO/.." && pwd)/shared}
SRC=${SRC:-$SHARED/zeek-corpus/zeek-testing-m57long-zeek3x}
SCALE=${SCALE:-$SHARED/bench/scale_corpus.py}
WORK=$(mkdir -p "$WORK" && cd "$WORK" && pwd)
case "$WORK/" in "$REPO"/*) echo "run.sh: WORK=$WORK is inside the repo; use a directory outside it" >&2; exit 2 ;; esac
BIN=$WORK/bin
OUT=$WORK/out
mkdir -p "$BIN" "$OUT"
export LC_ALL=C
say() { printf '\n== %s\n' "$*" >&2; }

# ---- packages --------------------------------------------------------------------------------
missing=()
command -v bro-cut >/dev/null || missing+=(bro-aux)
command -v mawk >/dev/null || missing+=(mawk)
command -v jq >/dev/null || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# ---- corpus ----------------------------------------------------------------------------------
corpus() { # corpus COPIES -> $WORK/scaleN, scaleN-gz
  local n=$1 d=$WORK/scale$1
  if [ ! -f "$d/.done" ]; then
    say "building the $n-copy corpus in $d"
    rm -rf "$d" && python3 "$SCALE" "$SRC" "$d" "$n" --one-dir && touch "$d/.done"
  fi
  if [ ! -f "$d-gz/.done" ]; then
    say "gzip -6 of $d"
    rm -rf "$d-gz" && mkdir -p "$d-gz"
    ls "$d"/*.log | xargs -P2 -I{} sh -c 'gzip -6 -c "$1" > "$2/$(basename "$1").gz"' _ {} "$d-gz"
    touch "$d-gz/.done"
  fi
}
corpus "$COPIES"
D=$WORK/scale$COPIES-gz
J=$WORK/scale$COPIES-json
if [ ! -f "$J/.done" ]; then
  say "JSON lines of x509 ssl conn notice files -> $J"
  rm -rf "$J" && mkdir -p "$J"
  for l in x509 ssl conn notice files; do
    python3 "$BENCH/tojson.py" "$D/$l.log.gz" "$J/$l.json" &
  done
  wait
  touch "$J/.done"
fi

# ---- tools -----------------------------------------------------------------------------------
ZQ_NOTE="" DUCK_NOTE=""
if [ ! -x "$BIN/zq" ]; then
  say "building zq (github.com/brimdata/zed v1.18.0) in $WORK/zqmod"
  mkdir -p "$WORK/zqmod"
  printf 'module zqbuild\n\ngo 1.26\n\nrequire github.com/brimdata/zed v1.18.0\n' > "$WORK/zqmod/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/brimdata/zed/cmd/zq"\n' > "$WORK/zqmod/tools.go"
  if ! (cd "$WORK/zqmod" && GOFLAGS=-mod=mod go mod tidy && go build -o "$BIN/zq" github.com/brimdata/zed/cmd/zq) > "$OUT/zq-build.log" 2>&1; then
    ZQ_NOTE="zq could not be built: $(tail -3 "$OUT/zq-build.log" | tr '\n' ' ')"
  fi
fi
say "building the DuckDB harness (bench/duckdb, cgo)"
if ! (cd "$BENCH/duckdb" && CGO_ENABLED=1 go build -o "$BIN/zhunt-bench-duckdb" .) > "$OUT/duckdb-build.log" 2>&1; then
  DUCK_NOTE="the DuckDB harness could not be built: $(tail -3 "$OUT/duckdb-build.log" | tr '\n' ' ')"
fi
say "building zhunt from $REPO"
(cd "$REPO" && go build -o "$BIN/zhunt" .)
ZHUNT_COMMIT="$(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- . ':!bench' ':!engine/bench_test.go' || echo ' (work tree has uncommitted changes)')"
ZHUNT=$BIN/zhunt ZQ=$BIN/zq DUCK=$BIN/zhunt-bench-duckdb

# ---- the questions' parameters ---------------------------------------------------------------
fields_of() { (set +o pipefail; zcat "$1" | head -n 20 | grep -m1 '^#fields' | cut -f2- | tr '\t' '\n') }
has_field() { fields_of "$D/$1.log.gz" | grep -qxF "$2"; }
if has_field x509 fingerprint; then IDF=fingerprint CH1=cert_chain_fps CH2=client_cert_chain_fps
else IDF=id CH1=cert_chain_fuids CH2=client_cert_chain_fuids; fi
if has_field ssl ja3; then W4F=ja3; else W4F=server_name; fi
if has_field ssl ja3s; then W5F=ja3s; else W5F=cipher; fi
top() { (set +o pipefail; zcat "$D/ssl.log.gz" | bro-cut "$1" | grep -vx -- '-' | sort | uniq -c | sort -k1,1nr -k2 | head -1 | awk '{print $2}') }
W4V=$(top "$W4F")
W5V=$(top "$W5F")
say "W4: ssl.$W4F = $W4V    W5: ssl.$W5F = $W5V    certificate id: x509.$IDF in ssl.$CH1/$CH2"
export D J IDF CH1 CH2 W4F W4V W5F W5V ZQ DUCK

# ---- the walk, once per tool -----------------------------------------------------------------
WD=$WORK/walk
mkdir -p "$WD"
# zgrep: one pass over the gz files per pivot; columns cut by number (from #fields), no awk.
cat > "$WD/zgrep.sh" <<'EOF'
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
col() { (set +o pipefail; zcat "$1" | head -n 20 | grep -m1 '^#fields' | cut -f2- | tr '\t' '\n' | grep -nxF "$2" | cut -d: -f1) }
c=$(col "$D/x509.log.gz" certificate.sig_alg)
zgrep -hv '^#' "$D/x509.log.gz" | cut -f"$c" | sort | uniq -c | while read -r n k; do printf 'W1\t%s\t%s\n' "$k" "$n"; done
ci=$(col "$D/x509.log.gz" "$IDF")
{ zgrep -hi sha1 "$D/x509.log.gz" || true; } | cut -f"$ci,$c" | { grep -i $'\t.*sha1' || true; } | cut -f1 | sort -u > "$T/ids"
printf 'W2\t%s\n' "$(wc -l < "$T/ids")"
cu=$(col "$D/ssl.log.gz" uid)
{ zgrep -hwF -f "$T/ids" "$D/ssl.log.gz" || true; } | cut -f"$cu" | sort -u > "$T/uids"
nc=$(zgrep -cwF -f "$T/uids" "$D/conn.log.gz" || true)
nn=$(zgrep -cwF -f "$T/uids" "$D/notice.log.gz" || true)
printf 'W3\t%s\t%s\t%s\n' "$(wc -l < "$T/uids")" "$nc" "$nn"
co=$(col "$D/ssl.log.gz" id.orig_h); cr=$(col "$D/ssl.log.gz" id.resp_h)
fan() { # a pivot on one column of ssl: a regex anchored to that column
  local k; k=$(col "$D/ssl.log.gz" "$2")
  { zgrep -hP "^([^\t]*\t){$((k - 1))}\Q$3\E(\t|$)" "$D/ssl.log.gz" || true; } | cut -f"$co,$cr" > "$T/fan"
  printf '%s\t%s\t%s\t%s\n' "$1" "$(wc -l < "$T/fan")" "$(cut -f1 "$T/fan" | sort -u | wc -l)" "$(cut -f2 "$T/fan" | sort -u | wc -l)"
}
fan W4 "$W4F" "$W4V"
fan W5 "$W5F" "$W5V"
EOF
# bro-cut + mawk: zcat | bro-cut | mawk, one pass per question.
cat > "$WD/mawk.sh" <<'EOF'
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
zcat "$D/x509.log.gz" | bro-cut certificate.sig_alg | mawk '{c[$0]++} END {for (k in c) printf "W1\t%s\t%d\n", k, c[k]}'
zcat "$D/x509.log.gz" | bro-cut "$IDF" certificate.sig_alg | mawk -F'\t' 'tolower($2) ~ /sha1/ && !s[$1]++ {print $1}' > "$T/ids"
printf 'W2\t%s\n' "$(wc -l < "$T/ids")"
zcat "$D/ssl.log.gz" | bro-cut uid "$CH1" "$CH2" | mawk -F'\t' 'NR == FNR {id[$1]; next}
  {n = split($2 "," $3, a, ","); for (i = 1; i <= n; i++) if (a[i] in id) {if (!u[$1]++) print $1; break}}' "$T/ids" - > "$T/uids"
nc=$(zcat "$D/conn.log.gz" | bro-cut uid | mawk 'NR == FNR {u[$1]; next} ($1 in u) {n++} END {print n + 0}' "$T/uids" -)
nn=$(zcat "$D/notice.log.gz" | bro-cut uid | mawk 'NR == FNR {u[$1]; next} ($1 in u) {n++} END {print n + 0}' "$T/uids" -)
printf 'W3\t%s\t%s\t%s\n' "$(wc -l < "$T/uids")" "$nc" "$nn"
fan() {
  zcat "$D/ssl.log.gz" | bro-cut "$2" id.orig_h id.resp_h | mawk -F'\t' -v tag="$1" -v v="$3" '
    $1 == v {n++; if (!c[$2]++) nc++; if (!s[$3]++) ns++} END {printf "%s\t%d\t%d\t%d\n", tag, n, nc, ns}'
}
fan W4 "$W4F" "$W4V"
fan W5 "$W5F" "$W5V"
EOF
# zq: one query per question over the gz files (ids and uids handed on in a query file, -I).
cat > "$WD/zq.sh" <<'EOF'
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
setlit() { printf 'const %s = |[' "$1"; mawk 'NR > 1 {printf ","} {printf "\"%s\"", $0}' "$2"; printf ']|\n'; }
"$ZQ" -f text "count() by certificate.sig_alg | yield {q:'W1', k:certificate.sig_alg, n:count}" "$D/x509.log.gz"
"$ZQ" -f text "grep(/sha1/, lower(certificate.sig_alg)) | count() by $IDF | yield $IDF" "$D/x509.log.gz" > "$T/ids"
printf 'W2\t%s\n' "$(wc -l < "$T/ids")"
{ setlit ids "$T/ids"; echo "over $CH1, $CH2 with u=uid => (where this in ids | yield {uid:u}) | count() by uid | yield uid"; } > "$T/q3"
"$ZQ" -f text -I "$T/q3" "$D/ssl.log.gz" > "$T/uids"
{ setlit uids "$T/uids"; echo "where uid in uids | count()"; } > "$T/q3b"
nc=$("$ZQ" -f text -I "$T/q3b" "$D/conn.log.gz")
nn=$("$ZQ" -f text -I "$T/q3b" "$D/notice.log.gz")
printf 'W3\t%s\t%s\t%s\n' "$(wc -l < "$T/uids")" "${nc:-0}" "${nn:-0}"
fan() {
  "$ZQ" -f text "where $2 == \"$3\" | n := count(), c := union(id.orig_h), s := union(id.resp_h) | yield {q:'$1', n, c:len(c), s:len(s)}" "$D/ssl.log.gz"
}
fan W4 "$W4F" "$W4V"
fan W5 "$W5F" "$W5V"
EOF
# DuckDB: every question as SQL over the JSON lines, one process (views: each reads its JSON).
cat > "$WD/duckdb.sql" <<EOF
-- name: W1
SELECT coalesce("certificate.sig_alg", '-'), count(*) FROM x509 GROUP BY 1;
-- name: W2
SELECT count(DISTINCT "$IDF") FROM x509 WHERE lower("certificate.sig_alg") LIKE '%sha1%';
-- name: W3
WITH ids AS (SELECT DISTINCT "$IDF" AS id FROM x509 WHERE lower("certificate.sig_alg") LIKE '%sha1%'),
     s AS (SELECT DISTINCT uid FROM (SELECT uid, unnest(coalesce(TRY_CAST("$CH1" AS VARCHAR[]), []::VARCHAR[])
                                                  || coalesce(TRY_CAST("$CH2" AS VARCHAR[]), []::VARCHAR[])) AS f FROM ssl)
           WHERE f IN (SELECT id FROM ids))
SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM conn WHERE uid IN (SELECT uid FROM s)),
       (SELECT count(*) FROM notice WHERE uid IN (SELECT uid FROM s));
-- name: W4
SELECT count(*), count(DISTINCT "id.orig_h"), count(DISTINCT "id.resp_h") FROM ssl WHERE "$W4F" = '$W4V';
-- name: W5
SELECT count(*), count(DISTINCT "id.orig_h"), count(DISTINCT "id.resp_h") FROM ssl WHERE "$W5F" = '$W5V';
EOF

# ---- timing ----------------------------------------------------------------------------------
RES=$OUT/results.tsv   # name  median_wall_s  runs  median_rss_mb  ok  median_cpu_s
: > "$RES"
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# measure NAME CMD...: REPS runs under /usr/bin/time; stdout of the last run in $OUT/NAME.out.
# %M of a pipeline run through bash is the largest single process, not the sum.
measure() {
  local name=$1; shift
  local ts="" cs="" ms="" i e u sy m ok=ok
  for i in $(seq "$REPS"); do
    if ! /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; then ok=FAILED; fi
    read -r e u sy m < <(tail -1 "$OUT/$name.time")
    ts="$ts $e" ms="$ms $m" cs="$cs $(awk -v u="$u" -v s="$sy" 'BEGIN {printf "%.2f", u + s}')"
  done
  local mt mc mm
  mt=$(echo "$ts" | median) mc=$(echo "$cs" | median) mm=$(echo "$ms" | median | awk '{printf "%.0f", $1 / 1024}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$mt" "${ts# }" "$mm" "$ok" "$mc" >> "$RES"
  printf '  %-16s %6ss wall (%s)  %ss cpu  %s MB  %s   load %s\n' "$name" "$mt" "${ts# }" "$mc" "$mm" "$ok" "$(cut -d' ' -f1 /proc/loadavg)" >&2
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

say "(a) load everything, $REPS runs each ($D)"
measure load_zhunt "$ZHUNT" run "$BENCH/empty.lua" -l "$D"
measure load_zhunt1 env GOMAXPROCS=1 "$ZHUNT" run "$BENCH/empty.lua" -l "$D"
measure load_zcat bash -c 'zcat "$0"/*.gz > /dev/null' "$D"
[ -z "$ZQ_NOTE" ] && measure load_zq bash -c '"$ZQ" -f text "count()" "$0"/*.gz' "$D"

say "(b) the walk W1..W5, $REPS runs each"
measure walk_zhunt "$ZHUNT" run "$BENCH/walk.lua" -l "$D" -- --client "$W4V" --client-field "$W4F" --server "$W5V" --server-field "$W5F"
measure walk_zhunt4 "$ZHUNT" run "$BENCH/walk.lua" -l "$D/x509.log.gz" -l "$D/ssl.log.gz" -l "$D/conn.log.gz" -l "$D/notice.log.gz" -- --client "$W4V" --client-field "$W4F" --server "$W5V" --server-field "$W5F"
measure walk_zcat4 bash -c 'zcat "$0"/x509.log.gz "$0"/ssl.log.gz "$0"/conn.log.gz "$0"/notice.log.gz > /dev/null' "$D"
measure walk_zcatconn bash -c 'zcat "$0"/conn.log.gz > /dev/null' "$D"
measure walk_zgrep bash "$WD/zgrep.sh"
measure walk_mawk bash "$WD/mawk.sh"
[ -z "$ZQ_NOTE" ] && measure walk_zq bash "$WD/zq.sh"
[ -z "$DUCK_NOTE" ] && measure walk_duckdb "$DUCK" "$J" "$WD/duckdb.sql"
measure sha1_certs_zhunt "$ZHUNT" run "$REPO/hunts/sha1_certs.lua" -l "$D"

say "warm: 100 uid pivots, a group and a find after the load (bench/warm.lua), $REPS runs"
measure warm_zhunt "$ZHUNT" run "$BENCH/warm.lua" -l "$D"
WARM_RUNS=""
for i in $(seq "$REPS"); do
  "$ZHUNT" run "$BENCH/warm.lua" -l "$D" 2>/dev/null > "$OUT/warm.$i"
  WARM_RUNS="$WARM_RUNS $(cat "$OUT/warm.$i" | tr '\n' ' ')"
done
wmed() { for i in $(seq "$REPS"); do awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$OUT/warm.$i"; done | median; }
WALK_US=$(for n in walk_zhunt walk_zhunt4; do awk '$1 == "warm_walk" {print $2}' "$OUT/$n.out"; done | median)
PIVOT_US=$(wmed warm_pivot 3) PIVOT_P90=$(wmed warm_pivot 4) GROUP_US=$(wmed warm_group 3) FIND_US=$(wmed warm_find 3)

if [ "$BIG" = 1 ]; then
  corpus 130
  say "(a') load of the 130-copy corpus, $REPS runs each"
  measure load130_zhunt "$ZHUNT" run "$BENCH/empty.lua" -l "$WORK/scale130-gz"
  measure load130_zcat bash -c 'zcat "$0"/*.gz > /dev/null' "$WORK/scale130-gz"
fi
# memory in use after the load (zhunt --stats), against the TSV it holds
memafter() { "$ZHUNT" run --stats "$BENCH/empty.lua" -l "$1" 2>&1 >/dev/null | sed -n 's/.*memory in use after load \([0-9.]*\) MiB.*/\1/p'; }
MEM40=$(memafter "$D")
TSV40=$(du -sb "$WORK/scale$COPIES" | awk '{printf "%.1f", $1 / 1048576}')
if [ "$BIG" = 1 ]; then
  MEM130=$(memafter "$WORK/scale130-gz")
  TSV130=$(du -sb "$WORK/scale130" | awk '{printf "%.1f", $1 / 1048576}')
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- answers ---------------------------------------------------------------------------------
norm() { # the W lines of a run, W1 sorted, DuckDB's label/tab form included
  [ -f "$OUT/$1.out" ] || return 0
  grep -E '^W[1-5]\b' "$OUT/$1.out" | sed 's/\r$//' | sort -t$'\t' -k1,1 -k2,2 -s | awk '$1 == "W1" {print; next} {a[$1] = $0} END {for (k in a) print a[k]}' | sort
}
AGREE=1
norm walk_zhunt > "$OUT/ans.zhunt"
[ -s "$OUT/ans.zhunt" ] || { echo "run.sh: zhunt gave no answers (see $OUT/walk_zhunt.err)" >&2; AGREE=0; }
ANS="| question | zhunt |"
PEERS=(zgrep mawk)
[ -z "$ZQ_NOTE" ] && PEERS+=(zq)
[ -z "$DUCK_NOTE" ] && PEERS+=(duckdb)
PEERS=(zhunt4 "${PEERS[@]}")
for p in "${PEERS[@]}"; do norm "walk_$p" > "$OUT/ans.$p"; ANS="$ANS $p |"; done
ANS="$ANS
|---|---|$(for p in "${PEERS[@]}"; do printf -- '---|'; done)"
for q in $(cut -f1 "$OUT/ans.zhunt" | sort -u); do
  if [ "$q" = W1 ]; then
    row="| W1 (sig_alg: count) | $(awk -F'\t' '$1 == "W1" {printf "%s%s: %s", sep, $2, $3; sep = ", "}' "$OUT/ans.zhunt") |"
  else
    row="| $q | $(awk -F'\t' -v q="$q" '$1 == q {$1 = ""; sub(/^ /, ""); print}' "$OUT/ans.zhunt") |"
  fi
  for p in "${PEERS[@]}"; do
    if diff <(grep "^$q	" "$OUT/ans.zhunt") <(grep "^$q	" "$OUT/ans.$p") > /dev/null; then row="$row same |"
    else
      AGREE=0
      row="$row **DIFFERS: $(awk -F'\t' -v q="$q" '$1 == q {$1 = ""; sub(/^ /, ""); printf "%s%s", sep, $0; sep = "; "}' "$OUT/ans.$p")** |"
    fi
  done
  ANS="$ANS
$row"
done
NPIV=$(awk -F'\t' '$1 == "W2" {print $2 + 2}' "$OUT/ans.zhunt")   # ssl pivots of W3, and W4, W5
NUIDS=$(awk -F'\t' '$1 == "W3" {print $2}' "$OUT/ans.zhunt")
say "answers"
echo "$ANS" >&2
[ "$AGREE" = 1 ] && echo "ALL TOOLS AGREE" >&2 || echo "!!! ANSWERS DISAGREE: see the table above and $OUT/ans.*" >&2

# ---- go benchmarks ---------------------------------------------------------------------------
GOB="(not run: --no-gobench)" GOB_COMMIT=-
if [ "$GOBENCH" = 1 ]; then
  say "go test -bench (engine, index, engine/zeeklog)"
  GOB_COMMIT=$(cd "$REPO" && git rev-parse --short HEAD)
  GOB=$(cd "$REPO" && go test -run '^$' -bench . -benchmem ./engine/ ./index/ ./engine/zeeklog/ 2>&1) || GOB="$GOB
(go test failed)"
fi

# ---- RESULTS.md ------------------------------------------------------------------------------
get() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k {print $c}' "$RES"; }
ratio() { # ratio NAME BASE COLUMN
  local a b; a=$(get "$1" "$3") b=$(get "$2" "$3")
  if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; else echo "n/a"; fi
}
row() { # row LABEL NAME BASE
  local t; t=$(get "$2" 2)
  if [ -z "$t" ]; then echo "| $1 | not run | | | | | | | |"; return; fi
  echo "| $1 | $t | $(get "$2" 6) | $(get "$2" 4) | $(ratio "$2" "$3" 2) | $(ratio "$2" "$3" 6) | $(ratio "$2" "$3" 4) | $(get "$2" 3) | $(get "$2" 5) |"
}
SIZE_TSV=$(du -sm "$WORK/scale$COPIES" | cut -f1) SIZE_GZ=$(du -sm "$D" | cut -f1) SIZE_J=$(du -sm "$J" | cut -f1)
RECS=$(grep -o 'loaded [0-9]* records' "$OUT/load_zhunt.err" | head -1 || true)
{
  echo "# zhunt bench results"
  echo
  echo "Written by \`bench/run.sh\` (see bench/README.md for the questions and the columns)."
  echo
  echo "- date: $(date -u)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "- load average (1/5/15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER (the machine is shared: the other sessions' builds and tests ran alongside)"
  echo "- zhunt commit: $ZHUNT_COMMIT (when zhunt was built, at the start of the run); $(go version | cut -d' ' -f3-)"
  echo "- peers: zq $("$ZQ" -version 2>/dev/null | head -1 || echo '-'); DuckDB via github.com/duckdb/duckdb-go/v2 v2.10506.0; $(dpkg-query -W -f '${Package} ${Version}' bro-aux 2>/dev/null); $(dpkg-query -W -f '${Package} ${Version}' mawk 2>/dev/null); $(zcat --version | head -1); $(grep --version | head -1)"
  echo "- corpus: \`python3 $SCALE $SRC $WORK/scale$COPIES $COPIES --one-dir\`, then \`gzip -6\` per file: TSV $SIZE_TSV MB, gz $SIZE_GZ MB ($D), $RECS; JSON lines of x509 ssl conn notice files for DuckDB: $SIZE_J MB ($J)"
  echo "- every figure is the median of $REPS runs: wall seconds (each run listed), CPU seconds (user + sys), peak resident set (\`/usr/bin/time -f '%e %U %S %M'\`; for a shell pipeline, the largest single process)"
  echo "- cold = a fresh process from the raw .gz logs, load included (the files are in the OS page cache: not a cold disk)"
  echo "- W4 pivots on ssl.$W4F = \`$W4V\`, W5 on ssl.$W5F = \`$W5V\` (the most common value, by bro-cut | sort | uniq -c)"
  [ "$W4F" = ja3 ] || echo "- **the scale corpus has no ja3/ja3s columns** (Zeek 3.x without the ja3 package): W4 stands in for the ja3 pivot with ssl.server_name (a client-side TLS value) and W5 for the ja3s pivot with ssl.cipher (the server's choice); the questions keep their shape (sessions, unique clients, unique servers for one value)"
  [ -n "$ZQ_NOTE" ] && echo "- **zq**: $ZQ_NOTE"
  [ -n "$DUCK_NOTE" ] && echo "- **DuckDB**: $DUCK_NOTE"
  echo
  echo "## Cold runs (one process from the raw logs, load included)"
  echo
  echo "| run | wall s | CPU s | peak RSS MB | wall ratio | CPU ratio | RSS ratio | wall s of each run | exit |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row "(a) load: zhunt run bench/empty.lua" load_zhunt load_zhunt
  row "(a) load: zcat *.gz > /dev/null" load_zcat load_zhunt
  row "(a) load: zq 'count()' *.gz" load_zq load_zhunt
  row "(a) load: zhunt on one core (GOMAXPROCS=1)" load_zhunt1 load_zhunt
  row "(b) walk: zhunt bench/walk.lua (one process)" walk_zhunt walk_zhunt
  row "(b) walk: zhunt bench/walk.lua, -l only x509 ssl conn notice" walk_zhunt4 walk_zhunt
  row "(b) floor: zcat of the four logs the walk reads" walk_zcat4 walk_zhunt
  row "(b) floor: zcat of conn.log.gz alone (W3 must read it)" walk_zcatconn walk_zhunt
  row "(b) walk: zgrep, one pass per pivot" walk_zgrep walk_zhunt
  row "(b) walk: zcat, bro-cut, mawk, one pass per question" walk_mawk walk_zhunt
  row "(b) walk: zq, one query per question" walk_zq walk_zhunt
  row "(b) walk: DuckDB SQL over JSON lines (one process)" walk_duckdb walk_zhunt
  row "hunts/sha1_certs.lua end to end (zhunt)" sha1_certs_zhunt walk_zhunt
  if [ "$BIG" = 1 ]; then
    row "(a') load 130 copies: zhunt" load130_zhunt load_zhunt
    row "(a') load 130 copies: zcat" load130_zcat load_zcat
  fi
  echo
  echo "Ratios are peer / zhunt (the zhunt row of the same section), computed in this run: above 1 the"
  echo "peer took longer or more memory. CPU s = user + sys of the process and its children: less"
  echo "sensitive than wall time to the other work on this shared machine. In (a) zcat only"
  echo "decompresses (a floor for any tool reading .gz); zhunt parses and indexes every record."
  [ "$BIG" = 1 ] && echo "The (a') rows compare 130 copies with 40 (ratio ≈ 3.25 means linear)."
  echo "The one-core row shows how the load scales with cores (zcat uses one); the (b) floor rows"
  echo "only decompress what the walk must read: no tool that reads those files can answer faster."
  echo
  echo "Memory in use after the load (\`zhunt run --stats\`): $MEM40 MiB for $TSV40 MiB of TSV ($(awk -v a="$MEM40" -v b="$TSV40" 'BEGIN {printf "%.2f", a / b}') of it)$([ "$BIG" = 1 ] && echo "; 130 copies: $MEM130 MiB for $TSV130 MiB ($(awk -v a="$MEM130" -v b="$TSV130" 'BEGIN {printf "%.2f", a / b}'); $(awk -v a="$MEM130" -v b="$MEM40" 'BEGIN {printf "%.2f", a / b}')× the 40-copy figure)")."
  echo
  echo "## Warm runs (zhunt, index already loaded, one process)"
  echo
  echo "| what | median | |"
  echo "|---|---|---|"
  echo "| the whole walk W1..W5 after the load (the warm_walk line of walk.lua: ${NPIV} pivots, 2 counts over a list of ${NUIDS} uids, a find, 5 groups) | $(awk -v u="$WALK_US" 'BEGIN {printf "%.3f s", u / 1e6}') | cold peers above: $(for p in zgrep mawk zq duckdb; do t=$(get walk_$p 2); [ -n "$t" ] && printf '%s %ss; ' "$p" "$t"; done) |"
  echo "| one uid pivot over every log (100 distinct ssl uids) | $PIVOT_US µs | p90 $PIVOT_P90 µs |"
  echo "| group x509 by certificate.sig_alg | $GROUP_US µs | |"
  echo "| find x509 certificate.sig_alg = sha1WithRSAEncryption | $FIND_US µs | |"
  echo
  echo "Medians over $REPS runs of bench/warm.lua (os.clock, process CPU time). Raw lines:$WARM_RUNS"
  echo
  echo "When does loading pay? The peers pay one pass over the .gz logs per question: zgrep and bro-cut+mawk"
  echo "made 7 passes for the walk (W1, W2, ssl, conn and notice for W3, W4, W5), so one pass cost about"
  echo "$(awk -v a="$(get walk_zgrep 2)" 'BEGIN {printf "%.3f", a / 7}') s (zgrep) and $(awk -v a="$(get walk_mawk 2)" 'BEGIN {printf "%.3f", a / 7}') s (mawk) here. zhunt pays its load"
  echo "($(get load_zhunt 2) s) once, then about $PIVOT_US µs per pivot: it breaks even with mawk after about"
  echo "$(awk -v l="$(get load_zhunt 2)" -v a="$(get walk_mawk 2)" 'BEGIN {if (a > 0) printf "%.0f", l / (a / 7); else print "n/a"}') passes over these logs (a REPL session or a hunt with many pivots), and never for a single question."
  echo
  echo "## Answers (every tool must agree)"
  echo
  echo "$ANS"
  echo
  [ "$AGREE" = 1 ] && echo "**All tools agree.**" || echo "**The answers DISAGREE** (see the table; raw answers in $OUT/ans.*)."
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "# (a)"
  echo "$ZHUNT run bench/empty.lua -l $D"
  echo "zcat $D/*.gz > /dev/null"
  echo "$ZQ -f text 'count()' $D/*.gz"
  echo "# (b)"
  echo "$ZHUNT run bench/walk.lua -l $D -- --client '$W4V' --client-field $W4F --server '$W5V' --server-field $W5F"
  echo "$ZHUNT run bench/walk.lua -l $D/x509.log.gz -l $D/ssl.log.gz -l $D/conn.log.gz -l $D/notice.log.gz -- (the same flags)"
  echo "$ZHUNT run hunts/sha1_certs.lua -l $D"
  echo "$DUCK $J $WD/duckdb.sql"
  echo "$ZHUNT run bench/warm.lua -l $D"
  echo '```'
  echo
  for f in zgrep.sh mawk.sh zq.sh duckdb.sql; do
    echo "<details><summary>$WD/$f</summary>"
    echo
    echo '```'
    cat "$WD/$f"
    echo '```'
    echo "</details>"
    echo
  done
  echo "## go test -bench"
  echo
  echo "At commit $GOB_COMMIT (work tree as it was then), on the bundled WRCCDC 2018 sample unless ZHUNT_BENCH_DIR was set${ZHUNT_BENCH_DIR:+ (it was: $ZHUNT_BENCH_DIR)}."
  echo
  mbs() { echo "$GOB" | awk -v k="$1" '$1 ~ ("^" k "-[0-9]+$") {for (i = 2; i < NF; i++) if ($(i + 1) == "MB/s") print $i}'; }
  gratio() { awk -v a="$(mbs "$1")" -v b="$(mbs "$2")" 'BEGIN {if (a != "" && b > 0) printf "%.2f", a / b; else print "n/a"}'; }
  echo "Against baselines measured in the same run (MB/s ratio; 1.00 would be as fast as the baseline):"
  echo
  echo "| benchmark | MB/s | baseline | baseline MB/s | ratio |"
  echo "|---|---|---|---|---|"
  echo "| BenchmarkLoad (read, parse, index) | $(mbs BenchmarkLoad) | BenchmarkLoadBaselineDecompress (open and decompress only) | $(mbs BenchmarkLoadBaselineDecompress) | $(gratio BenchmarkLoad BenchmarkLoadBaselineDecompress) |"
  echo "| BenchmarkReadTSV (parse every value) | $(mbs BenchmarkReadTSV) | BenchmarkReadBaselineSplit (cut lines and fields only) | $(mbs BenchmarkReadBaselineSplit) | $(gratio BenchmarkReadTSV BenchmarkReadBaselineSplit) |"
  echo
  echo '```'
  echo "\$ go test -run '^\$' -bench . -benchmem ./engine/ ./index/ ./engine/zeeklog/"
  echo "$GOB"
  echo '```'
} > "$BENCH/RESULTS.md"
say "wrote $BENCH/RESULTS.md"
[ "$AGREE" = 1 ] || exit 1
