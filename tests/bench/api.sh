#!/bin/bash
# api.sh: the API's throughput against nginx serving the same JSON statically
#
#   tests/bench/api.sh [SECONDS]     (default 10 s per measurement)
#
# Loads about 20,000 rows per KPI (23 days of five-minute and hourly
# top-3 rows) into a private MariaDB, starts nginx with the deploy site
# and netkpi-fcgi on a unix socket, then measures with wrk (2 threads,
# 32 connections), in the same run: nginx serving a static copy of each
# answer, then the API, for (a) /api/KPIs/, (b) one hour of KPI 1 and
# (c) ?interval=1 over about 5,000 rows.  Prints req/s, p99, the ratio
# to static, and the responder's RSS before and after.  Uses the build
# in $top_builddir (default _build/bench, built with -O2 when missing).
set -u

top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
export top_srcdir
secs=${1:-10}

if ! command -v wrk >/dev/null; then
	[ "$(id -u)" -eq 0 ] || { echo "api.sh: install wrk" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || exit 1
fi
if [ -z "${top_builddir:-}" ]; then
	top_builddir=$top_srcdir/_build/bench
	if [ ! -x "$top_builddir/netkpi-fcgi" ]; then
		echo "api.sh: building in $top_builddir"
		(cd "$top_srcdir" && { [ -x configure ] || autoreconf -fi; }) &&
		mkdir -p "$top_builddir" &&
		(cd "$top_builddir" && "$top_srcdir/configure" -q CFLAGS='-O2 -g' &&
			make -s -j2 netkpi-fcgi netkpi-ingest) || exit 1
	fi
fi
export top_builddir

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/mariadb.sh"
. "$top_srcdir/tests/fcgi/lib.sh"

mariadb_start
conf=$MDB_DIR/netkpi.conf
write_conf "$conf" "[ingest]" "input_dir = $MDB_DIR"
"$ingest" -c "$conf" --migrate 2>/dev/null || bail "--migrate failed"
api_grant
write_conf "$conf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS" "threads = 4"

# 23 days from 2026-10-01: per five-minute interval its top 3, and per
# hour its top 3 after the interval that ends it, in id order.
load() {
	local table=$1 key=$2 value=$3
	mdb_sql "INSERT INTO $table (interval_start_timestamp, interval_end_timestamp, \`interval\`, $key, $value)
	SELECT start, ADDTIME(start, IF(kind = 1, '00:05:00', '01:00:00')), kind, k, v FROM (
		SELECT TIMESTAMP'2026-10-01 00:00:00' + INTERVAL i.seq * 5 MINUTE AS start,
		       1 AS kind, r.seq AS k, 100000 - r.seq * 1000 + i.seq % 97 AS v,
		       i.seq * 10 + r.seq AS ord
		FROM seq_0_to_6623 i, seq_1_to_3 r
		UNION ALL
		SELECT TIMESTAMP'2026-10-01 00:00:00' + INTERVAL (i.seq - 11) * 5 MINUTE,
		       2, r.seq, 1200000 - r.seq * 1000, i.seq * 10 + 5 + r.seq
		FROM seq_0_to_6623 i, seq_1_to_3 r WHERE i.seq % 12 = 11
	) t ORDER BY ord" || bail "cannot load $table"
}
load kpis_servicetrafficvolkpi service_id total_bytes
load kpis_celluniqueuserskpi cell_id number_of_unique_users

sock=$MDB_DIR/fcgi.sock
static=$MDB_DIR/static
mkdir -p "$static"
NGINX_EXTRA="server { listen 127.0.0.1:PORT2; root $static; default_type application/json; location / { try_files \$uri =404; } }"
responder_start "$sock"
spare=$(( (RANDOM % 20000) + 10000 ))
NGINX_EXTRA=${NGINX_EXTRA/PORT2/$spare}
nginx_start "$sock"
surl=http://127.0.0.1:$spare

names=(a b c)
paths=("/api/KPIs/"
	"/api/KPIs/1/?interval_start_timestamp__gte=2026-10-12T10:00:00Z&interval_end_timestamp__lte=2026-10-12T11:00:00Z"
	"/api/KPIs/1/?interval=1&interval_start_timestamp__gte=2026-10-18T04:00:00Z")
for i in 0 1 2; do
	curl -s "$url${paths[$i]}" >"$static/${names[$i]}.json"
done
rows_b=$(grep -o '"id"' "$static/b.json" | wc -l)
rows_c=$(grep -o '"id"' "$static/c.json" | wc -l)
echo "rows: KPI 1 $(mdb_sql 'SELECT COUNT(*) FROM kpis_servicetrafficvolkpi'), KPI 2 $(mdb_sql 'SELECT COUNT(*) FROM kpis_celluniqueuserskpi'); (b) $rows_b rows, $(wc -c <"$static/b.json") bytes; (c) $rows_c rows, $(wc -c <"$static/c.json") bytes"

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$responder_pid/status"; }

# measure URL: "REQ/S P99" from wrk.
measure() {
	wrk -t2 -c32 -d"${secs}s" --latency "$1" 2>&1 | awk '
		/^Requests\/sec:/ { rps = $2 }
		/^ +99%/ { p99 = $2 }
		/Non-2xx/ { bad = $NF }
		END { printf "%s %s %s\n", rps, p99, bad ? bad : 0 }'
}

if [ -n "${BENCH_PROFILE:-}" ]; then
	wrk -t2 -c32 -d8s "$url${paths[$BENCH_PROFILE]}" >/dev/null &
	wpid=$!
	sleep 1
	perf record -q -a -o "$MDB_DIR/perf.data" -- sleep 5 >/dev/null 2>&1
	wait "$wpid"
	perf report -i "$MDB_DIR/perf.data" ${BENCH_COMM:+--comm $BENCH_COMM} --sort ${BENCH_SORT:-comm,dso,symbol} --stdio 2>&1 | grep "%" | head -45
	exit 0
fi
rss_before=$(rss)
printf '%-38s %10s %10s %10s %10s %8s %s\n' case static/s p99 api/s p99 ratio non-2xx
for i in 0 1 2; do
	read -r srps sp99 _ <<<"$(measure "$surl/${names[$i]}.json")"
	read -r arps ap99 abad <<<"$(measure "$url${paths[$i]}")"
	ratio=$(awk -v a="$arps" -v s="$srps" 'BEGIN { printf "%.2f", (s > 0) ? a / s : 0 }')
	label=("(a) /api/KPIs/" "(b) one hour of KPI 1 ($rows_b rows)" "(c) interval=1, $rows_c rows")
	printf '%-38s %10s %10s %10s %10s %8s %s\n' "${label[$i]}" "$srps" "$sp99" "$arps" "$ap99" "$ratio" "$abad"
done
rss_after=$(rss)
echo "netkpi-fcgi RSS: ${rss_before} KiB before, ${rss_after} KiB after"
echo "targets (2 cores): (b) >= 4000 req/s, p99 < 50ms; (c) >= 250 req/s; RSS flat"
