/* schema.c: creates and upgrades the kpis_* and netkpi_* tables */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "schema.h"

#define TABLE_OPTS \
	" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"

/*
 * The original's three tables, column for column (original/schema.sql),
 * with total_bytes already BIGINT.  CREATE TABLE IF NOT EXISTS leaves a
 * table the original created alone; the steps below upgrade it.
 */
static const char *const create_tables[] = {
	"CREATE TABLE IF NOT EXISTS `kpis_celluniqueuserskpi` ("
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `interval_start_timestamp` datetime(6) NOT NULL,"
	" `interval_end_timestamp` datetime(6) NOT NULL,"
	" `interval` smallint NOT NULL,"
	" `cell_id` integer NOT NULL,"
	" `number_of_unique_users` integer NOT NULL)" TABLE_OPTS,

	"CREATE TABLE IF NOT EXISTS `kpis_jobs` ("
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `total_file_count` integer NOT NULL,"
	" `end_date` datetime(6) NOT NULL,"
	" KEY `kpis_jobs_end_date_cefd62ad` (`end_date`))" TABLE_OPTS,

	"CREATE TABLE IF NOT EXISTS `kpis_servicetrafficvolkpi` ("
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `interval_start_timestamp` datetime(6) NOT NULL,"
	" `interval_end_timestamp` datetime(6) NOT NULL,"
	" `interval` smallint NOT NULL,"
	" `service_id` integer NOT NULL,"
	" `total_bytes` bigint NOT NULL)" TABLE_OPTS,

	/* Our own bookkeeping. */
	"CREATE TABLE IF NOT EXISTS `netkpi_schema` ("
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `version` integer NOT NULL,"
	" `updated` datetime(6) NOT NULL)" TABLE_OPTS,

	/* One row: the MAX(kpis_jobs.end_date) found on netkpi's first run. */
	"CREATE TABLE IF NOT EXISTS `netkpi_state` ("
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `floor_end` datetime(6) NULL,"
	" `first_run` datetime(6) NOT NULL)" TABLE_OPTS,

	/* One row per interval netkpi processed, with its row counts. */
	"CREATE TABLE IF NOT EXISTS `netkpi_intervals` ("
	" `end_date` datetime(6) NOT NULL PRIMARY KEY,"
	" `job_id` bigint NOT NULL,"
	" `files` integer NOT NULL,"
	" `rows_ok` bigint NOT NULL,"
	" `rows_rejected` bigint NOT NULL,"
	" `empty_counters` bigint NOT NULL,"
	" `processed` datetime(6) NOT NULL)" TABLE_OPTS,

	/* The files each processed interval read, to notice late files. */
	"CREATE TABLE IF NOT EXISTS `netkpi_files` ("
	" `name` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,"
	" `end_date` datetime(6) NOT NULL,"
	" `size` bigint NOT NULL,"
	" `mtime_ns` bigint NOT NULL,"
	" `gz` tinyint NOT NULL,"
	" `rows_ok` bigint NOT NULL,"
	" `rows_rejected` bigint NOT NULL,"
	" `empty_counters` bigint NOT NULL,"
	" `rejected_whole` tinyint NOT NULL,"
	" KEY `netkpi_files_end_date` (`end_date`))" TABLE_OPTS,

	/*
	 * One row per ingest run that took the lock (kept 30 days): when,
	 * how it ended (finished and exit_status stay NULL when the run
	 * died or lost the database), what it wrote, what it skipped.
	 */
	"CREATE TABLE IF NOT EXISTS `netkpi_runs` ("
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `started` datetime(6) NOT NULL,"
	" `finished` datetime(6) NULL,"
	" `exit_status` smallint NULL,"
	" `intervals` integer NOT NULL DEFAULT 0,"
	" `files` bigint NOT NULL DEFAULT 0,"
	" `files_rejected` bigint NOT NULL DEFAULT 0,"
	" `files_bad_rows` bigint NOT NULL DEFAULT 0,"
	" `skipped_name` bigint NOT NULL DEFAULT 0,"
	" `skipped_type` bigint NOT NULL DEFAULT 0,"
	" `skipped_unreadable` bigint NOT NULL DEFAULT 0,"
	" `skipped_floor` bigint NOT NULL DEFAULT 0,"
	" KEY `netkpi_runs_started` (`started`))" TABLE_OPTS,
};

/* Indexes for the API's filters: name, table, columns. */
static const char *const indexes[][3] = {
	{ "netkpi_stv_start", "kpis_servicetrafficvolkpi", "`interval_start_timestamp`" },
	{ "netkpi_stv_end", "kpis_servicetrafficvolkpi", "`interval_end_timestamp`" },
	{ "netkpi_stv_interval", "kpis_servicetrafficvolkpi", "`interval`" },
	{ "netkpi_cuu_start", "kpis_celluniqueuserskpi", "`interval_start_timestamp`" },
	{ "netkpi_cuu_end", "kpis_celluniqueuserskpi", "`interval_end_timestamp`" },
	{ "netkpi_cuu_interval", "kpis_celluniqueuserskpi", "`interval`" },
};

/* Run a COUNT(*) query with one or two string parameters (b may be NULL). */
static int
schema_count(MYSQL *m, const char *sql, const char *a, const char *b,
    int64_t *n, char *err, size_t errlen)
{
	MYSQL_BIND	p[2];
	unsigned long	alen, blen;
	int		isnull;

	db_bind_str(&p[0], a, &alen);
	if (b != NULL)
		db_bind_str(&p[1], b, &blen);
	return db_query_i64(m, sql, p, n, &isnull, err, errlen);
}

static int
table_exists(MYSQL *m, const char *table, int *exists, char *err,
    size_t errlen)
{
	int64_t	n;

	if (schema_count(m, "SELECT COUNT(*) FROM information_schema.TABLES"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table, NULL,
	    &n, err, errlen) == -1)
		return -1;
	*exists = n > 0;
	return 0;
}

static int
widen_total_bytes(MYSQL *m, char *err, size_t errlen)
{
	int64_t	n;

	if (schema_count(m,
	    "SELECT COUNT(*) FROM information_schema.COLUMNS"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND COLUMN_NAME = ? AND DATA_TYPE <> 'bigint'",
	    "kpis_servicetrafficvolkpi", "total_bytes", &n, err, errlen) == -1)
		return -1;
	if (n == 0)
		return 0;
	log_info("migrate: widening kpis_servicetrafficvolkpi.total_bytes to BIGINT");
	return db_exec(m, "ALTER TABLE `kpis_servicetrafficvolkpi`"
	    " MODIFY `total_bytes` bigint NOT NULL", err, errlen);
}

static int
add_indexes(MYSQL *m, char *err, size_t errlen)
{
	char	sql[256];
	size_t	i;
	int64_t	n;

	for (i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
		if (schema_count(m,
		    "SELECT COUNT(*) FROM information_schema.STATISTICS"
		    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
		    " AND INDEX_NAME = ?", indexes[i][1], indexes[i][0], &n,
		    err, errlen) == -1)
			return -1;
		if (n > 0)
			continue;
		log_info("migrate: adding index %s on %s", indexes[i][0],
		    indexes[i][1]);
		snprintf(sql, sizeof sql, "CREATE INDEX `%s` ON `%s` (%s)",
		    indexes[i][0], indexes[i][1], indexes[i][2]);
		if (db_exec(m, sql, err, errlen) == -1)
			return -1;
	}
	return 0;
}

static int
create_missing_tables(MYSQL *m, char *err, size_t errlen)
{
	const char	*name;
	char		 table[64];
	size_t		 i;
	int		 exists;

	for (i = 0; i < sizeof create_tables / sizeof create_tables[0]; i++) {
		name = strchr(create_tables[i], '`') + 1;
		snprintf(table, sizeof table, "%.*s", (int)strcspn(name, "`"),
		    name);
		if (table_exists(m, table, &exists, err, errlen) == -1)
			return -1;
		if (exists)
			continue;
		log_info("migrate: creating table %s", table);
		if (db_exec(m, create_tables[i], err, errlen) == -1)
			return -1;
	}
	return 0;
}

static int
schema_version(MYSQL *m, int64_t *version, char *err, size_t errlen)
{
	int	exists, isnull;

	*version = 0;
	if (table_exists(m, "netkpi_schema", &exists, err, errlen) == -1)
		return -1;
	if (!exists)
		return 0;
	return db_query_i64(m, "SELECT `version` FROM `netkpi_schema` WHERE `id` = 1",
	    NULL, version, &isnull, err, errlen);
}

int
schema_migrate(MYSQL *m, char *err, size_t errlen)
{
	MYSQL_BIND	p;
	int64_t		version, target = SCHEMA_VERSION;
	MYSQL_STMT	*st;
	int		rc;

	if (create_missing_tables(m, err, errlen) == -1 ||
	    widen_total_bytes(m, err, errlen) == -1 ||
	    add_indexes(m, err, errlen) == -1 ||
	    schema_version(m, &version, err, errlen) == -1)
		return -1;
	if (version > SCHEMA_VERSION) {
		snprintf(err, errlen, "the database has schema version %lld,"
		    " newer than this netkpi (%d)", (long long)version,
		    SCHEMA_VERSION);
		return -1;
	}
	if (version == SCHEMA_VERSION)
		return 0;
	log_info("migrate: schema version %lld -> %d", (long long)version,
	    SCHEMA_VERSION);
	if ((st = db_prepare(m, "REPLACE INTO `netkpi_schema`"
	    " (`id`, `version`, `updated`) VALUES (1, ?, UTC_TIMESTAMP(6))",
	    err, errlen)) == NULL)
		return -1;
	db_bind_i64(&p, &target);
	rc = db_run(st, &p, err, errlen);
	mysql_stmt_close(st);
	return rc;
}

int
schema_check(MYSQL *m, char *err, size_t errlen)
{
	int64_t	version;

	if (schema_version(m, &version, err, errlen) == -1)
		return -1;
	if (version == SCHEMA_VERSION)
		return 0;
	if (version > SCHEMA_VERSION)
		snprintf(err, errlen, "the database has schema version %lld,"
		    " newer than this netkpi (%d): upgrade netkpi",
		    (long long)version, SCHEMA_VERSION);
	else
		snprintf(err, errlen, "the database is not migrated (schema"
		    " version %lld, need %d): run 'netkpi-ingest --migrate'",
		    (long long)version, SCHEMA_VERSION);
	return -1;
}
