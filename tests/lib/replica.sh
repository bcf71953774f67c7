# replica.sh: a MariaDB primary and a replica of it, for one test (sourced after mariadb.sh)
#
# primary_start: mariadb_start with a binary log and TCP on 127.0.0.1
# ($PRIMARY_PORT), so that a replica can follow it; everything done on
# it afterwards (the database, users, migrate, ingest) replicates.
# replica_start: a second private server in $MDB_DIR/replica (socket
# $REPLICA_SOCK) that replicates the primary through GTIDs.
# replica_sync: wait until the replica has applied everything the
# primary committed so far.  Both servers stop when the test exits.

REPLICA_USER=repl
REPLICA_PASS='r3pl pass'

# replica_sql SQL: run SQL as root on the replica, tab-separated output.
replica_sql() {
	mariadb --no-defaults -S "$REPLICA_SOCK" -u root -N -B -e "$*"
}

primary_start() {
	local tries
	for tries in 1 2 3 4 5 6 7 8; do
		# below the ephemeral ports (tests/deploy/deploy.sh)
		PRIMARY_PORT=$(( (RANDOM % 5000) + 10000 ))
		MDB_SERVER_ARGS=(--log-bin=primary-bin --server-id=1
			--skip-networking=0 --bind-address=127.0.0.1
			--port="$PRIMARY_PORT")
		# a port another test took: try another one
		(exec 3<>"/dev/tcp/127.0.0.1/$PRIMARY_PORT") 2>/dev/null || break
	done
	mariadb_start
	mdb_root "CREATE USER '$REPLICA_USER'@'127.0.0.1' IDENTIFIED BY '$REPLICA_PASS';
		GRANT REPLICATION SLAVE ON *.* TO '$REPLICA_USER'@'127.0.0.1';" ||
		bail "cannot create the replication user"
}

_replica_stop() {
	local pid
	pid=$(cat "$MDB_DIR/replica/mysqld.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	return 0
}

replica_start() {
	local d=$MDB_DIR/replica
	REPLICA_SOCK=$d/mysqld.sock
	mkdir -p "$d/tmp"
	"$MARIADB_INSTALL_DB" --no-defaults --datadir="$d/data" --tmpdir="$d/tmp" \
		--user="$(id -un)" --auth-root-authentication-method=socket \
		--skip-test-db --skip-name-resolve --innodb-log-file-size=16M \
		>"$d/install.log" 2>&1 ||
		{ cat "$d/install.log" >&2; bail "mariadb-install-db (replica) failed"; }
	"$MARIADBD" --no-defaults --datadir="$d/data" --tmpdir="$d/tmp" \
		--socket="$REPLICA_SOCK" --skip-networking --skip-name-resolve \
		--pid-file="$d/mysqld.pid" --log-error="$d/error.log" \
		--user="$(id -un)" --innodb-buffer-pool-size=32M \
		--innodb-log-file-size=16M --skip-log-bin --server-id=2 \
		--read-only --character-set-server=utf8mb4 \
		--collation-server=utf8mb4_general_ci </dev/null >/dev/null 2>&1 &
	at_exit _replica_stop
	for _ in $(seq 1 300); do
		[ -f "$d/mysqld.pid" ] &&
			mariadb-admin --no-defaults -S "$REPLICA_SOCK" -u root ping >/dev/null 2>&1 &&
			break
		sleep 0.1
	done
	replica_sql "CHANGE MASTER TO MASTER_HOST='127.0.0.1',
		MASTER_PORT=$PRIMARY_PORT, MASTER_USER='$REPLICA_USER',
		MASTER_PASSWORD='$REPLICA_PASS', MASTER_USE_GTID=slave_pos;
		START SLAVE;" || { cat "$d/error.log" >&2; bail "cannot start replication"; }
	replica_sync
}

# replica_sync: the replica has applied what the primary committed.
replica_sync() {
	local pos
	pos=$(mdb_root "SELECT @@gtid_binlog_pos") || bail "no GTID position on the primary"
	[ "$(replica_sql "SELECT MASTER_GTID_WAIT('$pos', 30)")" = 0 ] ||
		{ replica_sql "SHOW SLAVE STATUS\G" >&2; bail "the replica did not catch up"; }
}
