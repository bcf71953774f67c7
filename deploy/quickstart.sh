#!/bin/bash
# quickstart.sh: build netkpi and run it locally with sample data
#
#   deploy/quickstart.sh              start everything, serve until Ctrl-C
#   deploy/quickstart.sh start        start everything and return
#   deploy/quickstart.sh stop         stop what it started (data kept)
#   deploy/quickstart.sh stop --purge stop and remove the state directory
#   deploy/quickstart.sh status       say what runs
#
# On a fresh Debian 12 machine, as root: installs the missing packages,
# builds (in the source tree when ./configure ran there, as "Build from
# source" shows, else out of tree in _build/quickstart), starts a
# private MariaDB (unix socket only), netkpi-fcgi on a unix socket and
# nginx on 127.0.0.1:$NETKPI_PORT, migrates, generates a few hours of
# flow files ending now (and the original application's two sample files
# in a recent interval), ingests them, and prints requests to try; the
# dashboard is at http://127.0.0.1:$NETKPI_PORT/.
# Running it again restarts the services and ingests what became due in
# between.
#
# Environment:
#   NETKPI_PORT   nginx port on 127.0.0.1 (default 8080)
#   NETKPI_STATE  the state directory (default /var/tmp/netkpi-quickstart):
#                 database, config, flow files, sockets, logs; under root,
#                 nginx's workers (www-data) must be able to reach it
#   NETKPI_BUILD  the build directory (default: the source tree when it
#                 is configured in place, else _build/quickstart)
#   NETKPI_HOURS  hours of sample data on a first run (default 3)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
port=${NETKPI_PORT:-8080}
state=$(realpath -m "${NETKPI_STATE:-/var/tmp/netkpi-quickstart}")
# A tree configured in place (./configure ran in it) is the build:
# automake refuses to configure another build of it out of tree.
if [ -n "${NETKPI_BUILD:-}" ]; then
	build=$NETKPI_BUILD
elif [ -f "$top/config.status" ]; then
	build=$top
else
	build=$top/_build/quickstart
fi
hours=${NETKPI_HOURS:-3}

say() { printf 'quickstart: %s\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }
# mariadb.sh reports its failures through bail.
bail() { die "$@"; }

# The private MariaDB: the helpers of the test suite, on a directory of
# the state directory instead of a temporary one.
. "$top/deploy/packages.sh"
# shellcheck source=../tests/lib/mariadb.sh
. "$top/tests/lib/mariadb.sh"
MDB_DIR=$state/mariadb
MDB_SOCK=$MDB_DIR/mysqld.sock
DB_NAME=netkpi
DB_USER=netkpi
DB_RO_USER=netkpi_ro

conf=$state/netkpi.conf
incoming=$state/incoming
fcgi_sock=$state/run/netkpi-fcgi.sock
fcgi_pid=$state/run/fcgi.pid
ngx=$state/nginx

do_build() {
	say "building in $build"
	if [ ! -x "$top/configure" ]; then
		(cd "$top" && autoreconf -fi) >"$state/build.log" 2>&1 ||
			{ tail -20 "$state/build.log" >&2; die "autoreconf failed"; }
	fi
	if [ ! -f "$build/Makefile" ] && [ -f "$top/config.status" ]; then
		die "$top is configured in place (./configure ran there): unset NETKPI_BUILD to build there, or run make distclean in it"
	fi
	mkdir -p "$build"
	if [ ! -f "$build/Makefile" ]; then
		(cd "$build" && "$top/configure" -q) >>"$state/build.log" 2>&1 ||
			{ tail -20 "$state/build.log" >&2; die "configure failed (see $state/build.log)"; }
	fi
	make -C "$build" -s -j"$(nproc 2>/dev/null || echo 2)" >>"$state/build.log" 2>&1 ||
		{ tail -20 "$state/build.log" >&2; die "make failed (see $state/build.log)"; }
	ingest=$build/netkpi-ingest
	fcgi=$build/netkpi-fcgi
	# the sample flow generator (built with the programs)
	gen=$build/netkpi-gen
	[ -x "$ingest" ] || die "$ingest was not built"
	[ -x "$fcgi" ] || die "$fcgi was not built"
}

# db_sql SQL: run SQL as the database's administrator (the user running
# this script, through the unix socket); on standard input, so that no
# password shows on a command line.
db_sql() {
	mariadb --no-defaults -S "$MDB_SOCK" -u "$(id -un)" -N -B <<<"$1"
}

# secret NAME: a password kept in the state directory.
secret() {
	local f=$state/$1.password
	[ -s "$f" ] || (umask 077; od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$f")
	cat "$f"
}

db_start() {
	if [ ! -d "$MDB_DIR/data" ]; then
		say "creating a private MariaDB in $MDB_DIR"
		# (a private tmpdir, as mariadb_resume gives the server: other
		# servers' temporary tables in /tmp may have the same names)
		mkdir -p "$MDB_DIR/tmp"
		"$MARIADB_INSTALL_DB" --no-defaults --datadir="$MDB_DIR/data" \
			--tmpdir="$MDB_DIR/tmp" \
			--user="$(id -un)" --auth-root-authentication-method=socket \
			--skip-test-db --skip-name-resolve >"$MDB_DIR/install.log" 2>&1 ||
			{ cat "$MDB_DIR/install.log" >&2; rm -rf "$MDB_DIR/data"; die "mariadb-install-db failed"; }
	fi
	mariadb_resume || die "mariadbd did not start"
	db_sql "CREATE DATABASE IF NOT EXISTS $DB_NAME;
		CREATE USER IF NOT EXISTS '$DB_USER'@'localhost';
		ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$(secret ingest)';
		CREATE USER IF NOT EXISTS '$DB_RO_USER'@'localhost';
		ALTER USER '$DB_RO_USER'@'localhost' IDENTIFIED BY '$(secret api)';" ||
		die "cannot create the database"
}

write_config() {
	local group
	# nginx's workers (www-data when started as root) reach the socket
	# through its group.
	group=www-data
	[ "$(id -u)" -eq 0 ] || group=$(id -gn)
	(umask 077; cat >"$conf" <<CONF
# netkpi.conf of the quick start (written by deploy/quickstart.sh)
[database]
name = $DB_NAME
socket = $MDB_SOCK

[ingest]
user = $DB_USER
password = $(secret ingest)
input_dir = $incoming

[api]
user = $DB_RO_USER
password = $(secret api)
threads = 4
listen_mode = 0660
listen_group = $group
CONF
	)
}

# grant ROLE: the GRANTs netkpi-ingest --print-grants ROLE names.
grant() {
	local grants
	grants=$("$ingest" -c "$conf" --print-grants "$1" 2>>"$state/ingest.log") &&
		db_sql "$grants" ||
		die "cannot grant the $1 user"
}

# migrate: the ingest's user may write, the tables are made, then the
# API's user may read them.
migrate() {
	grant ingest
	"$ingest" -c "$conf" --migrate 2>>"$state/ingest.log" ||
		{ tail -5 "$state/ingest.log" >&2; die "netkpi-ingest --migrate failed"; }
	grant api
}

# sample_data: flow files for the $hours hours (from the start of an
# hour) before the last due interval, and the original application's two
# sample files in that last interval, so that it answers the original
# README's example exactly.
# A later run adds generated files for the intervals that became due
# since (never into an interval that has files already).
sample_data() {
	local now last_end prev start n
	mkdir -p "$incoming"
	now=$(date +%s)
	# the last interval that is due now (delay 150 s)
	last_end=$(( (now - 150) / 300 * 300 ))
	if [ ! -s "$state/sample.original" ]; then
		cp "$top/tests/data/original/ipflow_data.ts-1626566700000.1.txt" \
			"$incoming/ipflow_data.ts-$((last_end * 1000)).1.txt"
		cp "$top/tests/data/original/ipflow_data.ts-1626566700000.2.txt" \
			"$incoming/ipflow_data.ts-$((last_end * 1000)).2.txt"
		echo "$last_end" >"$state/sample.original"
		echo "$last_end" >"$state/sample.end"
		# from the start of an hour, so that the hourly rows are whole
		prev=$(( (last_end - hours * 3600) / 3600 * 3600 ))
		last_end=$((last_end - 300))
	else
		prev=$(cat "$state/sample.end")
		[ "$prev" -ge $((last_end - hours * 3600)) ] ||
			prev=$((last_end - hours * 3600))
		echo "$last_end" >"$state/sample.end"
	fi
	original_end=$(cat "$state/sample.original")
	start=$((prev + 300))
	n=$(( (last_end - prev) / 300 ))
	[ "$n" -gt 0 ] || return 0
	if [ ! -x "$gen" ]; then
		say "no flow generator in this tree: only the original's sample files"
		return 0
	fi
	say "generating $n intervals of flow files"
	"$gen" --dir "$incoming" --start "$start" --intervals "$n" --files 2 \
		--rows 2000 --users 400 --cells 40 --services 12 --seed "$start" \
		2>>"$state/ingest.log" ||
		{ tail -5 "$state/ingest.log" >&2; die "netkpi-gen failed"; }
}

ingest_now() {
	say "ingesting (log: $state/ingest.log)"
	"$ingest" -c "$conf" 2>>"$state/ingest.log" ||
		{ tail -5 "$state/ingest.log" >&2; die "netkpi-ingest failed"; }
}

# alive PIDFILE: true when the process of PIDFILE runs.
alive() {
	local pid
	[ -f "$1" ] && pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] &&
		kill -0 "$pid" 2>/dev/null
}

# stop_pid PIDFILE: TERM, wait up to 10 s, then KILL.
stop_pid() {
	local pid
	alive "$1" || { rm -f "$1"; return 0; }
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$1"
}

fcgi_start() {
	mkdir -p "$state/run"
	chmod 0755 "$state/run"
	rm -f "$fcgi_sock"
	setsid "$fcgi" -c "$conf" --listen "$fcgi_sock" \
		</dev/null >>"$state/fcgi.log" 2>&1 &
	echo $! >"$fcgi_pid"
	for _ in $(seq 1 100); do
		[ -S "$fcgi_sock" ] && return 0
		alive "$fcgi_pid" || break
		sleep 0.1
	done
	tail -5 "$state/fcgi.log" >&2
	die "netkpi-fcgi did not start (see $state/fcgi.log)"
}

# nginx_site: the project's nginx site (deploy/nginx/netkpi.conf) on
# 127.0.0.1:$port and the quick start's socket, the dashboard from a
# copy in the state directory (nginx's workers read it); a minimal one
# when the tree has none.
nginx_site() {
	local site=$top/deploy/nginx/netkpi.conf params
	params=$(nginx -V 2>&1 | sed -n 's/.*--conf-path=\([^ ]*\).*/\1/p')
	params=$(dirname "${params:-/etc/nginx/nginx.conf}")/fastcgi_params
	rm -rf "$state/dashboard"
	if [ -d "$top/deploy/dashboard" ]; then
		cp -R "$top/deploy/dashboard" "$state/dashboard"
		chmod -R a+rX "$state/dashboard"
	fi
	if [ -f "$site" ]; then
		sed -e '/^[[:space:]]*listen[[:space:]]/d' \
		    -e "s|@datadir@/netkpi/dashboard|$state/dashboard|" \
		    -e "/^server[[:space:]]*{/a\\
	listen 127.0.0.1:$port backlog=4096;" \
		    -e "s|unix:/[^;[:space:]]*|unix:$fcgi_sock|" \
		    -e "s|/var/lib/nginx/netkpi|$ngx/cache|" \
		    -e "s|include[[:space:]]*fastcgi_params;|include $params;|" \
		    "$site" >"$ngx/site.conf"
		if [ "$(grep -c '^[[:space:]]*listen[[:space:]]' "$ngx/site.conf")" -eq 1 ] &&
		   grep -q "unix:$fcgi_sock" "$ngx/site.conf"; then
			return 0
		fi
		say "cannot adapt $site; using a minimal site"
	fi
	cat >"$ngx/site.conf" <<CONF
server {
	listen 127.0.0.1:$port backlog=4096;
	location /api/ {
		include $params;
		fastcgi_param SCRIPT_NAME "";
		fastcgi_param PATH_INFO \$uri;
		fastcgi_pass unix:$fcgi_sock;
	}
}
CONF
}

nginx_conf() {
	local user=""
	[ "$(id -u)" -eq 0 ] && user="user www-data;"
	mkdir -p "$ngx/logs" "$ngx/tmp"
	nginx_site
	cat >"$ngx/nginx.conf" <<CONF
# nginx.conf of the quick start (written by deploy/quickstart.sh)
$user
worker_processes 2;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log;
# Bursts of 1,000 clients and more: a client's connection and its
# connection to the responder each take a slot and a file descriptor.
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
	access_log $ngx/logs/access.log;
	client_body_temp_path $ngx/tmp/body;
	fastcgi_temp_path $ngx/tmp/fastcgi;
	proxy_temp_path $ngx/tmp/proxy;
	scgi_temp_path $ngx/tmp/scgi;
	uwsgi_temp_path $ngx/tmp/uwsgi;
	server_tokens off;
	include $ngx/site.conf;
}
CONF
}

nginx_start() {
	nginx_conf
	# NGINX in the environment means "inherited sockets" to nginx (and
	# keeps it in the foreground): the test suite exports its path there.
	env -u NGINX nginx -q -t -p "$ngx/" -e "$ngx/logs/error.log" -c "$ngx/nginx.conf" \
		>>"$ngx/logs/start.log" 2>&1 ||
		{ cat "$ngx/logs/start.log" >&2; die "nginx rejects $ngx/nginx.conf"; }
	env -u NGINX nginx -p "$ngx/" -e "$ngx/logs/error.log" -c "$ngx/nginx.conf" \
		</dev/null >>"$ngx/logs/start.log" 2>&1 ||
		{ cat "$ngx/logs/start.log" "$ngx/logs/error.log" >&2; die "nginx did not start (port $port in use?)"; }
	for _ in $(seq 1 50); do
		alive "$ngx/nginx.pid" && return 0
		sleep 0.1
	done
	die "nginx did not start (see $ngx/logs/error.log)"
}

stop_all() {
	[ -d "$state" ] || return 0
	stop_pid "$ngx/nginx.pid"
	stop_pid "$fcgi_pid"
	rm -f "$fcgi_sock"
	# (mariadb.sh is written for scripts without set -e)
	mariadb_stop || true
}

# iso SECONDS: the API's datetime form.
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

examples() {
	local base=http://127.0.0.1:$port
	cat <<EOF

netkpi runs on $base (state in $state).
The interval that ended at $(iso "$original_end") holds the original application's
two sample files.  Try:

  curl -s $base/api/KPIs/
  curl -s '$base/api/KPIs/1/?interval=1'
  curl -s '$base/api/KPIs/2/?interval=2'
  curl -s '$base/api/KPIs/1/?interval_start_timestamp__gte=$(iso $((original_end - 300)))&interval=1'
  curl -s '$base/api/KPIs/2/?interval_end_timestamp__lte=$(iso "$original_end")&interval=2'
  curl -s -H 'Accept: application/json; indent=4' $base/api/KPIs/2/
  curl -s $base/api/status/

The dashboard: $base/   Prometheus metrics: curl -s $base/metrics

Ingest again what became due since:  $ingest -c $conf
Stop:  $0 stop      (and remove everything: $0 stop --purge)
EOF
}

start_all() {
	install_missing quickstart
	if [ -d "$state" ] && [ ! -f "$state/.netkpi-quickstart" ] &&
	   [ -n "$(ls -A "$state")" ]; then
		die "$state exists and was not made by quickstart.sh; set NETKPI_STATE"
	fi
	mkdir -p "$state"
	chmod 0755 "$state"
	touch "$state/.netkpi-quickstart"
	if alive "$ngx/nginx.pid" || alive "$fcgi_pid" || alive "$MDB_DIR/mysqld.pid"; then
		say "already running: restarting"
		stop_all
	fi
	do_build
	db_start
	write_config
	migrate
	sample_data
	ingest_now
	fcgi_start
	nginx_start
	curl -fsS -o /dev/null "http://127.0.0.1:$port/api/KPIs/" ||
		die "http://127.0.0.1:$port/api/KPIs/ does not answer (see $ngx/logs/error.log)"
	examples
}

# serve: wait until Ctrl-C (then stop) or until `stop` from elsewhere.
serve() {
	trap 'echo; say "stopping"; stop_all; exit 0' INT TERM
	say "serving; Ctrl-C stops"
	while alive "$ngx/nginx.pid" && alive "$fcgi_pid"; do
		sleep 1
	done
	say "stopped"
}

case "${1:-}" in
"")
	start_all
	serve
	;;
start)
	start_all
	;;
stop)
	stop_all
	if [ "${2:-}" = --purge ]; then
		# only a directory this script made (it holds the marker)
		if [ -d "$state" ]; then
			[ -f "$state/.netkpi-quickstart" ] ||
				die "$state was not made by quickstart.sh; not removing it"
			rm -rf "$state"
		fi
		say "stopped; removed $state"
	else
		say "stopped (data kept in $state; --purge removes it)"
	fi
	;;
status)
	for p in "nginx:$ngx/nginx.pid" "netkpi-fcgi:$fcgi_pid" "mariadb:$MDB_DIR/mysqld.pid"; do
		if alive "${p#*:}"; then echo "${p%%:*}: running"; else echo "${p%%:*}: stopped"; fi
	done
	;;
*)
	echo "usage: $0 [start | stop [--purge] | status]" >&2
	exit 2
	;;
esac
