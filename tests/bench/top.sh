#!/bin/bash
# top.sh: the latency of /api/KPIs/{id}/top/ over 7 days at operator
# scale (2,000 cells, 500 services, 100,000 users, 200,000 flow rows an
# interval), uncached, against a baseline build, in the same run.
#
#   tests/bench/top.sh [ROUNDS]     (default 9)
#
# Loads 8 days: the first from the generator through netkpi-ingest (288
# intervals of 200,000 rows, in chunks of four hours), the next 7 copied
# from it by SQL (netkpi_sketches, netkpi_totals, netkpi_intervals), each
# day's keys rotated (cell c of day d is cell 1000 + (c - 1000 + 617 d)
# mod 2000, service s is 1 + (s - 1 + 97 d) mod 500) so that a week's
# merge is not the merge of one day with itself; the sketches keep the
# sizes of a real day; then 2026-11-28 up to 10:30 from the generator (a
# week that ends now has a day in progress).  Twice, from the same
# files: into $MDB_DB by the baseline's ingest ($BENCH_BASE, default
# 6372166, built from `git archive` into _build/bench-base, or the build
# in $BENCH_BASE_BUILD), into netkpi_new by this tree's.  Then asks a
# 7-day top 10 of KPI 1 and of KPI 2, on whole days, with ragged edges
# (start and end inside an hour) and from inside an hour to the newest
# data, straight to three netkpi-fcgi responders on unix
# sockets (no nginx, no process start: tests/bench/fcgiget.py): the
# baseline's on its rows, this tree's on the same rows, this tree's on
# its own.  Each figure is the median of ROUNDS rounds, the responders
# asked in turn; the three answers must be the same bytes.
#
# BENCH_USERS (100000) and BENCH_ROWS (200000) change the data; with
# BENCH_KEEP set, the data directory, mariadbd and the responders are
# left running (their directory is printed).
set -u
. "$(dirname "$0")/build.sh"
. "$top_srcdir/tests/fcgi/lib.sh"

ROUNDS=${1:-9}
USERS=${BENCH_USERS:-100000}
ROWS=${BENCH_ROWS:-200000}
BASE=${BENCH_BASE:-6372166}

bench_build netkpi-ingest netkpi-fcgi netkpi-gen
ingest=$top_builddir/netkpi-ingest
fcgi=$top_builddir/netkpi-fcgi
gen=$top_builddir/netkpi-gen

# The baseline's programs.
base_build=${BENCH_BASE_BUILD:-$top_srcdir/_build/bench-base}
bench_base "$BASE" "$base_build" netkpi-fcgi netkpi-ingest

# Two databases of the same flow files: $MDB_DB written by the
# baseline's ingest (the stored forms main writes), netkpi_new by this
# tree's.
MDB_SERVER_ARGS=(--innodb-buffer-pool-size=1G
	--innodb-flush-log-at-trx-commit=0)
new_ingest=$ingest
ingest=$base_build/netkpi-ingest
bench_db mariadb_start "top_n = 3"
NEW_DB=netkpi_new
mdb_root "CREATE DATABASE $NEW_DB;
	GRANT ALL ON $NEW_DB.* TO '$MDB_USER'@'localhost';
	GRANT SELECT ON $NEW_DB.* TO '$MDB_RO_USER'@'localhost';" ||
	bail "cannot create $NEW_DB"
nconf=$MDB_DIR/new.conf
MDB_DB=$NEW_DB write_conf "$nconf" "[ingest]" "input_dir = $in" "top_n = 3"
"$new_ingest" -c "$nconf" --migrate 2>/dev/null || bail "migrate failed"
[ -n "${BENCH_KEEP:-}" ] && echo "data: $MDB_DIR"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }

# Day 0, 2026-11-20, in chunks of 4 hours (the files removed after each).
base_s=0 new_s=0
for c in 0 1 2 3 4 5; do
	s=$(date -u -d "2026-11-20 00:05:00 UTC + $((c * 4)) hours" +%Y-%m-%dT%H:%M:%SZ)
	e=$(date -u -d "2026-11-20 00:10:00 UTC + $(((c + 1) * 4)) hours" +%Y-%m-%dT%H:%M:%SZ)
	"$gen" --dir "$in" --start "$s" --intervals 48 --files 1 --rows "$ROWS" \
		--users "$USERS" --cells 2000 --services 500 --seed $((c + 1)) ||
		bail "generator failed"
	t0=$(now)
	"$ingest" -c "$conf" --now "$e" 2>"$MDB_DIR/ingest.err" ||
		{ tail -3 "$MDB_DIR/ingest.err"; bail "ingest failed"; }
	t1=$(now)
	"$new_ingest" -c "$nconf" --now "$e" 2>"$MDB_DIR/ingest.err" ||
		{ tail -3 "$MDB_DIR/ingest.err"; bail "ingest failed"; }
	base_s=$(calc "$base_s + $t1 - $t0") new_s=$(calc "$new_s + $(now) - $t1")
	rm -f "$in"/*.txt
done

# Day 8, 2026-11-28, up to 10:30, ingested by each: to 06:30 before the
# days are copied (the runs write days 1 to 7 as intervals without
# files, which the copies then fill), the rest after (its hours write
# the spans of days, from the copies: the newest, then one more of each
# length an hour back).  Its newest hour ends at 10:00, and its day's
# row holds the hours up to there.
"$gen" --dir "$in" --start 2026-11-28T00:05:00Z --intervals 126 --files 1 \
	--rows "$ROWS" --users "$USERS" --cells 2000 --services 500 --seed 9 ||
	bail "generator failed"
day8() {
	"$ingest" -c "$conf" --now "$1" 2>"$MDB_DIR/ingest.err" ||
		{ tail -3 "$MDB_DIR/ingest.err"; bail "ingest failed"; }
	"$new_ingest" -c "$nconf" --now "$1" 2>"$MDB_DIR/ingest.err" ||
		{ tail -3 "$MDB_DIR/ingest.err"; bail "ingest failed"; }
}
day8 2026-11-28T06:32:30Z

# rot KEY: the SQL of cell KEY rotated by day $d; len AT: of the length of
# the sketch of a group's entry at AT (stored form version 4: tier 1's
# groups, whose cells are rotated inside them; netkpi-sql(7)).
rot() { echo "1000 + ($1 - 1000 + 617 * $d) % 2000"; }
len() { echo "CAST(CONV(HEX(SUBSTR(g, $1 + 4, 2)), 16, 10) AS UNSIGNED)"; }

# copy_days DB: days 1 to 7 from day 0, keys rotated.
copy_days() {
	local d copy
	# (days 1 to 7, which day 8's run found without files)
	copy="USE $1; DELETE FROM netkpi_intervals WHERE end_date > '2026-11-21'
		AND end_date <= '2026-11-28';"
	for d in 1 2 3 4 5 6 7; do
		copy="$copy
INSERT INTO netkpi_sketches SELECT kpi_id, tier, period_end + INTERVAL $d DAY,
	$(rot key_id), sketch FROM netkpi_sketches
	WHERE period_end <= '2026-11-21' AND ASCII(sketch) <> 4;
INSERT INTO netkpi_sketches WITH RECURSIVE entry (kpi_id, tier, period_end, first, g, at) AS (
	SELECT kpi_id, tier, period_end, key_id, sketch, CAST(3 AS UNSIGNED)
	FROM netkpi_sketches WHERE period_end <= '2026-11-21' AND ASCII(sketch) = 4
	UNION ALL
	SELECT kpi_id, tier, period_end, first, g, at + 6 + $(len at)
	FROM entry WHERE at + 6 + $(len at) <= LENGTH(g))
SELECT kpi_id, tier, period_end + INTERVAL $d DAY, $(rot first),
	CONCAT(0x040C, GROUP_CONCAT(CONCAT(
	UNHEX(LPAD(HEX($(rot "CONV(HEX(SUBSTR(g, at, 4)), 16, 10)")), 8, '0')),
	SUBSTR(g, at + 4, 2 + $(len at))) ORDER BY at SEPARATOR ''))
	FROM entry GROUP BY kpi_id, tier, period_end, first;
INSERT INTO netkpi_totals SELECT kpi_id, tier, period_end + INTERVAL $d DAY,
	1 + (key_id - 1 + 97 * $d) % 500, total_bytes FROM netkpi_totals
	WHERE period_end <= '2026-11-21' AND kpi_id = 1;
INSERT INTO netkpi_intervals SELECT end_date + INTERVAL $d DAY, job_id, files,
	rows_ok, rows_rejected, empty_counters, processed FROM netkpi_intervals
	WHERE end_date <= '2026-11-21';"
	done
	mdb_sql "$copy ANALYZE TABLE netkpi_sketches, netkpi_totals;" >/dev/null ||
		bail "cannot copy the days"
}
t0=$(now)
copy_days "$MDB_DB"
copy_days "$NEW_DB"
copy_s=$(calc "$(now) - $t0")
day8 2026-11-28T10:32:30Z
rm -f "$in"/*.txt

# sizes DB: the sketches of day 0 by tier
sizes() {
	mdb_sql "SELECT tier, COUNT(*), SUM(LENGTH(sketch)), SUM(ASCII(sketch) = 3 OR LENGTH(sketch) = 3075)
		FROM $1.netkpi_sketches WHERE period_end > '2026-11-20'
		AND period_end <= '2026-11-21' GROUP BY tier" |
	awk '{ printf "%stier %d: %d rows, %.1f MB (%d dense)", (NR > 1 ? "; " : ""), $1, $2, $3 / 1e6, $4 }'
}
# spans DB: the spans of days written
spans() {
	mdb_sql "SELECT tier, COUNT(DISTINCT period_end), COUNT(*), SUM(LENGTH(sketch))
		FROM $1.netkpi_sketches WHERE tier >= 5 GROUP BY tier" |
	awk '{ printf "%stier %d: %d spans, %d rows, %.1f MB", (NR > 1 ? "; " : ""), $1, $2, $3, $4 / 1e6 }'
}

api_grant
write_conf "$conf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS"
MDB_DB=$NEW_DB write_conf "$nconf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS"
fcgi=$base_build/netkpi-fcgi responder_start "$MDB_DIR/base.sock"
responder_start "$MDB_DIR/old.sock"
conf=$nconf responder_start "$MDB_DIR/new.sock"

W='start=2026-11-21T00:00:00Z&end=2026-11-28T00:00:00Z'
R='start=2026-11-20T10:25:00Z&end=2026-11-27T10:25:00Z'
# To the newest data (the newest interval, 2026-11-28T10:30; the newest
# hour 10:00): a week that ends now.
N='start=2026-11-21T10:30:00Z&end=2026-11-28T10:30:00Z'
uris=("/api/KPIs/1/top/?$W" "/api/KPIs/1/top/?$R"
	"/api/KPIs/2/top/?$W" "/api/KPIs/2/top/?$R"
	"/api/KPIs/1/top/?$N" "/api/KPIs/2/top/?$N")
names=("KPI 1, whole days" "KPI 1, ragged edges"
	"KPI 2, whole days" "KPI 2, ragged edges"
	"KPI 1, to the newest" "KPI 2, to the newest")
out=$MDB_DIR/answers
mkdir -p "$out"
# one round to warm the buffer pool and the responders' statements
socks=(base="$MDB_DIR/base.sock" old="$MDB_DIR/old.sock" new="$MDB_DIR/new.sock")
python3 "$top_srcdir/tests/bench/fcgiget.py" 1 "$out" "${socks[@]}" -- \
	"${uris[@]}" >/dev/null || bail "fcgiget failed"
python3 "$top_srcdir/tests/bench/fcgiget.py" "$ROUNDS" "$out" "${socks[@]}" -- \
	"${uris[@]}" >"$MDB_DIR/times" || bail "fcgiget failed"

median() {
	awk -v i="$1" -v n="$2" '$1 == i && $2 == n { print $3 }' "$MDB_DIR/times" |
		sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}

printf 'data: 8 days and 10.5 hours (%d users, %d rows an interval; day 0 ingested in %.0f s by the baseline, %.0f s by this tree; 7 copied in %.0f s)\n' \
	"$USERS" "$ROWS" "$base_s" "$new_s" "$copy_s"
printf 'sketches a day, as the baseline writes them: %s\n' "$(sizes "$MDB_DB")"
printf 'sketches a day, as this tree writes them:    %s\n' "$(sizes "$NEW_DB")"
printf 'spans of days, as this tree writes them:      %s\n' "$(spans "$NEW_DB")"
printf 'ranges: whole %s; ragged %s; to the newest %s\n' "$W" "$R" "$N"
printf '%-22s %9s %9s %9s %7s  %s\n' "7-day top 10 (ms)" "base" "new,old" "new" "ratio" "answers"
for i in 0 1 2 3 4 5; do
	b=$(median "$i" base) o=$(median "$i" old) n=$(median "$i" new)
	same=DIFFER
	[ "$(body "$out/base.$i")" = "$(body "$out/new.$i")" ] &&
	[ "$(body "$out/base.$i")" = "$(body "$out/old.$i")" ] &&
		grep -q '"rows":\[{' "$out/new.$i" && same=same
	printf '%-22s %9s %9s %9s %7s  %s\n' "${names[$i]}" "$b" "$o" "$n" \
		"$(calc "$b / $n" | xargs printf '%.1fx')" "$same"
done
echo "(medians of $ROUNDS rounds, each round asking the three in turn; base: $BASE on"
echo " the rows it writes; new,old: this tree on the same rows; new: this tree on"
echo " the rows it writes; ratio: base / new; target: under 50 ms)"
if [ -n "${BENCH_KEEP:-}" ]; then
	trap - EXIT
	echo "kept: $MDB_DIR (mariadbd and the responders still run)"
fi
