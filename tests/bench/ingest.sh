#!/bin/bash
# ingest.sh: netkpi-ingest throughput and memory on one interval of
# 4 files x 1M rows (100k users, 500 cells, 50 services), against
# `wc -l` and `cat` on the same files, in one run; and the time the runs
# spent on the range tables (netkpi_totals, netkpi_sketches: -v's lines).
#
#   tests/bench/ingest.sh [REPS]   (default 5; top_builddir=DIR to use a build)
#
# Each of the REPS rounds starts from empty tables (every row deleted,
# as after --migrate, in files that an earlier run grew; but the last
# run's table sizes kept in netkpi_runs, as the timer's runs have them):
# a dry run without those sizes (as the first run ever), a dry run,
# the interval's run and the on-the-hour run; the figures are the
# medians over the rounds (a single run of 0.15 s moves by a third on a
# shared machine), each round's on a line of its own.
#
# Builds (without sanitizers) into _build/bench unless top_builddir has
# netkpi-ingest already; starts a private MariaDB; needs /usr/bin/time.
set -u
. "$(dirname "$0")/build.sh"

REPS=${1:-5}
FILES=${BENCH_FILES:-4}
ROWS=${BENCH_ROWS:-1000000}

bench_build netkpi-ingest netkpi-gen
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
ingest=$top_builddir/netkpi-ingest
gen=$top_builddir/netkpi-gen

bench_db mariadb_start

# Two intervals: 10:55 (measured alone) and 11:00 (its run ends the hour
# and rereads 10:55 for the exact hourly values).
rows=$((FILES * ROWS))
"$gen" --dir "$in" --start 2026-11-27T10:55:00Z --intervals 2 --files "$FILES" \
	--rows "$ROWS" --users 100000 --cells 500 --services 50 --seed 7 ||
	bail "generator failed"
first=$(ls "$in" | sort -t- -k2 -n | head -n "$FILES")
set -- $(for f in $first; do echo "$in/$f"; done)
bytes=$(cat "$@" | wc -c)
cat "$@" >/dev/null		# warm the page cache for every contender

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
secs() { calc "$2 - $1"; }

t0=$(now); wc -l "$@" >/dev/null; t1=$(now)
wc_s=$(secs "$t0" "$t1")
t0=$(now); cat "$@" >/dev/null; t1=$(now)
cat_s=$(secs "$t0" "$t1")

# timed NAME NOW [ARGS...]: run the ingest under /usr/bin/time -v; sets
# SECS and RSS_KB; its log is $MDB_DIR/NAME.err, its output NAME.out.
timed() {
	local name=$1 when=$2 t0 t1 rc; shift 2
	t0=$(now)
	/usr/bin/time -v "$ingest" -c "$conf" --now "$when" "$@" \
		>"$MDB_DIR/$name.out" 2>"$MDB_DIR/$name.err"
	rc=$?; t1=$(now)
	[ $rc -eq 0 ] || { cat "$MDB_DIR/$name.err"; bail "$name: ingest failed"; }
	SECS=$(secs "$t0" "$t1")
	RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$MDB_DIR/$name.err")
}

# ranges NAME: the seconds the run spent on the range tables (its sketches
# built and encoded, netkpi_totals and netkpi_sketches written: -v's lines)
ranges() {
	grep -o '\(built\|encoded\|written\) in [0-9.]* s' "$MDB_DIR/$1.err" |
		awk '{ s += $3 } END { printf "%.3f", s }'
}
# median VALUES...: the median (the lower middle one of an even count)
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# empty: every row of the tables deleted but the schema's own (as after
# --migrate) and netkpi_runs (whose newest row gives the next run its
# table sizes, as the timer's runs have them), the deleted rows purged:
# the files keep their size.
empty() {
	local t
	for t in $(mdb_sql "SHOW TABLES"); do
		case $t in netkpi_schema|netkpi_version|netkpi_runs) continue ;; esac
		mdb_sql "DELETE FROM $t" || return 1
	done
	mdb_root "SET GLOBAL innodb_max_purge_lag_wait = 0"
}

# sizes_off, sizes_on: netkpi_runs' table sizes read as none (negated)
# and back: a run as the first one ever, whose tables grow from empty.
sizes_off() {
	mdb_sql "UPDATE netkpi_runs SET last_keys = -last_keys,
		last_users = -last_users, last_pairs = -last_pairs"
}
sizes_on() { sizes_off; }

# The tables as in a database that has run for a while: their files
# grown, their pages freed by retention as fast as new rows fill them.
# (In a new database each run would write the first rows ever: InnoDB
# then grows each table's file page by page, and the interval's
# sketches took twice as long.)
timed warm 2026-11-27T10:57:30Z
timed warm 2026-11-27T11:02:30Z
for r in $(seq "$REPS"); do
	empty || bail "cannot empty the tables"
	sizes_off || bail "cannot negate the table sizes"
	timed dry0 2026-11-27T10:57:30Z --dry-run
	dry0_s[r]=$SECS dry0_rss[r]=$RSS_KB
	sizes_on || bail "cannot restore the table sizes"
	timed dry 2026-11-27T10:57:30Z --dry-run
	dry_s[r]=$SECS dry_rss[r]=$RSS_KB
	timed run 2026-11-27T10:57:30Z -v
	db_s[r]=$SECS rss_kb[r]=$RSS_KB run_rng[r]=$(ranges run)
	timed hour 2026-11-27T11:02:30Z -v
	hour_s[r]=$SECS hour_rss[r]=$RSS_KB hour_rng[r]=$(ranges hour)
	hour_pass[r]=$(sed -n 's/.*(hourly pass \([0-9.]*\) s).*/\1/p' "$MDB_DIR/hour.err")
	run_pct[r]=$(calc "100 * ${run_rng[r]} / (${db_s[r]} - ${run_rng[r]})")
	hour_pct[r]=$(calc "100 * ${hour_rng[r]} / (${hour_s[r]} - ${hour_rng[r]})")
	printf '# round %d: dry run %.3f s (without sizes %.3f s), run %.3f s (range tables %.3f s, +%.1f%%), on the hour %.3f s (%.3f s, +%.1f%%)\n' \
		"$r" "${dry_s[r]}" "${dry0_s[r]}" "${db_s[r]}" "${run_rng[r]}" "${run_pct[r]}" \
		"${hour_s[r]}" "${hour_rng[r]}" "${hour_pct[r]}"
done
grep -h "info: interval \|built in\|written in" "$MDB_DIR/run.err" "$MDB_DIR/hour.err" | sed "s/^/# last round: /"
dry_s=$(median "${dry_s[@]}") db_s=$(median "${db_s[@]}") hour_s=$(median "${hour_s[@]}")
dry0_s=$(median "${dry0_s[@]}") dry0_rss=$(median "${dry0_rss[@]}")
rss_kb=$(median "${rss_kb[@]}") dry_rss=$(median "${dry_rss[@]}") hour_rss=$(median "${hour_rss[@]}")
run_rng=$(median "${run_rng[@]}") hour_rng=$(median "${hour_rng[@]}")
hour_pass=$(median "${hour_pass[@]}")

printf '\n'
printf 'cores                         %s\n' "$(nproc)"
printf 'rows in the interval          %d (%d files, %.1f MiB)\n' "$rows" "$FILES" "$(calc "$bytes / 1048576")"
printf 'rounds (medians below)        %d\n' "$REPS"
printf 'wc -l                         %.3f s  %6.2f M rows/s\n' "$wc_s" "$(calc "$rows / $wc_s / 1000000")"
printf 'cat >/dev/null                %.3f s  %6.2f M rows/s\n' "$cat_s" "$(calc "$rows / $cat_s / 1000000")"
printf 'netkpi-ingest --dry-run       %.3f s  %6.2f M rows/s\n' "$dry_s" "$(calc "$rows / $dry_s / 1000000")"
printf '  the first run ever          %.3f s  %6.2f M rows/s, peak RSS %.1f MiB (no table sizes in netkpi_runs)\n' \
	"$dry0_s" "$(calc "$rows / $dry0_s / 1000000")" "$(calc "$dry0_rss / 1024")"
printf 'netkpi-ingest (database)      %.3f s  %6.2f M rows/s\n' "$db_s" "$(calc "$rows / $db_s / 1000000")"
printf 'ratio ingest/wc time          %.2f (dry run %.2f)\n' "$(calc "$db_s / $wc_s")" "$(calc "$dry_s / $wc_s")"
printf 'ratio ingest/cat time         %.2f (dry run %.2f)\n' "$(calc "$db_s / $cat_s")" "$(calc "$dry_s / $cat_s")"
printf 'peak RSS                      %.1f MiB (dry run, no sketches and no database: %.1f MiB)\n' \
	"$(calc "$rss_kb / 1024")" "$(calc "$dry_rss / 1024")"
printf 'on-the-hour run               %.3f s (hourly pass %s s, peak RSS %.1f MiB)\n' \
	"$hour_s" "${hour_pass:-?}" "$(calc "$hour_rss / 1024")"
printf 'range tables, interval run    %.3f s of %.3f s: +%.1f%% over the run without them (median of the rounds: +%.1f%%)\n' \
	"$run_rng" "$db_s" "$(calc "100 * $run_rng / ($db_s - $run_rng)")" \
	"$(median "${run_pct[@]}")"
printf 'range tables, on-the-hour run %.3f s of %.3f s: +%.1f%% (median of the rounds: +%.1f%%)\n' \
	"$hour_rng" "$hour_s" "$(calc "100 * $hour_rng / ($hour_s - $hour_rng)")" \
	"$(median "${hour_pct[@]}")"
