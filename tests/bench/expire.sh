#!/bin/bash
# expire.sh: the cost of expiring rows at year scale: a year of 5-minute
# and hourly rows written straight into the KPI tables by SQL (the keys
# drawn from 2,000 cells and 500 services, top_n rows per interval and
# KPI, with their jobs and bookkeeping rows), on a primary with a
# replica; then `netkpi-ingest --expire` with five_minute = 90d,
# hourly = 400d, run again while a run's time (60 s) was up, as the
# timer's next runs would.  Prints the rows, the expiry's time, its
# runs and transactions,
# the API's p99 idle and while the expiry runs, and the replica's lag.
#
# The API is measured as production hits it: wrk (2 threads, 16
# connections) through the deploy nginx site (its cache included) to
# netkpi-fcgi on a unix socket, asking for the last day of 5-minute rows
# of KPI 1: for BENCH_IDLE seconds (40, about the expiry's time at year
# scale) before the expiry, for the whole expiry, and for BENCH_IDLE
# seconds after it (the machine's drift shows as a difference between
# the two idle figures; the ratio is to their mean).  Each connection
# waits BENCH_PAUSE_MS (2) milliseconds after an answer before its next
# request: a steady load of several thousand requests a second that
# leaves the cores some room, as an API has in production, so that the
# p99 shows what the expiry costs the API.  BENCH_PAUSE_MS=0 saturates
# both cores instead (wrk as fast as it can go): the p99 then measures
# the queue that any other work on the machine lengthens.
#
#   tests/bench/expire.sh        (top_builddir=DIR to use a build)
#
# BENCH_DAYS (365) and BENCH_TOP_N (3) change the data.
set -u
. "$(dirname "$0")/build.sh"
. "$top_srcdir/tests/lib/replica.sh"
. "$top_srcdir/tests/fcgi/lib.sh"

DAYS=${BENCH_DAYS:-365}
TOP_N=${BENCH_TOP_N:-3}
IDLE=${BENCH_IDLE:-40}
PAUSE_MS=${BENCH_PAUSE_MS:-2}
NGINX_WORKERS=${NGINX_WORKERS:-2}

bench_build netkpi-ingest netkpi-fcgi
ingest=$top_builddir/netkpi-ingest
fcgi=$top_builddir/netkpi-fcgi

bench_db primary_start "top_n = $TOP_N" \
	"[retention]" "five_minute = 90d" "hourly = 400d"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }

# A year from 2025-01-01, ending 2026-01-01 00:00.
# kpi_rows TABLE KEY VALUE A B KEYS VALUE0: the SQL that writes TABLE's
# 5-minute and hourly rows: top_n keys an interval out of KEYS (key i*A
# + k*B), values from VALUE0 down (twelve times that for an hour)
kpi_rows() {
	local iv len n mul
	for iv in 1 2; do
		len='5 MINUTE' n=$N5 mul=1
		[ $iv = 2 ] && len='1 HOUR' n=$NH mul=12
		echo "INSERT INTO $1 (interval_start_timestamp,
			interval_end_timestamp, \`interval\`, $2, $3)
			SELECT e - INTERVAL $len, e, $iv, 1 + (i * $4 + k * $5) % $6,
			$7 * $mul - k FROM (SELECT seq AS i,
			@t0 + INTERVAL seq * $len AS e FROM seq_1_to_$n) s,
			(SELECT seq AS k FROM seq_1_to_$TOP_N) r ORDER BY e, k;"
	done
}

N5=$((DAYS * 288))
NH=$((DAYS * 24))
t0=$(now)
mdb_sql "
SET @t0 = TIMESTAMP('2026-01-01 00:00:00') - INTERVAL $DAYS DAY;
INSERT INTO kpis_jobs (total_file_count, end_date)
	SELECT 4, @t0 + INTERVAL seq * 5 MINUTE FROM seq_1_to_$N5;
INSERT INTO netkpi_intervals (end_date, job_id, files, rows_ok, rows_rejected,
	empty_counters, processed)
	SELECT end_date, id, 4, 200000, 0, 0, end_date FROM kpis_jobs;
$(kpi_rows kpis_servicetrafficvolkpi service_id total_bytes 7 131 500 1000000000)
$(kpi_rows kpis_celluniqueuserskpi cell_id number_of_unique_users 13 211 2000 1000)
INSERT INTO netkpi_state (id, floor_end, first_run) VALUES (1, NULL, @t0);
" || bail "cannot write the year of rows"
rows=$(mdb_sql "SELECT (SELECT COUNT(*) FROM kpis_servicetrafficvolkpi) +
	(SELECT COUNT(*) FROM kpis_celluniqueuserskpi)")
jobs=$(mdb_sql "SELECT COUNT(*) FROM kpis_jobs")
gen_s=$(calc "$(now) - $t0")
# what a day of rows takes on disk (data and indexes), all tables
mdb_sql "ANALYZE TABLE kpis_servicetrafficvolkpi, kpis_celluniqueuserskpi,
	kpis_jobs, netkpi_intervals" >/dev/null
day_bytes=$(mdb_sql "SELECT SUM(data_length + index_length) / $DAYS
	FROM information_schema.TABLES WHERE table_schema = DATABASE()")
replica_start

# The responder (the API's read-only user) behind the deploy site.
api_grant
aconf=$MDB_DIR/api.conf
write_conf "$aconf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS"
conf=$aconf responder_start "$MDB_DIR/fcgi.sock"
nginx_start "$MDB_DIR/fcgi.sock"
api_url="$url/api/KPIs/1/?interval=1&interval_start_timestamp__gte=2025-12-31T00:00:00Z"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$api_url")" = 200 ] ||
	bail "the API does not answer: $(tail -3 "$MDB_DIR/fcgi.log")"

# wrk_p99 OUT: "P99 (REQUESTS requests, FAILURES failures, SECONDS s)"
wrk_p99() {
	printf '%s (%s requests, %s failures, %s)' \
		"$(sed -n 's/^ *99% *//p' "$1")" "$(wrk_requests "$1")" \
		"$(wrk_failures "$1")" \
		"$(sed -n 's/.* requests in \([0-9.]*[a-z]*\),.*/\1/p' "$1")"
}

# the pause between a connection's answer and its next request
cat >"$MDB_DIR/pause.lua" <<LUA
function delay() return $PAUSE_MS end
LUA
wrk_run "$MDB_DIR/idle.wrk" -t2 -c16 -d"${IDLE}s" --latency \
	-s "$MDB_DIR/pause.lua" "$api_url"

# the replica's lag, sampled every 0.2 s while PID runs
lag_run() {
	local max=0 l
	while kill -0 "$1" 2>/dev/null; do
		l=$(replica_sql "SHOW SLAVE STATUS\G" | sed -n 's/.*Seconds_Behind_Master: //p')
		[ "${l:-0}" != NULL ] && [ "${l:-0}" -gt "$max" ] && max=$l
		sleep 0.2
	done
	echo "$max" >"$MDB_DIR/lag.max"
}

# expire_all: `--expire` again while a run says its time was up (at
# most 10 runs), as the timer's runs would; the logs in expire.err.
expire_all() {
	local i
	: >"$MDB_DIR/expire.err"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$ingest" -v -c "$conf" --expire --now 2026-01-01T00:02:30Z \
			2>"$MDB_DIR/expire.$i.err" || { cat "$MDB_DIR/expire.$i.err"; return 1; }
		cat "$MDB_DIR/expire.$i.err" >>"$MDB_DIR/expire.err"
		echo "$i" >"$MDB_DIR/expire.runs"
		grep -q 'time for expiry .* is up' "$MDB_DIR/expire.$i.err" || return 0
	done
}

t0=$(now)
expire_all &
pid=$!
lag_run "$pid" &
lagpid=$!
# (wrk itself in the background, so that SIGINT reaches it)
wrk -t2 -c16 -d3600s --latency -s "$MDB_DIR/pause.lua" "$api_url" \
	>"$MDB_DIR/busy.wrk" 2>&1 &
wrkpid=$!
wait "$pid" || { tail -5 "$MDB_DIR/expire.err"; bail "the expiry failed"; }
exp_s=$(calc "$(now) - $t0")
kill -INT "$wrkpid"
wait "$wrkpid"
wait "$lagpid"
t1=$(now)
replica_sync
sync_s=$(calc "$(now) - $t1")
wrk_run "$MDB_DIR/after.wrk" -t2 -c16 -d"${IDLE}s" --latency \
	-s "$MDB_DIR/pause.lua" "$api_url"
tx=$(grep -c 'rows ending up to' "$MDB_DIR/expire.err")
grep -o 'deleted in [0-9.]* s' "$MDB_DIR/expire.err" | awk '{ print $3 * 1000 }' |
	sort -n >"$MDB_DIR/tx.ms"
longest=$(tail -1 "$MDB_DIR/tx.ms")
txp=$(awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); p = int(NR * 0.99); if (p < 1) p = 1; printf "median %.1f ms, p99 %.1f ms", v[m], v[p] }' "$MDB_DIR/tx.ms")
over=$(awk '$1 >= 100' "$MDB_DIR/tx.ms" | wc -l)
# the slowest five: "MS (#N of the run, interval I)"
slow=$(grep -o 'interval [12] rows ending up to .* deleted in [0-9.]* s' "$MDB_DIR/expire.err" |
	awk '{ printf "%.0f %d %d\n", $(NF - 1) * 1000, NR, $2 }' | sort -rn | head -5 |
	awk '{ printf "%s%d ms (#%d, interval %d)", (NR > 1 ? ", " : ""), $1, $2, $3 }')
left=$(mdb_sql "SELECT (SELECT COUNT(*) FROM kpis_servicetrafficvolkpi) +
	(SELECT COUNT(*) FROM kpis_celluniqueuserskpi)")
same=no
[ "$(replica_sql "CHECKSUM TABLE $MDB_DB.kpis_servicetrafficvolkpi, $MDB_DB.kpis_celluniqueuserskpi, $MDB_DB.kpis_jobs")" = \
	"$(mdb_root "CHECKSUM TABLE $MDB_DB.kpis_servicetrafficvolkpi, $MDB_DB.kpis_celluniqueuserskpi, $MDB_DB.kpis_jobs")" ] && same=yes

grep 'retention' "$MDB_DIR/expire.err" | grep -v debug | sed 's/^/# /'
printf '\n'
printf 'days of data                  %d (top_n %d)\n' "$DAYS" "$TOP_N"
printf 'KPI rows, jobs rows           %d, %d (written in %.1f s)\n' "$rows" "$jobs" "$gen_s"
printf 'database bytes a day         %.0f (tables and indexes, all of them)\n' "$day_bytes"
printf 'KPI rows after the expiry     %d (%d deleted)\n' "$left" "$((rows - left))"
printf 'expiry                        %.2f s in %d runs, %d transactions\n' "$exp_s" "$(cat "$MDB_DIR/expire.runs")" "$tx"
printf 'transactions                  %s, longest %.1f ms, %d of 100 ms or more\n' "$txp" "$longest" "$over"
printf 'slowest transactions          %s\n' "$slow"
printf 'API load                      16 connections, %d ms between an answer and the next request\n' "$PAUSE_MS"
ms() { sed -n 's/^ *99% *//p' "$1" | awk '/us$/ { print $1 / 1000; next } /ms$/ { print $1 + 0; next } { print $1 * 1000 }'; }
printf 'API p99 idle, before          %s\n' "$(wrk_p99 "$MDB_DIR/idle.wrk")"
printf 'API p99 during the expiry     %s\n' "$(wrk_p99 "$MDB_DIR/busy.wrk")"
printf 'API p99 idle, after           %s\n' "$(wrk_p99 "$MDB_DIR/after.wrk")"
printf 'API p99 during / idle         %.2f (to the mean of the two idle p99s)\n' \
	"$(calc "2 * $(ms "$MDB_DIR/busy.wrk") / ($(ms "$MDB_DIR/idle.wrk") + $(ms "$MDB_DIR/after.wrk"))")"
printf 'replica lag (max sampled)     %s s; caught up %.2f s after the end; same rows: %s\n' \
	"$(cat "$MDB_DIR/lag.max")" "$sync_s" "$same"
