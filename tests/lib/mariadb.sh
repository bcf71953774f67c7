# mariadb.sh: a private MariaDB server for one test (sourced)
#
# mariadb_start makes a data directory under a fresh temporary
# directory, starts mariadbd on a unix socket with networking off, and
# creates database "netkpi" with users netkpi (all privileges on it) and
# netkpi_ro (SELECT on the kpis_* tables, after migrate).  The server is
# stopped and the directory removed when the test exits, however it
# exits.  Sets: MDB_DIR, MDB_SOCK, MDB_DB, MDB_USER, MDB_PASS.
#
# MDB_SERVER_ARGS=(...) before mariadb_start adds options to mariadbd
# (tests/lib/replica.sh: a binary log and TCP for a primary).
#
# MDB_TMPFS_SIZE=SIZE (e.g. 64m) before mariadb_start puts the data
# directory on a tmpfs of that size (mounted as root, unmounted at
# exit): a disk that can be filled up.

MDB_DB=netkpi
MDB_USER=netkpi
MDB_PASS='s3cret #pass'
MDB_RO_USER=netkpi_ro
MDB_RO_PASS='r3ad only'

: "${MARIADBD:=$(command -v mariadbd || echo /usr/sbin/mariadbd)}"
: "${MARIADB_INSTALL_DB:=$(command -v mariadb-install-db || echo /usr/bin/mariadb-install-db)}"

_mdb_cleanup_hooks=""
MDB_SERVER_ARGS=("${MDB_SERVER_ARGS[@]}")

# Run at exit: the hooks, then stop the server and remove the directory.
_mdb_exit() {
	local rc=$?
	eval "$_mdb_cleanup_hooks"
	mariadb_stop
	[ -n "${MDB_TMPFS:-}" ] && umount "$MDB_TMPFS"
	[ -n "${MDB_DIR:-}" ] && rm -rf "$MDB_DIR"
	exit $rc
}

# at_exit CMD: run CMD when the test exits (before MDB_DIR is removed).
at_exit() {
	_mdb_cleanup_hooks="$1; $_mdb_cleanup_hooks"
}

# mdb_sql SQL...: run SQL as root over the socket, tab-separated output.
mdb_sql() {
	mariadb --no-defaults -S "$MDB_SOCK" -u root -N -B -e "$*" "$MDB_DB"
}

mariadb_start() {
	[ -x "$MARIADBD" ] || bail "mariadbd not found (install mariadb-server)"
	MDB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netkpi-mdb.XXXXXX") || bail "mktemp"
	trap _mdb_exit EXIT
	trap 'exit 130' INT TERM
	MDB_SOCK=$MDB_DIR/mysqld.sock
	# A private tmpdir: servers of concurrent tests (in other PID
	# namespaces too) must not share temporary table names in /tmp.
	mkdir -p "$MDB_DIR/tmp"
	if [ -n "${MDB_TMPFS_SIZE:-}" ]; then
		mkdir "$MDB_DIR/data" &&
		mount -t tmpfs -o "size=$MDB_TMPFS_SIZE,mode=0700" netkpi-test-data \
			"$MDB_DIR/data" ||
			bail "cannot mount a tmpfs on the data directory (needs root)"
		MDB_TMPFS=$MDB_DIR/data
	fi
	"$MARIADB_INSTALL_DB" --no-defaults --datadir="$MDB_DIR/data" \
		--tmpdir="$MDB_DIR/tmp" \
		--user="$(id -un)" --auth-root-authentication-method=socket \
		--skip-test-db --skip-name-resolve --innodb-log-file-size=16M \
		>"$MDB_DIR/install.log" 2>&1 ||
		{ cat "$MDB_DIR/install.log" >&2; bail "mariadb-install-db failed"; }
	mariadb_resume
	mdb_root "CREATE DATABASE $MDB_DB;
		CREATE USER '$MDB_USER'@'localhost' IDENTIFIED BY '$MDB_PASS';
		GRANT ALL ON $MDB_DB.* TO '$MDB_USER'@'localhost';
		CREATE USER '$MDB_RO_USER'@'localhost' IDENTIFIED BY '$MDB_RO_PASS';" ||
		bail "cannot create the test database"
}

# mdb_root SQL: run SQL as root without selecting a database.
mdb_root() {
	mariadb --no-defaults -S "$MDB_SOCK" -u root -N -B -e "$*"
}

# mariadb_stop: stop the server (the data directory stays).
mariadb_stop() {
	local pid
	[ -n "${MDB_DIR:-}" ] && [ -f "$MDB_DIR/mysqld.pid" ] || return 0
	pid=$(cat "$MDB_DIR/mysqld.pid" 2>/dev/null)
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	kill -CONT "$pid" 2>/dev/null	# a test may have stopped it
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$MDB_DIR/mysqld.pid"
	return 0
}

# mariadb_resume: start the server again on the same data directory.
mariadb_resume() {
	mkdir -p "$MDB_DIR/tmp"
	"$MARIADBD" --no-defaults --datadir="$MDB_DIR/data" --tmpdir="$MDB_DIR/tmp" \
		--socket="$MDB_SOCK" --skip-networking --skip-name-resolve \
		--pid-file="$MDB_DIR/mysqld.pid" --log-error="$MDB_DIR/error.log" \
		--user="$(id -un)" --innodb-buffer-pool-size=32M \
		--innodb-log-file-size=16M --skip-log-bin \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
		"${MDB_SERVER_ARGS[@]}" </dev/null >/dev/null 2>&1 &
	for _ in $(seq 1 300); do
		if [ -f "$MDB_DIR/mysqld.pid" ] &&
		   mariadb-admin --no-defaults -S "$MDB_SOCK" -u root ping >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	cat "$MDB_DIR/error.log" >&2
	bail "mariadbd did not start"
}

# write_conf FILE [extra lines...]: a netkpi.conf for the private server.
write_conf() {
	local file=$1; shift
	{
		echo "[database]"
		echo "name = $MDB_DB"
		echo "user = $MDB_USER"
		echo "password = $MDB_PASS"
		echo "socket = $MDB_SOCK"
		for line in "$@"; do echo "$line"; done
	} >"$file"
}
