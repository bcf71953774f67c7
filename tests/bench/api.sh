#!/bin/bash
# api.sh: the API's throughput against nginx serving the same JSON statically
#
#   tests/bench/api.sh [SECONDS]     (default 10 s per measurement)
#
# A measurement is $BENCH_ROUNDS rounds (3) of SECONDS / rounds each (at
# least 2 s), every case measured in turn within a round; the table
# gives medians, and each ratio is the median of the rounds' ratios
# (BENCH_ROUNDS_SHOW=1 also prints the rounds).
#
# Loads about 20,000 rows per KPI (23 days of five-minute and hourly
# top-3 rows) into a private MariaDB, starts nginx with the deploy site
# (two worker processes, as the quick start and Debian's
# `worker_processes auto` on two cores; NGINX_WORKERS changes it) and
# netkpi-fcgi on a unix socket, then measures with wrk (2 threads, 32
# connections), in the same run, for (a) /api/KPIs/, (b) one hour of
# KPI 1 and (c) ?interval=1 over about 5,000 rows:
#   static     nginx serving a static copy of the same bytes;
#   static ofc the same with the open_file_cache the site's /api/ has
#              (nginx keeps the file open: safe for a file that never
#              changes, not for answers that must follow the data);
#   cached     the deploy site, repeat requests (nginx's cache);
#   304 cache  the same with If-None-Match (nginx answers from its cache);
#   304 netkpi If-None-Match to the responder itself (no cache);
#   uncached   the deploy site without its cache: the responder every time.
# Prints req/s, the ratios to static (and cached to static ofc), p99 of
# the uncached answers, and the responder's RSS before and after.  Then
# a burst: 1,000 clients for $BURST_SECONDS (default 30) on a mix of the
# API's answers through the deploy site; non-2xx answers and socket
# errors must be 0.  Uses the build in $top_builddir (default
# _build/bench, built with -O2 when missing).
set -u

top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
export top_srcdir
secs=${1:-10}
# Each figure is the median of $rounds rounds of $rsecs seconds, the
# cases measured in turn within a round, and each ratio the median of
# the rounds' ratios: neighbouring measurements, so that the machine's
# drift over a run does not count as a difference between the cases.
rounds=${BENCH_ROUNDS:-3}
rsecs=$(( secs / rounds > 2 ? secs / rounds : 2 ))

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
NGINX_WORKERS=${NGINX_WORKERS:-2}

mariadb_start
conf=$MDB_DIR/netkpi.conf
write_conf "$conf" "[ingest]" "input_dir = $MDB_DIR"
"$ingest" -c "$conf" --migrate 2>/dev/null || bail "--migrate failed"
api_grant
write_conf "$conf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS" "threads = 4"

. "$top_srcdir/tests/bench/apidata.sh"
api_load kpis_servicetrafficvolkpi service_id total_bytes
api_load kpis_celluniqueuserskpi cell_id number_of_unique_users

sock=$MDB_DIR/fcgi.sock
static=$MDB_DIR/static
mkdir -p "$static"
NGINX_EXTRA="server { listen 127.0.0.1:PORT2; root $static; default_type application/json; location / { try_files \$uri =404; } }
	server { listen 127.0.0.1:PORT3; root $static; default_type application/json; open_file_cache max=256 inactive=20s; location / { try_files \$uri =404; } }"
responder_start "$sock"
spare=$(( (RANDOM % 20000) + 10000 ))
NGINX_EXTRA=${NGINX_EXTRA/PORT2/$spare}
NGINX_EXTRA=${NGINX_EXTRA/PORT3/$((spare + 2))}
nginx_start "$sock"
surl=http://127.0.0.1:$spare
ourl=http://127.0.0.1:$((spare + 2))

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

# The same site without its cache, on another port: the responder answers
# every request.
sed -n '/^server {/,/^}/p' "$MDB_DIR/nginx/site.conf" |
	sed -e "s/listen 127.0.0.1:[0-9]*/listen 127.0.0.1:$((spare + 1))/" \
	    -e '/fastcgi_cache/d' >"$MDB_DIR/nginx/nocache.conf"
sed -i "s|^http {|http {\n\tinclude $MDB_DIR/nginx/nocache.conf;|" "$MDB_DIR/nginx/nginx.conf"
env -u NGINX "$NGINX" -e "$MDB_DIR/nginx/logs/error.log" -p "$MDB_DIR/nginx" \
	-c "$MDB_DIR/nginx/nginx.conf" -s reload || bail "nginx reload failed"
sleep 0.5
nurl=http://127.0.0.1:$((spare + 1))

# measure URL [HEADER]: "REQ/S P99-MS NON-2XX" from wrk, over $rsecs.
measure() {
	wrk -t2 -c32 -d"${rsecs}s" --latency ${2:+-H "$2"} "$1" 2>&1 | awk '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /m$/) return v * 60000
			return v * 1000
		}
		/^Requests\/sec:/ { rps = $2 }
		/^ +99%/ { p99 = ms($2) }
		/Non-2xx/ { bad = $NF }
		END { printf "%s %s %s\n", rps, p99, bad ? bad : 0 }'
}

# med X...: the median of numbers.
med() {
	printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
		END { printf "%.2f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# medratio "A1 A2 .." "S1 S2 ..": the median of the rounds' Ai / Si.
medratio() {
	local -a a=($1) b=($2) r=()
	local k
	for k in "${!a[@]}"; do
		r+=("$(awk -v x="${a[$k]}" -v y="${b[$k]}" 'BEGIN { printf "%.4f", (y > 0) ? x / y : 0 }')")
	done
	printf '%.2f' "$(med "${r[@]}")"
}

if [ -n "${BENCH_PROFILE:-}" ]; then
	wrk -t2 -c32 -d8s "$nurl${paths[$BENCH_PROFILE]}" >/dev/null &
	wpid=$!
	sleep 1
	perf record -q -a -o "$MDB_DIR/perf.data" -- sleep 5 >/dev/null 2>&1
	wait "$wpid"
	perf report -i "$MDB_DIR/perf.data" ${BENCH_COMM:+--comm $BENCH_COMM} --sort ${BENCH_SORT:-comm,dso,symbol} --stdio 2>&1 | grep "%" | head -45
	exit 0
fi

rss_before=$(rss "$responder_pid")
label=("(a) /api/KPIs/" "(b) one hour, $rows_b rows" "(c) interval=1, $rows_c rows")
printf '%-28s %9s %9s %9s %5s %5s %10s %10s %9s %5s %9s %s\n' case \
	static/s ofc/s cached/s ratio /ofc 304cache/s 304netkpi/s uncached/s \
	ratio p99 non-2xx
for i in 0 1 2; do
	et=$(curl -s -D - -o /dev/null "$url${paths[$i]}" | tr -d '\r' | sed -n 's/^ETag: //Ip')
	S=() O=() C=() Q=() N=() U=() P=()
	bad=0
	for _ in $(seq 1 "$rounds"); do
		read -r v _ _ <<<"$(measure "$surl/${names[$i]}.json")"; S+=("$v")
		read -r v _ _ <<<"$(measure "$ourl/${names[$i]}.json")"; O+=("$v")
		read -r v _ b <<<"$(measure "$url${paths[$i]}")"; C+=("$v"); bad=$((bad + b))
		if [ -n "$et" ]; then
			read -r v _ b <<<"$(measure "$url${paths[$i]}" "If-None-Match: $et")"
			Q+=("$v"); bad=$((bad + b))
			read -r v _ b <<<"$(measure "$nurl${paths[$i]}" "If-None-Match: $et")"
			N+=("$v"); bad=$((bad + b))
		fi
		read -r v p b <<<"$(measure "$nurl${paths[$i]}")"
		U+=("$v"); P+=("$p"); bad=$((bad + b))
	done
	q=-; n=-
	[ -n "$et" ] && { q=$(med "${Q[@]}"); n=$(med "${N[@]}"); }
	printf '%-28s %9s %9s %9s %5s %5s %10s %10s %9s %5s %7sms %s\n' \
		"${label[$i]}" "$(med "${S[@]}")" "$(med "${O[@]}")" \
		"$(med "${C[@]}")" "$(medratio "${C[*]}" "${S[*]}")" \
		"$(medratio "${C[*]}" "${O[*]}")" "$q" "$n" "$(med "${U[@]}")" \
		"$(medratio "${U[*]}" "${S[*]}")" "$(med "${P[@]}")" "$bad"
	[ -n "${BENCH_ROUNDS_SHOW:-}" ] &&
		echo "  rounds: static ${S[*]}; cached ${C[*]}; uncached ${U[*]}"
done
rss_after=$(rss "$responder_pid")
echo "netkpi-fcgi RSS: ${rss_before} KiB before, ${rss_after} KiB after; nginx: $NGINX_WORKERS workers"
echo "targets (2 cores): cached >= 0.90 of static for (b) and (c); 304 >= 20000 req/s; (c) uncached >= 300 req/s; RSS flat"

# The burst: 1,000 clients on a mix of the API's answers.
bsecs=${BURST_SECONDS:-30}
ulimit -n 16384 || true
b0=$(rss "$responder_pid")
# (tests/fcgi/mix.lua's answers are megabytes on this data: a mix of
# the small ones here.)
cat >"$MDB_DIR/mix.lua" <<LUA
local paths = { "${paths[0]}", "${paths[1]}",
	"/api/KPIs/2/?interval=2&interval_start_timestamp__gte=2026-10-20T00:00:00Z&interval_end_timestamp__lte=2026-10-21T00:00:00Z",
	"/api/KPIs/1/?interval=2&interval_start_timestamp__gte=2026-10-05&interval_end_timestamp__lte=2026-10-05T06:00:00Z" }
local n = 0
request = function()
	n = n + 1
	return wrk.format("GET", paths[n % #paths + 1])
end
LUA
wrk -t2 -c1000 -d"${bsecs}s" --timeout 30s -s "$MDB_DIR/mix.lua" "$url" >"$MDB_DIR/burst" 2>&1
b1=$(rss "$responder_pid")
echo "burst: 1000 clients for $bsecs s: $(wrk_requests "$MDB_DIR/burst") requests," \
	"$(awk '/^Requests\/sec:/ { print $2 }' "$MDB_DIR/burst") req/s," \
	"$(wrk_failures "$MDB_DIR/burst") non-2xx or socket errors; responder RSS $b0 -> $b1 KiB"
