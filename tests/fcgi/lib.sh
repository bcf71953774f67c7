# lib.sh: helpers for the netkpi-fcgi tests (sourced after tap.sh, mariadb.sh)

fcgi=${NETKPI_FCGI:-$top_builddir/netkpi-fcgi}
ingest=${NETKPI_INGEST:-$top_builddir/netkpi-ingest}
data=$top_srcdir/tests/data

# api_db_setup: a private MariaDB with the original's rows, migrated,
# and a config ($conf) whose [api] user may only SELECT the kpis tables.
api_db_setup() {
	mariadb_start
	mdb_sql "$(cat "$data/original-schema.sql")" || bail "cannot load the original rows"
	conf=$MDB_DIR/netkpi.conf
	write_conf "$conf" "[ingest]" "input_dir = $MDB_DIR"
	"$ingest" -c "$conf" --migrate 2>"$MDB_DIR/migrate.log" ||
		{ cat "$MDB_DIR/migrate.log" >&2; bail "--migrate failed"; }
	api_grant
	write_conf "$conf" "[api]" "user = $MDB_RO_USER" "password = $MDB_RO_PASS"
}

# api_grant [LINES...]: the GRANTs of netkpi-ingest --print-grants api
# (the tables the responder reads: the KPIs' and netkpi's own for the
# data version, /api/status/ and /metrics) to the read-only user; LINES
# are added to the config they are printed for (e.g. "[kpis]" "extra = 3").
api_grant() {
	local gconf=$MDB_DIR/grants.conf grants
	write_conf "$gconf" "[api]" "user = $MDB_RO_USER" "$@"
	grants=$("$ingest" -c "$gconf" --print-grants api) ||
		bail "--print-grants api failed"
	mdb_root "$grants" || bail "GRANT failed"
}

# cgi OUT METHOD URI [ACCEPT]: one CGI request; the raw answer goes to
# OUT, the responder's stderr to OUT.err.  Returns the exit status.
# The array CGI_ENV, when set, changes the request's environment:
# NAME=value sets NAME, -NAME removes it.
cgi() {
	local out=$1 method=$2 uri=$3 qs= change v
	local -a vars kept
	case $uri in *\?*) qs=${uri#*\?} ;; esac
	vars=(PATH="$PATH" NETKPI_CONFIG="$conf" REQUEST_METHOD="$method"
		REQUEST_URI="$uri" QUERY_STRING="$qs"
		ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}")
	[ -n "${4+x}" ] && vars+=(HTTP_ACCEPT="$4")
	for change in ${CGI_ENV[@]+"${CGI_ENV[@]}"}; do
		case $change in
		-*)	kept=()
			for v in "${vars[@]}"; do
				[[ $v == "${change#-}="* ]] || kept+=("$v")
			done
			vars=("${kept[@]}") ;;
		*)	vars+=("$change") ;;
		esac
	done
	env -i "${vars[@]}" "$fcgi" </dev/null >"$out" 2>"$out.err"
}

# body FILE: the body of a raw answer (after the first empty line).
body() {
	awk 'BEGIN { RS = "\r\n\r\n" } NR == 1 { next } { printf "%s%s", sep, $0; sep = RS }' "$1"
}

# status FILE: "200 OK" from "Status: 200 OK" or "HTTP/1.1 200 OK".
status() {
	head -1 "$1" | tr -d '\r' | sed -e 's/^Status: //' -e 's/^HTTP\/1\.[01] //'
}

# headers FILE: the header lines but the status, sorted, without the
# ones that may differ (Server, Date, Connection, Content-Length), and
# the validators netkpi adds to KPI answers (ETag, Last-Modified:
# etag.test checks them).
headers() {
	awk 'NR == 1 { next } /^\r?$/ { exit } { print }' "$1" | tr -d '\r' |
		grep -Eiv '^(Server|Date|Connection|Content-Length|Keep-Alive|Transfer-Encoding|ETag|Last-Modified):' |
		sort
}

# header FILE NAME: the value of one header.
header() {
	awk 'NR == 1 { next } /^\r?$/ { exit } { print }' "$1" | tr -d '\r' |
		sed -n "s/^$2: //Ip" | head -1
}

# responder_start SOCKET [ARGS...]: netkpi-fcgi --listen SOCKET in the
# background (pid in $responder_pid), stopped when the test exits.
responder_start() {
	local sock=$1; shift
	"$fcgi" -c "$conf" --listen "$sock" "$@" 2>>"$MDB_DIR/fcgi.log" &
	responder_pid=$!
	at_exit "kill $responder_pid 2>/dev/null; wait $responder_pid 2>/dev/null"
	for _ in $(seq 1 100); do
		[ -S "$sock" ] && return 0
		sleep 0.05
	done
	cat "$MDB_DIR/fcgi.log" >&2
	bail "netkpi-fcgi did not start"
}

# nginx_start SOCKET: nginx with the deploy site on a free 127.0.0.1
# port (in $port, base URL in $url), passing to the unix SOCKET, or to
# HOST:PORT when SOCKET is "tcp:HOST:PORT".  $NGINX_EXTRA, when set, is
# added to the http block; $NGINX_SERVERS, when set, replaces the
# upstream's server line (several responders); $NGINX_LISTEN_OPTS are
# added to its listen line (e.g. sndbuf=64k); with $NGINX_ACCESS_LOG
# set, requests are logged to logs/access.log as
# "STATUS UPSTREAM-ADDRESS".
nginx_start() {
	local sock=$1 dir=$MDB_DIR/nginx params upstream alog=off
	case $sock in tcp:*) upstream=${sock#tcp:} ;; *) upstream=unix:$sock ;; esac
	[ -n "${NGINX_ACCESS_LOG:-}" ] && alog="$dir/logs/access.log netkpi_test"
	[ -x "${NGINX:-}" ] || NGINX=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$NGINX" ] || bail "nginx not found"
	mkdir -p "$dir/tmp" "$dir/logs"
	params=$(dirname "$("$NGINX" -V 2>&1 | sed -n 's/.*--conf-path=\([^ ]*\).*/\1/p')")/fastcgi_params
	[ -f "$params" ] || bail "fastcgi_params not found"
	cp "$params" "$dir/fastcgi_params"
	for _ in 1 2 3 4 5 6 7 8; do
		# 40000-59999 (see tests/deploy/deploy.sh): a port a client
		# connection holds fails to bind, and the next try takes another
		port=$(( (RANDOM % 20000) + 40000 ))
		sed -e "s|^\([[:space:]]*\)listen 80;|\1listen 127.0.0.1:$port${NGINX_LISTEN_OPTS:+ $NGINX_LISTEN_OPTS};|" \
			-e '/listen \[::\]:80;/d' \
			-e "s|unix:/run/netkpi/netkpi-fcgi.sock|$upstream|" \
			-e "s|/var/lib/nginx/netkpi|$dir/cache|" \
			-e "s|@datadir@/netkpi/dashboard|$top_srcdir/deploy/dashboard|" \
			"$top_srcdir/deploy/nginx/netkpi.conf" |
			awk -v servers="${NGINX_SERVERS:-}" '
				servers != "" && $1 == "server" && $2 ~ /^(unix|[0-9])/ {
					print servers; next }
				{ print }' >"$dir/site.conf"
		cat >"$dir/nginx.conf" <<CONF
user $(id -un) $(id -gn);
worker_processes ${NGINX_WORKERS:-1};
worker_rlimit_nofile 16384;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 8192; }
http {
	# as Debian's nginx.conf has them
	sendfile on;
	tcp_nopush on;
	log_format netkpi_test '\$status \$upstream_addr';
	access_log $alog;
	client_body_temp_path $dir/tmp/body;
	fastcgi_temp_path $dir/tmp/fastcgi;
	proxy_temp_path $dir/tmp/proxy;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	include $dir/site.conf;
	${NGINX_EXTRA:-}
}
CONF
		rm -f "$dir/nginx.pid"
		env -u NGINX "$NGINX" -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/logs/start.log" &&
			for _ in $(seq 1 50); do
				[ -s "$dir/nginx.pid" ] && break
				sleep 0.05
			done
		if [ -s "$dir/nginx.pid" ]; then
			nginx_pid=$(cat "$dir/nginx.pid")
			at_exit "kill $nginx_pid 2>/dev/null"
			url=http://127.0.0.1:$port
			return 0
		fi
	done
	cat "$dir/logs/start.log" "$dir/logs/error.log" >&2
	bail "nginx did not start"
}

# fetch OUT [CURL ARGS...] URL: the raw HTTP answer (headers and body) in OUT.
fetch() {
	local out=$1; shift
	curl -s -i --max-time 30 "$@" >"$out"
}

# wrk_run OUT WRK-ARGS...: run wrk (URL last), its report in OUT.
wrk_run() {
	local out=$1; shift
	command -v wrk >/dev/null || bail "wrk not found (tests/run.sh installs it)"
	wrk "$@" >"$out" 2>&1
}

# wrk_requests OUT: the number of requests wrk completed.
wrk_requests() {
	sed -n 's/^ *\([0-9][0-9]*\) requests in .*/\1/p' "$1"
}

# wrk_failures OUT: non-2xx/3xx answers plus socket errors of a wrk report.
wrk_failures() {
	awk '/Non-2xx or 3xx responses:/ { n += $NF }
	     /Socket errors:/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i }
	     END { print n + 0 }' "$1"
}

# rss PID: resident memory of PID in KiB.
rss() {
	awk '/^VmRSS/ { print $2 }' "/proc/$1/status"
}
