# lib.sh: helpers for the netkpi-ingest integration tests (sourced)
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/mariadb.sh"

ingest=${NETKPI_INGEST:-$top_builddir/netkpi-ingest}
gen=$top_builddir/netkpi-gen
data=$top_srcdir/tests/data

# ingest_setup [conf lines...]: a private MariaDB, a migrated database,
# an input directory IN and a config file CONF.
ingest_setup() {
	mariadb_start
	IN=$MDB_DIR/in
	mkdir -p "$IN"
	CONF=$MDB_DIR/netkpi.conf
	write_conf "$CONF" "[ingest]" "input_dir = $IN" "$@"
	"$ingest" -c "$CONF" --migrate 2>"$MDB_DIR/migrate.err" ||
		{ cat "$MDB_DIR/migrate.err"; bail "migrate failed"; }
}

# db_reset: an empty, migrated database again.
db_reset() {
	mdb_root "DROP DATABASE $MDB_DB; CREATE DATABASE $MDB_DB;" ||
		bail "cannot recreate the database"
	"$ingest" -c "$CONF" --migrate 2>/dev/null || bail "migrate failed"
}

# kpi_dump: every KPI and jobs row without ids, periods in time order,
# rows of a period in id order (the top-N order).
kpi_dump() {
	mdb_sql "SELECT 'svc', \`interval\`, interval_start_timestamp,
		interval_end_timestamp, service_id, total_bytes
		FROM kpis_servicetrafficvolkpi
		ORDER BY interval_end_timestamp, \`interval\`, id" &&
	mdb_sql "SELECT 'cell', \`interval\`, interval_start_timestamp,
		interval_end_timestamp, cell_id, number_of_unique_users
		FROM kpis_celluniqueuserskpi
		ORDER BY interval_end_timestamp, \`interval\`, id" &&
	mdb_sql "SELECT 'job', total_file_count, end_date FROM kpis_jobs
		ORDER BY end_date"
}

# kpi_iso: KPI rows as "svc|cell INTERVAL START END KEY VALUE", ISO
# times, the generator's --expected format.
kpi_iso() {
	mdb_sql "SET time_zone = '+00:00';
		SELECT 'svc', \`interval\`,
		DATE_FORMAT(interval_start_timestamp, '%Y-%m-%dT%H:%i:%sZ'),
		DATE_FORMAT(interval_end_timestamp, '%Y-%m-%dT%H:%i:%sZ'),
		service_id, total_bytes FROM kpis_servicetrafficvolkpi
		ORDER BY interval_end_timestamp, \`interval\`, id;
		SELECT 'cell', \`interval\`,
		DATE_FORMAT(interval_start_timestamp, '%Y-%m-%dT%H:%i:%sZ'),
		DATE_FORMAT(interval_end_timestamp, '%Y-%m-%dT%H:%i:%sZ'),
		cell_id, number_of_unique_users FROM kpis_celluniqueuserskpi
		ORDER BY interval_end_timestamp, \`interval\`, id" | tr '\t' ' '
}

# hourly_awk N FILES...: the hourly top-N computed from the raw CSVs
# with awk and sort, independently of netkpi: "svc|cell 2 - HOUR_MS KEY VALUE".
hourly_awk() {
	local n=$1; shift
	awk -F, '
	FNR == 1 {
		match(FILENAME, /ts-[0-9]+/)
		t = substr(FILENAME, RSTART + 3, RLENGTH - 3) + 0
		e = int((t + 150000) / 300000) * 300000
		h = (e % 3600000 == 0) ? e : (int(e / 3600000) + 1) * 3600000
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	NF > 0 {
		sv[h "," $col["service_id"]] += $col["bytes_uplink"] + $col["bytes_downlink"]
		k = h "," $col["cell_id"] "," $col["msisdn"]
		if (!(k in seen)) { seen[k] = 1; cu[h "," $col["cell_id"]]++ }
	}
	END {
		for (k in sv) { split(k, p, ","); printf "svc %s %s %.0f\n", p[1], p[2], sv[k] }
		for (k in cu) { split(k, p, ","); printf "cell %s %s %d\n", p[1], p[2], cu[k] }
	}' "$@" | sort -k1,1 -k2,2n -k4,4nr -k3,3n |
	awk -v n="$n" '{ g = $1 " " $2; if (++c[g] <= n) print $1, 2, "-", $2, $3, $4 }'
}

# hourly_db: the hourly rows in hourly_awk's format.
hourly_db() {
	mdb_sql "SET time_zone = '+00:00';
		SELECT 'svc', 2, '-', UNIX_TIMESTAMP(interval_end_timestamp) * 1000,
		service_id, total_bytes FROM kpis_servicetrafficvolkpi
		WHERE \`interval\` = 2 ORDER BY interval_end_timestamp, id;
		SELECT 'cell', 2, '-', UNIX_TIMESTAMP(interval_end_timestamp) * 1000,
		cell_id, number_of_unique_users FROM kpis_celluniqueuserskpi
		WHERE \`interval\` = 2 ORDER BY interval_end_timestamp, id" |
	tr '\t' ' ' | sed 's/\.000000 / /' | sort -k1,1 -k4,4n -s
}

# run_ingest ARGS...: run netkpi-ingest on CONF; stderr to $MDB_DIR/err.
run_ingest() {
	"$ingest" -c "$CONF" "$@" 2>"$MDB_DIR/err"
}

# count_of TABLE: rows in TABLE
count_of() {
	mdb_sql "SELECT COUNT(*) FROM \`$1\`"
}

# --- helpers of the fault tests

# mdb_pid: the pid of the test server
mdb_pid() {
	cat "$MDB_DIR/mysqld.pid" 2>/dev/null
}

# kpi_upto FILE END: the lines of a kpi_dump for periods ending at or
# before END (a datetime as MariaDB prints it).
kpi_upto() {
	awk -F'\t' -v e="$2" '($1 == "job" ? $3 : $4) <= e' "$1"
}

# last_end: MAX(kpis_jobs.end_date), or 0 on an empty table.
last_end() {
	mdb_sql "SELECT IFNULL(MAX(end_date), '0') FROM kpis_jobs"
}

# whole_intervals CLEAN: 0 when the database holds exactly the rows of
# the dump CLEAN up to its last interval (whole intervals, nothing else).
whole_intervals() {
	local last
	last=$(last_end) || return 1
	kpi_dump >"$MDB_DIR/partial" || return 1
	diff -u <(kpi_upto "$1" "$last") "$MDB_DIR/partial" | head -10 | sed 's/^/# /'
	return "${PIPESTATUS[0]}"
}

# wait_lines FILE REGEX N SECONDS: wait until FILE has N lines matching
# REGEX; 1 when it does not within SECONDS.
wait_lines() {
	local i n
	for i in $(seq 1 $(($4 * 20))); do
		n=$(grep -cE "$2" "$1" 2>/dev/null)
		[ "${n:-0}" -ge "$3" ] && return 0
		sleep 0.05
	done
	return 1
}

# wait_lock_free: wait (up to 30 s) until no session holds the ingest's
# lock, as after a client that went away while the server was stopped.
wait_lock_free() {
	local i
	for i in $(seq 1 300); do
		[ "$(mdb_sql "SELECT IS_FREE_LOCK('netkpi.$MDB_DB')")" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}

# ms: milliseconds since the epoch
ms() {
	date +%s%3N
}
