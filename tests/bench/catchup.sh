#!/bin/bash
# catchup.sh: catching up a day in one run (288 intervals of 200,000
# flow rows, one file each, 2,000 cells, 500 services, 100,000 users),
# this tree against a baseline build, and `wc -l` and `cat` on the same
# files, in one run.
#
#   tests/bench/catchup.sh [ROUNDS]     (default 2)
#
# The files are generated once; each round then runs, one after the
# other, the baseline's ingest ($BENCH_BASE, default 8f54a57: the
# release before the range tables and the faster reader; built from
# `git archive` into _build/bench-catchup-base, or the build in
# $BENCH_BASE_BUILD) and this tree's, each on a new database migrated by
# itself, with --now at the end of the day: one run writes all 288
# intervals, each in a transaction of its own.  Prints each run's time
# and peak RSS, the medians and their ratio.  BENCH_INTERVALS and
# BENCH_ROWS change the size.  Needs /usr/bin/time.
set -u
. "$(dirname "$0")/build.sh"

ROUNDS=${1:-2}
INTERVALS=${BENCH_INTERVALS:-288}
ROWS=${BENCH_ROWS:-200000}
BASE=${BENCH_BASE:-8f54a57}

bench_build netkpi-ingest netkpi-gen
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
new_ingest=$top_builddir/netkpi-ingest
gen=$top_builddir/netkpi-gen
base_build=${BENCH_BASE_BUILD:-$top_srcdir/_build/bench-catchup-base}
bench_base "$BASE" "$base_build" netkpi-ingest
base_ingest=$base_build/netkpi-ingest

ingest=$new_ingest
# The server's InnoDB sizes are a packaged MariaDB's defaults (Debian
# 12: a 128 MiB buffer pool, a 96 MiB redo log), not the tests' small
# ones (32 and 16 MiB), under which each hour's rewrite of 2,000 day
# sketches (6 MB) waits for the redo log's checkpoints.
MDB_SERVER_ARGS=(--innodb-buffer-pool-size=128M --innodb-log-file-size=96M)
bench_db mariadb_start "top_n = 3"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
start=2026-11-20T00:05:00Z
end=$(date -u -d "2026-11-20 00:02:30 UTC + $((INTERVALS * 5)) minutes" \
	+%Y-%m-%dT%H:%M:%SZ)

t0=$(now)
"$gen" --dir "$in" --start "$start" --intervals "$INTERVALS" --files 1 \
	--rows "$ROWS" --users 100000 --cells 2000 --services 500 --seed 11 ||
	bail "generator failed"
gen_s=$(calc "$(now) - $t0")
bytes=$(du -sb "$in" | cut -f1)
cat "$in"/* >/dev/null		# the page cache holds them for every contender
t0=$(now); wc -l "$in"/* >/dev/null; wc_s=$(calc "$(now) - $t0")
t0=$(now); cat "$in"/* >/dev/null; cat_s=$(calc "$(now) - $t0")

# run NAME INGEST: a new database migrated by INGEST, then one run of it
# at the end of the day; prints "SECONDS RSS_KB INTERVALS".
run() {
	local db=catchup c=$MDB_DIR/$1.conf t0 t1 rc
	mdb_root "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;
		GRANT ALL ON $db.* TO '$MDB_USER'@'localhost';" ||
		bail "cannot create $db"
	MDB_DB=$db write_conf "$c" "[ingest]" "input_dir = $in" "top_n = 3"
	"$2" -c "$c" --migrate 2>/dev/null || bail "$1: --migrate failed"
	t0=$(now)
	/usr/bin/time -v "$2" -c "$c" --now "$end" 2>"$MDB_DIR/$1.err"
	rc=$?; t1=$(now)
	[ $rc -eq 0 ] || { tail -5 "$MDB_DIR/$1.err"; bail "$1: ingest failed"; }
	echo "$(calc "$t1 - $t0") $(sed -n 's/.*Maximum resident set size (kbytes): //p' \
		"$MDB_DIR/$1.err") $(MDB_DB=$db mdb_sql 'SELECT COUNT(*) FROM netkpi_intervals')"
	mdb_root "DROP DATABASE $db" || bail "cannot drop $db"
}

for r in $(seq "$ROUNDS"); do
	set -- $(run base "$base_ingest")
	[ $# -eq 3 ] || bail "the baseline's run failed"
	bs[r]=$1 brss[r]=$2 bn=$3
	set -- $(run new "$new_ingest")
	[ $# -eq 3 ] || bail "this tree's run failed"
	ns[r]=$1 nrss[r]=$2 nn=$3
	printf 'round %d: baseline %.2f s (%.0f MiB), this tree %.2f s (%.0f MiB)\n' \
		"$r" "${bs[r]}" "$(calc "${brss[r]} / 1024")" "${ns[r]}" "$(calc "${nrss[r]} / 1024")"
done
[ "$bn" = "$INTERVALS" ] && [ "$nn" = "$INTERVALS" ] ||
	bail "intervals written: baseline $bn, this tree $nn, of $INTERVALS"

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
b=$(median "${bs[@]}") nw=$(median "${ns[@]}")
rows=$((INTERVALS * ROWS))
printf '\n'
printf 'files                         %d x %d rows (%.0f MiB), generated in %.1f s\n' \
	"$INTERVALS" "$ROWS" "$(calc "$bytes / 1048576")" "$gen_s"
printf 'wc -l, cat >/dev/null         %.2f s, %.2f s\n' "$wc_s" "$cat_s"
printf 'baseline %-20s %.2f s  %6.2f M rows/s (median of %d)\n' "($BASE)" "$b" \
	"$(calc "$rows / $b / 1000000")" "$ROUNDS"
printf 'this tree                     %.2f s  %6.2f M rows/s\n' "$nw" \
	"$(calc "$rows / $nw / 1000000")"
printf 'this tree / baseline          %.2f of the time\n' "$(calc "$nw / $b")"
