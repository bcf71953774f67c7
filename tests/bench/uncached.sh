#!/bin/bash
# uncached.sh: the KPI answers read from the database every time, this
# tree beside a baseline build, in one run
#
#   base_builddir=DIR tests/bench/uncached.sh [SECONDS]
#
# DIR is a build (netkpi-fcgi and netkpi-ingest) of the tree to compare
# with, e.g. main's HEAD checked out with `git worktree add --detach`
# and built as tests/bench/build.sh builds.  One MariaDB holds two
# databases with the same rows (those of tests/bench/api.sh: 23 days of
# top-3 five-minute and hourly rows), each migrated by its own tree's
# netkpi-ingest, each read by its own tree's netkpi-fcgi.  One nginx (two
# workers) passes to both through the deploy site without its cache, so
# every request reaches a responder.  For (b) one hour of KPI 1 (39
# rows) and (c) ?interval=1 over 5,040 rows, each asked again and
# again, and (d) and (e) the same sizes with every request a new range
# (tests/bench/vary.lua: the hour, or the 140 hours of five-minute
# rows, starting 5 minutes later each time), $BENCH_ROUNDS rounds (5) of
# SECONDS / rounds (at least 2 s) of wrk (2 threads, 32 connections) on
# each build, alternating (which goes first changes every round);
# BENCH_CASES="b e" (for example) measures some of them.  Prints
# per build the median req/s and p99, and the CPU time per request of
# the responder, mariadbd, nginx's workers and wrk (from /proc over
# each measurement: unlike req/s it hardly depends on what else the
# machine runs), and the median of the rounds' ratios.
# The bodies of the two builds must be the same bytes.
set -u

. "$(dirname "$0")/build.sh"
. "$top_srcdir/tests/fcgi/lib.sh"

secs=${1:-20}
rounds=${BENCH_ROUNDS:-5}
rsecs=$(( secs / rounds > 2 ? secs / rounds : 2 ))
base=${base_builddir:?set base_builddir to the build to compare with}
[ -x "$base/netkpi-fcgi" ] && [ -x "$base/netkpi-ingest" ] ||
	bail "no netkpi-fcgi and netkpi-ingest in $base"
command -v wrk >/dev/null || bail "install wrk"
bench_build netkpi-fcgi netkpi-ingest
NGINX_WORKERS=${NGINX_WORKERS:-2}

. "$top_srcdir/tests/bench/apidata.sh"

# setup NAME INGEST: database NAME migrated by INGEST, loaded, read by
# the read-only user; its responder's configuration in $MDB_DIR/NAME.conf.
setup() {
	local db=$1 ing=$2 c=$MDB_DIR/$1.conf
	MDB_DB=$db
	[ "$db" = netkpi ] || mdb_root "CREATE DATABASE $db;
		GRANT ALL ON $db.* TO '$MDB_USER'@'localhost';" ||
		bail "cannot create $db"
	write_conf "$c" "[ingest]" "input_dir = $MDB_DIR"
	"$ing" -c "$c" --migrate 2>/dev/null || bail "--migrate of $db failed"
	# A baseline older than --print-grants: SELECT on its database.
	if "$ing" --help 2>&1 | grep -q -e --print-grants; then
		ingest=$ing api_grant
	else
		mdb_root "GRANT SELECT ON $db.* TO '$MDB_RO_USER'@'localhost'" ||
			bail "cannot grant SELECT on $db"
	fi
	api_load kpis_servicetrafficvolkpi service_id total_bytes
	api_load kpis_celluniqueuserskpi cell_id number_of_unique_users
	mdb_sql "ANALYZE TABLE kpis_servicetrafficvolkpi, kpis_celluniqueuserskpi" >/dev/null
	write_conf "$c" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS" "threads = 4"
	MDB_DB=netkpi
}

mariadb_start
setup netkpi "$ingest"
setup netkpi_base "$base/netkpi-ingest"

conf=$MDB_DIR/netkpi.conf
responder_start "$MDB_DIR/new.sock"
new_pid=$responder_pid
conf=$MDB_DIR/netkpi_base.conf fcgi=$base/netkpi-fcgi responder_start "$MDB_DIR/base.sock"
base_pid=$responder_pid
nginx_start "$MDB_DIR/new.sock"
mdb_pid=$(cat "$MDB_DIR/mysqld.pid")

# The site without its cache, once per responder, on ports of its own.
declare -A port_of
for who in base new; do
	port_of[$who]=$(( (RANDOM % 20000) + 10000 ))
	sed -n '/^server {/,/^}/p' "$MDB_DIR/nginx/site.conf" |
		sed -e "s/listen 127.0.0.1:[0-9]*/listen 127.0.0.1:${port_of[$who]}/" \
		    -e '/fastcgi_cache/d' \
		    -e "s|fastcgi_pass netkpi_fcgi;|fastcgi_pass unix:$MDB_DIR/$who.sock;|" \
		    >"$MDB_DIR/nginx/$who.conf"
	sed -i "s|^http {|http {\n\tinclude $MDB_DIR/nginx/$who.conf;|" "$MDB_DIR/nginx/nginx.conf"
done
env -u NGINX "$NGINX" -e "$MDB_DIR/nginx/logs/error.log" -p "$MDB_DIR/nginx" \
	-c "$MDB_DIR/nginx/nginx.conf" -s reload || bail "nginx reload failed"
sleep 0.5

names=(b c d e)
paths=("/api/KPIs/1/?interval_start_timestamp__gte=2026-10-12T10:00:00Z&interval_end_timestamp__lte=2026-10-12T11:00:00Z"
	"/api/KPIs/1/?interval=1&interval_start_timestamp__gte=2026-10-18T04:00:00Z")
# (d), (e): vary.lua's format, first start (2026-10-02), span, length;
# the first request's path is compared.
vary_path=("/api/KPIs/1/?interval_start_timestamp__gte=%s&interval_end_timestamp__lte=%s"
	"/api/KPIs/1/?interval=1&interval_start_timestamp__gte=%s&interval_end_timestamp__lte=%s")
vary_from=1790899200
vary_span=(1728000 1382400)
vary_len=(3600 504000)
for i in 0 1; do
	t=$((vary_from + 300))
	paths[i + 2]=$(printf "${vary_path[$i]}" "$(date -u -d "@$t" +%FT%TZ)" \
		"$(date -u -d "@$((t + ${vary_len[$i]}))" +%FT%TZ)")
done
for i in 0 1 2 3; do
	for who in base new; do
		curl -s "http://127.0.0.1:${port_of[$who]}${paths[$i]}" \
			>"$MDB_DIR/${names[$i]}.$who" || bail "curl failed"
	done
	cmp -s "$MDB_DIR/${names[$i]}.base" "$MDB_DIR/${names[$i]}.new" ||
		bail "(${names[$i]}): the two builds' bodies differ"
	echo "(${names[$i]}) $(grep -o '"id"' "$MDB_DIR/${names[$i]}.new" | wc -l) rows," \
		"$(wc -c <"$MDB_DIR/${names[$i]}.new") bytes, the same from both builds"
done

# cpu PID: user + system time of PID so far, in clock ticks.
cpu() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# nginx_cpu: the CPU time of nginx's workers so far, in clock ticks.
nginx_cpu() {
	local p t=0
	for p in $(pgrep -P "$nginx_pid"); do
		t=$(( t + $(cpu "$p") ))
	done
	echo "$t"
}

# measure WHO URL [I]: "REQ/S P99-MS RESPONDER-MS MARIADB-MS NGINX-MS WRK-MS"
# over $rsecs: wrk's figures, and CPU ms per request of WHO's
# responder, mariadbd, nginx's workers and wrk.  With I, URL is the
# site, and vary.lua makes every request a new range of vary_path[I].
measure() {
	local pid=${pid_of[$1]} r0 m0 n0 out
	local -a script=()
	[ -n "${3:-}" ] && script=(-s "$top_srcdir/tests/bench/vary.lua")
	r0=$(cpu "$pid"); m0=$(cpu "$mdb_pid"); n0=$(nginx_cpu)
	out=$(VARY_PATH=${vary_path[${3:-0}]} VARY_FROM=$vary_from \
		VARY_SPAN=${vary_span[${3:-0}]} VARY_LEN=${vary_len[${3:-0}]} \
		/usr/bin/time -f 'wrk-cpu %U %S' wrk -t2 -c32 -d"${rsecs}s" \
		--latency "${script[@]}" "$2" 2>&1)
	awk -v rt=$(( $(cpu "$pid") - r0 )) -v mt=$(( $(cpu "$mdb_pid") - m0 )) \
	    -v nt=$(( $(nginx_cpu) - n0 )) -v hz="$(getconf CLK_TCK)" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			return v * 1000
		}
		/^ +[0-9]+ requests in/ { n = $1 }
		/^Requests\/sec:/ { rps = $2 }
		/^ +99%/ { p99 = ms($2) }
		/Non-2xx|Socket errors/ { bad = 1 }
		/^wrk-cpu / { wt = $2 + $3 }
		END {
			if (bad || n == 0) { print "failed"; exit }
			printf "%s %s %.3f %.3f %.3f %.3f\n", rps, p99,
			    rt * 1000 / hz / n, mt * 1000 / hz / n,
			    nt * 1000 / hz / n, wt * 1000 / n
		}' <<<"$out"
}

# med X...: the median of numbers ($MED_DIGITS decimals, default 2).
med() {
	printf '%s\n' "$@" | sort -g | awk -v d="${MED_DIGITS:-2}" '{ a[NR] = $1 }
		END { printf "%.*f\n", d, (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

declare -A pid_of=([base]=$base_pid [new]=$new_pid)

# BENCH_PROFILE=WHO: instead, a profile of WHO's answer (c): perf record
# -g of its responder and mariadbd while wrk asks for it.
if [ -n "${BENCH_PROFILE:-}" ]; then
	wrk -t2 -c32 -d8s "http://127.0.0.1:${port_of[$BENCH_PROFILE]}${paths[1]}" >/dev/null &
	wpid=$!
	sleep 1
	perf record -q -g -o "${BENCH_PERF_DATA:-$MDB_DIR/perf.data}" \
	    -p "${pid_of[$BENCH_PROFILE]},$mdb_pid" -- sleep 5 >/dev/null 2>&1
	wait "$wpid"
	exit 0
fi
echo "$rounds rounds of ${rsecs}s per build and case, alternating; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %-5s %9s %8s %9s %9s %9s %9s\n' case build req/s p99ms \
	fcgi-ms mariadb-ms nginx-ms wrk-ms
for i in 0 1 2 3; do
	case " ${BENCH_CASES:-b c d e} " in *" ${names[$i]} "*) ;; *) continue ;; esac
	declare -A R=() P=() F=() M=() N=() W=()
	ratios=()
	for k in $(seq 1 "$rounds"); do
		order="base new"
		[ $((k % 2)) -eq 0 ] && order="new base"
		for who in $order; do
			if [ "$i" -ge 2 ]; then
				u=http://127.0.0.1:${port_of[$who]}
				read -r v p f m n w <<<"$(measure "$who" "$u" $((i - 2)))"
			else
				u=http://127.0.0.1:${port_of[$who]}${paths[$i]}
				read -r v p f m n w <<<"$(measure "$who" "$u")"
			fi
			[ "$v" = failed ] && bail "(${names[$i]}) $who: wrk saw errors"
			R[$who]+=" $v"; P[$who]+=" $p"; F[$who]+=" $f"; M[$who]+=" $m"
			N[$who]+=" $n"; W[$who]+=" $w"
			eval "last_$who=$v"
		done
		ratios+=("$(awk -v x="$last_new" -v y="$last_base" 'BEGIN { printf "%.4f", x / y }')")
		[ -n "${BENCH_ROUNDS_SHOW:-}" ] &&
			echo "  (${names[$i]}) round $k: base $last_base, new $last_new req/s"
	done
	for who in base new; do
		printf '(%s)  %-5s %9s %8s %9s %9s %9s %9s\n' "${names[$i]}" "$who" \
			"$(med ${R[$who]})" "$(med ${P[$who]})" \
			"$(MED_DIGITS=3 med ${F[$who]})" "$(MED_DIGITS=3 med ${M[$who]})" \
			"$(MED_DIGITS=3 med ${N[$who]})" "$(MED_DIGITS=3 med ${W[$who]})"
	done
	echo "(${names[$i]})  new / base req/s: $(med "${ratios[@]}") (median of the rounds' ratios: ${ratios[*]})"
	unset R P F M N W
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
