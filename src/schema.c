/* schema.c: creates and upgrades the kpis_* and netkpi_* tables */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "retention_schema.h"
#include "schema.h"
#include "tables.h"
#include "xmalloc.h"

#define TABLE_OPTS \
	" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"

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

/* Run the statement in sql, and free sql. */
static int
exec_buf(MYSQL *m, struct buf *sql, char *err, size_t errlen)
{
	int	rc = db_exec(m, buf_cstr(sql), err, errlen);

	buf_free(sql);
	return rc;
}

/* CREATE TABLE name (columns) when there is no such table. */
static int
create_table(MYSQL *m, const char *name, const char *columns, char *err,
    size_t errlen)
{
	struct buf	sql = BUF_INIT;
	int		exists;

	if (table_exists(m, name, &exists, err, errlen) == -1)
		return -1;
	if (exists)
		return 0;
	log_info("migrate: creating table %s", name);
	buf_addf(&sql, "CREATE TABLE IF NOT EXISTS `%s` (%s)" TABLE_OPTS, name,
	    columns);
	return exec_buf(m, &sql, err, errlen);
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

	if (schema_count(m, "SELECT COUNT(*) FROM information_schema.COLUMNS"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND COLUMN_NAME = ? AND DATA_TYPE <> ?", k->table, k->value,
	    k->value_type, &n, err, errlen) == -1)
		return -1;
	if (n == 0)
		return 0;
	log_info("migrate: widening %s.%s to %s", k->table, k->value,
	    k->value_type);
	buf_addf(&sql, "ALTER TABLE `%s` MODIFY `%s` %s NOT NULL", k->table,
	    k->value, k->value_type);
	return exec_buf(m, &sql, err, errlen);
}

/*
 * *state: 0 when index name of k's table is missing, 1 when it has
 * exactly cols in that order, -1 when it has other columns (an older
 * netkpi's one-column index).
 */
static int
index_state(MYSQL *m, const struct kpi *k, const char *name,
    const char *cols[TABLES_INDEX_COLUMNS], int *state, char *err, size_t errlen)
{
	MYSQL_BIND	p[2 * TABLES_INDEX_COLUMNS + 2];
	unsigned long	len[2 * TABLES_INDEX_COLUMNS + 2];
	struct buf	sql = BUF_INIT;
	int64_t		total, same, seq[TABLES_INDEX_COLUMNS];
	size_t		i, n = 0;
	int		rc;

	/* The columns in their places; table and name are the last two. */
	buf_addstr(&sql, "SELECT COUNT(*) FROM information_schema.STATISTICS"
	    " WHERE (0");
	for (i = 0; i < TABLES_INDEX_COLUMNS; i++, n += 2) {
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
		*state = total == 0 ? 0 : total == (int64_t)TABLES_INDEX_COLUMNS &&
		    same == (int64_t)TABLES_INDEX_COLUMNS ? 1 : -1;
	return rc;
}

/* CREATE INDEX name on k's table with cols, first dropping an older one. */
static int
make_index(MYSQL *m, const struct kpi *k, const char *name,
    const char *cols[TABLES_INDEX_COLUMNS], int state, char *err, size_t errlen)
{
	struct buf	sql = BUF_INIT;
	size_t		i;

	log_info("migrate: %s index %s on %s", state == 0 ? "adding" :
	    "rebuilding (covering)", name, k->table);
	if (state != 0)
		buf_addf(&sql, "ALTER TABLE `%s` DROP INDEX `%s`, ADD INDEX `%s` (",
		    k->table, name, name);
	else
		buf_addf(&sql, "CREATE INDEX `%s` ON `%s` (", name, k->table);
	for (i = 0; i < TABLES_INDEX_COLUMNS; i++)
		buf_addf(&sql, "%s`%s`", i > 0 ? ", " : "", cols[i]);
	buf_addc(&sql, ')');
	return exec_buf(m, &sql, err, errlen);
}

/* The indexes of KPI k's table that are missing or older, made. */
static int
add_indexes(MYSQL *m, const struct kpi *k, char *err, size_t errlen)
{
	const char	*cols[TABLES_INDEX_COLUMNS];
	struct buf	 name = BUF_INIT;
	size_t		 i;
	int		 rc = 0, state;

	for (i = 0; i < TABLES_KPI_INDEXES && rc == 0; i++) {
		tables_index_name(k, i, &name);
		tables_index_columns(k, i, cols);
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

	tables_kpi_columns(k, &cols);
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
	for (i = 0; i < table_defs_len; i++)
		if (create_table(m, table_defs[i].name, table_defs[i].columns,
		    err, errlen) == -1)
			return -1;
	return 0;
}

int
schema_kpi_tables(MYSQL *m, kpi_mask *kpis, char *err, size_t errlen)
{
	size_t	i;
	int	exists = 0, rc = 0;

	for (i = 0; i < kpi_registry_len && rc == 0; i++) {
		if (kpi_on(*kpis, &kpi_registry[i]))
			continue;
		rc = table_exists(m, kpi_registry[i].table, &exists, err,
		    errlen);
		if (rc == 0 && exists)
			*kpis |= (kpi_mask)1 << i;
	}
	return rc;
}

int
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
	    retention_schema(m, err, errlen) == -1 ||
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
