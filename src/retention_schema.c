/* retention_schema.c: the columns retention (and the ingest's table sizes) add to netkpi's own tables */
#include "config.h"

#include <stdio.h>

#include "buf.h"
#include "db.h"
#include "log.h"
#include "retention_schema.h"

/* Table, column, definition. */
static const char *const columns[][3] = {
	/* Files of every interval ending at or before it were deleted. */
	{ "netkpi_state", "files_expired_to", "datetime(6) NULL" },
	/* 5-minute rows of every interval ending at or before it were deleted. */
	{ "netkpi_state", "rows_expired_to", "datetime(6) NULL" },
	/* Flow files skipped: their interval's files were expired. */
	{ "netkpi_runs", "skipped_expired", "bigint NOT NULL DEFAULT 0" },
	/* input_dir's flow files (regular files) after the run's expiry. */
	{ "netkpi_runs", "flow_files", "bigint NULL" },
	{ "netkpi_runs", "flow_bytes", "bigint NULL" },
	/* Bytes over flow_files_size that could not go (not written yet). */
	{ "netkpi_runs", "over_size_bytes", "bigint NULL" },
	/* What the run's expiry deleted. */
	{ "netkpi_runs", "expired_files", "bigint NOT NULL DEFAULT 0" },
	{ "netkpi_runs", "expired_bytes", "bigint NOT NULL DEFAULT 0" },
	{ "netkpi_runs", "expired_rows", "bigint NOT NULL DEFAULT 0" },
	/*
	 * The expiry's own data version: bumped by each of its transactions,
	 * when, and the newest interval end it deleted.  An answer whose
	 * rows start at or after expired_to keeps its validators while old
	 * rows go (fcgi/res_kpi.c).
	 */
	{ "netkpi_version", "expired_version", "bigint NOT NULL DEFAULT 0" },
	{ "netkpi_version", "expired_committed", "datetime(6) NULL" },
	{ "netkpi_version", "expired_to", "datetime(6) NULL" },
	/*
	 * The largest tables of the last interval the run read (keys,
	 * users, (key, user) pairs: agg_measure), from which the next run
	 * makes its first interval's tables at once.  A hint: a database
	 * without them (migrated by an older netkpi) works as before.
	 */
	{ "netkpi_runs", "last_keys", "bigint NULL" },
	{ "netkpi_runs", "last_users", "bigint NULL" },
	{ "netkpi_runs", "last_pairs", "bigint NULL" },
};

#define NCOLUMNS	(sizeof columns / sizeof columns[0])

int
retention_schema_has(MYSQL *m, const char *table, const char *column,
    int *has, char *err, size_t errlen)
{
	MYSQL_BIND	 p[2];
	unsigned long	 len[2];
	int64_t		 n = 0;
	int		 isnull, rc;

	db_bind_str(&p[0], table, &len[0]);
	db_bind_str(&p[1], column, &len[1]);
	rc = db_query_i64(m, "SELECT COUNT(*) FROM information_schema.COLUMNS"
	    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	    " AND COLUMN_NAME = ?", p, &n, &isnull, err, errlen);
	*has = rc == 0 && n > 0;
	return rc;
}

static int
add_column(MYSQL *m, const char *const c[3], char *err, size_t errlen)
{
	struct buf	 q = BUF_INIT;
	int		 has, rc;

	if (retention_schema_has(m, c[0], c[1], &has, err, errlen) == -1)
		return -1;
	if (has)
		return 0;
	buf_addf(&q, "ALTER TABLE `%s` ADD COLUMN `%s` %s", c[0], c[1], c[2]);
	log_info("migrate: %s.%s added", c[0], c[1]);
	rc = db_exec(m, buf_cstr(&q), err, errlen);
	buf_free(&q);
	return rc;
}

int
retention_schema(MYSQL *m, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < NCOLUMNS; i++)
		if (add_column(m, columns[i], err, errlen) == -1)
			return -1;
	return 0;
}
