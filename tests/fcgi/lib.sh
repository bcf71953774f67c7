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

# api_grant: SELECT on the three kpis tables for the read-only user.
api_grant() {
	local t
	for t in kpis_servicetrafficvolkpi kpis_celluniqueuserskpi kpis_jobs; do
		mdb_root "GRANT SELECT ON $MDB_DB.$t TO '$MDB_RO_USER'@'localhost'" ||
			bail "GRANT failed"
	done
}

# cgi OUT METHOD URI [ACCEPT]: one CGI request; the raw answer goes to
# OUT, the responder's stderr to OUT.err.  Returns the exit status.
cgi() {
	local out=$1 method=$2 uri=$3 accept=${4-}
	local qs=
	case $uri in *\?*) qs=${uri#*\?} ;; esac
	if [ -n "${4+x}" ]; then
		env -i PATH="$PATH" NETKPI_CONFIG="$conf" REQUEST_METHOD="$method" \
			REQUEST_URI="$uri" QUERY_STRING="$qs" HTTP_ACCEPT="$accept" \
			ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}" \
			"$fcgi" </dev/null >"$out" 2>"$out.err"
	else
		env -i PATH="$PATH" NETKPI_CONFIG="$conf" REQUEST_METHOD="$method" \
			REQUEST_URI="$uri" QUERY_STRING="$qs" \
			ASAN_OPTIONS="${ASAN_OPTIONS-}" UBSAN_OPTIONS="${UBSAN_OPTIONS-}" \
			"$fcgi" </dev/null >"$out" 2>"$out.err"
	fi
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
# ones that may differ (Server, Date, Connection, Content-Length).
headers() {
	awk 'NR == 1 { next } /^\r?$/ { exit } { print }' "$1" | tr -d '\r' |
		grep -Eiv '^(Server|Date|Connection|Content-Length|Keep-Alive|Transfer-Encoding):' |
		sort
}

# header FILE NAME: the value of one header.
header() {
	awk 'NR == 1 { next } /^\r?$/ { exit } { print }' "$1" | tr -d '\r' |
		sed -n "s/^$2: //Ip" | head -1
}
