/* schema.c: creates and upgrades the kpis_* and netkpi_* tables */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "schema.h"
#include "schema_range.h"
#include "xmalloc.h"

#define TABLE_OPTS \
	" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"

/*
 * The tables of no KPI, by name and columns: the original's kpis_jobs,
 * column for column (tests/data/original-schema.sql), and netkpi's
 * own.  CREATE TABLE IF NOT EXISTS leaves a table the original created
 * alone; the steps below upgrade it.
 */
static const char *const fixed_tables[][2] = {
	{ "kpis_jobs",
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `total_file_count` integer NOT NULL,"
	" `end_date` datetime(6) NOT NULL,"
	" KEY `kpis_jobs_end_date_cefd62ad` (`end_date`)" },

	/* The schema version. */
	{ "netkpi_schema",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `version` integer NOT NULL,"
	" `updated` datetime(6) NOT NULL" },

	/*
	 * One row: the data version of the KPI tables, advanced by every
	 * ingest transaction, with its commit time (the API's ETags and
	 * Last-Modified).
	 */
	{ "netkpi_version",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `version` bigint NOT NULL,"
	" `committed` datetime(6) NOT NULL" },

	/* One row: the MAX(kpis_jobs.end_date) found on netkpi's first run. */
	{ "netkpi_state",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `floor_end` datetime(6) NULL,"
	" `first_run` datetime(6) NOT NULL" },

	/* One row per interval netkpi processed, with its row counts. */
	{ "netkpi_intervals",
	" `end_date` datetime(6) NOT NULL PRIMARY KEY,"
	" `job_id` bigint NOT NULL,"
	" `files` integer NOT NULL,"
	" `rows_ok` bigint NOT NULL,"
	" `rows_rejected` bigint NOT NULL,"
	" `empty_counters` bigint NOT NULL,"
	" `processed` datetime(6) NOT NULL" },

	/* The files each processed interval read, to notice late files. */
	{ "netkpi_files",
	" `name` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,"
	" `end_date` datetime(6) NOT NULL,"
	" `size` bigint NOT NULL,"
	" `mtime_ns` bigint NOT NULL,"
	" `gz` tinyint NOT NULL,"
	" `rows_ok` bigint NOT NULL,"
	" `rows_rejected` bigint NOT NULL,"
	" `empty_counters` bigint NOT NULL,"
	" `rejected_whole` tinyint NOT NULL,"
	" KEY `netkpi_files_end_date` (`end_date`)" },

	/*
	 * One row per ingest run that took the lock (kept 30 days): when,
	 * how it ended (finished and exit_status stay NULL when the run
	 * died or lost the database), what it wrote, what it skipped.
	 */
	{ "netkpi_runs",
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
	" KEY `netkpi_runs_started` (`started`)" },
};

/*
 * The indexes of each KPI table, for the API's filters: suffix and the
 * column each leads with.  Each also holds the other columns of an
 * answer (index_columns), so that a query reads the index alone, not a
 * primary-key lookup per row.
 */
static const char *const kpi_indexes[][2] = {
	{ "_start", "interval_start_timestamp" },
	{ "_end", "interval_end_timestamp" },
	{ "_interval", "interval" },
};

/* The time and interval columns, in the order an index takes them. */
static const char *const period_columns[] = {
	"interval_start_timestamp", "interval_end_timestamp", "interval"
};
#define NPERIOD	(sizeof period_columns / sizeof period_columns[0])
#define NINDEX_COLUMNS	(NPERIOD + 2)

#define NFIXED		(sizeof fixed_tables / sizeof fixed_tables[0])
#define NKPI_INDEXES	(sizeof kpi_indexes / sizeof kpi_indexes[0])

/* The columns of a KPI table, in the original's order. */
static void
kpi_columns(const struct kpi *k, struct buf *b)
{
	buf_addf(b, " `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	    " `interval_start_timestamp` datetime(6) NOT NULL,"
	    " `interval_end_timestamp` datetime(6) NOT NULL,"
	    " `interval` smallint NOT NULL,"
	    " `%s` integer NOT NULL,"
	    " `%s` %s NOT NULL", k->key, k->value, k->value_type);
}

/* Index i of KPI k: "<index_prefix><suffix>". */
static void
index_name(const struct kpi *k, size_t i, struct buf *b)
{
	buf_reset(b);
	buf_addf(b, "%s%s", k->index_prefix, kpi_indexes[i][0]);
}

/* Run a COUNT(*) query with string parameters a, b, c (NULL: fewer). */
static int
schema_count(MYSQL *m, const char *sql, const char *a, const char *b,
    const char *c, int64_t *n, char *err, size_t errlen)
{
	const char	*args[3] = { a, b, c };
	MYSQL_BIND	 p[3];
	unsigned long	 len[3];
	int		 i, isnull;

	for (i = 0; i < 3 && args[i] != NULL; i++)
		db_bind_str(&p[i], args[i], &len[i]);
	return db_query_i64(m, sql, p, n, &isnull, err, errlen);
}

/* 1 in *exists when the database has table name. */
static int
table_exists(MYSQL *m, const char *name, int *exists, char *err,
    size_t errlen)
{
	int64_t	n;

	if (schema_count(m, "SELECT COUNT(*) FROM information_schema.TABLES"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", name, NULL,
	    NULL, &n, err, errlen) == -1)
		return -1;
	*exists = n > 0;
	return 0;
}

/* CREATE TABLE name (columns) when there is no such table. */
static int
create_table(MYSQL *m, const char *name, const char *columns, char *err,
    size_t errlen)
{
	struct buf	sql = BUF_INIT;
	int		exists, rc;

	if (table_exists(m, name, &exists, err, errlen) == -1)
		return -1;
	if (exists)
		return 0;
	log_info("migrate: creating table %s", name);
	buf_addf(&sql, "CREATE TABLE IF NOT EXISTS `%s` (%s)" TABLE_OPTS, name,
	    columns);
	rc = db_exec(m, buf_cstr(&sql), err, errlen);
	buf_free(&sql);
	return rc;
}

/*
 * The original's value columns may be narrower than the registry's
 * (total_bytes was INT): widen them.
 */
static int
widen_value(MYSQL *m, const struct kpi *k, char *err, size_t errlen)
{
	struct buf	sql = BUF_INIT;
	int64_t		n;
	int		rc;

	rc = schema_count(m, "SELECT COUNT(*) FROM information_schema.COLUMNS"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND COLUMN_NAME = ? AND DATA_TYPE <> ?", k->table, k->value,
	    k->value_type, &n, err, errlen);
	if (rc == 0 && n > 0) {
		log_info("migrate: widening %s.%s to %s", k->table, k->value,
		    k->value_type);
		buf_reset(&sql);
		buf_addf(&sql, "ALTER TABLE `%s` MODIFY `%s` %s NOT NULL",
		    k->table, k->value, k->value_type);
		rc = db_exec(m, buf_cstr(&sql), err, errlen);
	}
	buf_free(&sql);
	return rc;
}

/* The columns of index i of KPI k, leading column first. */
static void
index_columns(const struct kpi *k, size_t i, const char *cols[NINDEX_COLUMNS])
{
	size_t	j, n = 0;

	cols[n++] = kpi_indexes[i][1];
	for (j = 0; j < NPERIOD; j++)
		if (strcmp(period_columns[j], kpi_indexes[i][1]) != 0)
			cols[n++] = period_columns[j];
	cols[n++] = k->key;
	cols[n++] = k->value;
}

/*
 * *state: 0 when index name of k's table is missing, 1 when it has
 * exactly cols in that order, -1 when it has other columns (an older
 * netkpi's one-column index).
 */
static int
index_state(MYSQL *m, const struct kpi *k, const char *name,
    const char *cols[NINDEX_COLUMNS], int *state, char *err, size_t errlen)
{
	MYSQL_BIND	p[2 * NINDEX_COLUMNS + 2];
	unsigned long	len[2 * NINDEX_COLUMNS + 2];
	struct buf	sql = BUF_INIT;
	int64_t		total, same, seq[NINDEX_COLUMNS];
	size_t		i, n = 0;
	int		rc;

	/* The columns in their places; table and name are the last two. */
	buf_addstr(&sql, "SELECT COUNT(*) FROM information_schema.STATISTICS"
	    " WHERE (0");
	for (i = 0; i < NINDEX_COLUMNS; i++, n += 2) {
		seq[i] = (int64_t)i + 1;
		db_bind_i64(&p[n], &seq[i]);
		db_bind_str(&p[n + 1], cols[i], &len[n + 1]);
		buf_addstr(&sql, " OR (`SEQ_IN_INDEX` = ? AND `COLUMN_NAME` = ?)");
	}
	buf_addstr(&sql, ") AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND INDEX_NAME = ?");
	db_bind_str(&p[n], k->table, &len[n]);
	db_bind_str(&p[n + 1], name, &len[n + 1]);
	rc = schema_count(m, "SELECT COUNT(*) FROM information_schema.STATISTICS"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND INDEX_NAME = ?", k->table, name, NULL, &total, err, errlen);
	if (rc == 0 && total > 0)
		rc = db_query_i64(m, buf_cstr(&sql), p, &same, &(int){ 0 }, err,
		    errlen);
	buf_free(&sql);
	if (rc == 0)
		*state = total == 0 ? 0 : total == (int64_t)NINDEX_COLUMNS &&
		    same == (int64_t)NINDEX_COLUMNS ? 1 : -1;
	return rc;
}

/* CREATE INDEX name on k's table with cols, first dropping an older one. */
static int
make_index(MYSQL *m, const struct kpi *k, const char *name,
    const char *cols[NINDEX_COLUMNS], int state, char *err, size_t errlen)
{
	struct buf	sql = BUF_INIT;
	size_t		i;
	int		rc;

	log_info("migrate: %s index %s on %s", state == 0 ? "adding" :
	    "rebuilding (covering)", name, k->table);
	if (state != 0)
		buf_addf(&sql, "ALTER TABLE `%s` DROP INDEX `%s`, ADD INDEX `%s` (",
		    k->table, name, name);
	else
		buf_addf(&sql, "CREATE INDEX `%s` ON `%s` (", name, k->table);
	for (i = 0; i < NINDEX_COLUMNS; i++)
		buf_addf(&sql, "%s`%s`", i > 0 ? ", " : "", cols[i]);
	buf_addc(&sql, ')');
	rc = db_exec(m, buf_cstr(&sql), err, errlen);
	buf_free(&sql);
	return rc;
}

/* The indexes of KPI k's table that are missing or older, made. */
static int
add_indexes(MYSQL *m, const struct kpi *k, char *err, size_t errlen)
{
	const char	*cols[NINDEX_COLUMNS];
	struct buf	 name = BUF_INIT;
	size_t		 i;
	int		 rc = 0, state;

	for (i = 0; i < NKPI_INDEXES && rc == 0; i++) {
		index_name(k, i, &name);
		index_columns(k, i, cols);
		rc = index_state(m, k, buf_cstr(&name), cols, &state, err,
		    errlen);
		if (rc == 0 && state != 1)
			rc = make_index(m, k, buf_cstr(&name), cols, state, err,
			    errlen);
	}
	buf_free(&name);
	return rc;
}

/* The table of KPI k, upgraded, with its indexes. */
static int
migrate_kpi(MYSQL *m, const struct kpi *k, char *err, size_t errlen)
{
	struct buf	cols = BUF_INIT;
	int		rc;

	kpi_columns(k, &cols);
	rc = create_table(m, k->table, buf_cstr(&cols), err, errlen);
	buf_free(&cols);
	if (rc == -1 || widen_value(m, k, err, errlen) == -1)
		return -1;
	return add_indexes(m, k, err, errlen);
}

static int
migrate_tables(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_on(kpis, &kpi_registry[i]) &&
		    migrate_kpi(m, &kpi_registry[i], err, errlen) == -1)
			return -1;
	for (i = 0; i < NFIXED; i++)
		if (create_table(m, fixed_tables[i][0], fixed_tables[i][1], err,
		    errlen) == -1)
			return -1;
	for (i = 0; i < schema_range_ntables; i++)
		if (create_table(m, schema_range_tables[i][0],
		    schema_range_tables[i][1], err, errlen) == -1)
			return -1;
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

static int
record_version(MYSQL *m, char *err, size_t errlen)
{
	MYSQL_BIND	 p;
	MYSQL_STMT	*st;
	int64_t		 target = SCHEMA_VERSION;
	int		 rc;

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
schema_migrate(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	int64_t	version;

	if (migrate_tables(m, kpis, err, errlen) == -1 ||
	    db_exec(m, "INSERT IGNORE INTO `netkpi_version` (`id`, `version`,"
	    " `committed`) VALUES (1, 1, UTC_TIMESTAMP(6))", err, errlen) == -1 ||
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
	return record_version(m, err, errlen);
}

int
schema_check(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	int64_t	version;

	if (schema_version(m, &version, err, errlen) == -1)
		return -1;
	if (version == SCHEMA_VERSION)
		return schema_check_kpis(m, kpis, err, errlen);
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

/* *n: how many of k's filter indexes its table has (one ? per index). */
_Static_assert(NKPI_INDEXES == 3, "count_indexes names three indexes");

static int
count_indexes(MYSQL *m, const struct kpi *k, int64_t *n, char *err,
    size_t errlen)
{
	MYSQL_BIND	p[1 + NKPI_INDEXES];
	unsigned long	len[1 + NKPI_INDEXES];
	struct buf	name[NKPI_INDEXES];
	size_t		i;
	int		isnull, rc;

	db_bind_str(&p[0], k->table, &len[0]);
	for (i = 0; i < NKPI_INDEXES; i++) {
		name[i] = (struct buf)BUF_INIT;
		index_name(k, i, &name[i]);
		db_bind_str(&p[1 + i], buf_cstr(&name[i]), &len[1 + i]);
	}
	rc = db_query_i64(m, "SELECT COUNT(DISTINCT `INDEX_NAME`) FROM"
	    " information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
	    " AND TABLE_NAME = ? AND INDEX_NAME IN (?, ?, ?)", p, n, &isnull,
	    err, errlen);
	for (i = 0; i < NKPI_INDEXES; i++)
		buf_free(&name[i]);
	return rc;
}

int
schema_check_kpis(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	const struct kpi *k;
	int64_t		 n;
	size_t		 i;

	for (i = 0; i < kpi_registry_len; i++) {
		k = &kpi_registry[i];
		if (!kpi_on(kpis, k))
			continue;
		if (count_indexes(m, k, &n, err, errlen) == -1)
			return -1;
		if (n < (int64_t)NKPI_INDEXES) {
			snprintf(err, errlen, "the database is not migrated for"
			    " the KPIs in effect (%s or its indexes missing):"
			    " run 'netkpi-ingest --migrate'", k->table);
			return -1;
		}
	}
	return 0;
}
