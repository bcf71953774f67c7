/* schema_check.c: whether the database is migrated for this netkpi */
#include "config.h"

#include <stdio.h>

#include "buf.h"
#include "db.h"
#include "schema.h"
#include "tables.h"

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
_Static_assert(TABLES_KPI_INDEXES == 3, "count_indexes names three indexes");

static int
count_indexes(MYSQL *m, const struct kpi *k, int64_t *n, char *err,
    size_t errlen)
{
	MYSQL_BIND	p[1 + TABLES_KPI_INDEXES];
	unsigned long	len[1 + TABLES_KPI_INDEXES];
	struct buf	name[TABLES_KPI_INDEXES];
	size_t		i;
	int		isnull, rc;

	db_bind_str(&p[0], k->table, &len[0]);
	for (i = 0; i < TABLES_KPI_INDEXES; i++) {
		name[i] = (struct buf)BUF_INIT;
		tables_index_name(k, i, &name[i]);
		db_bind_str(&p[1 + i], buf_cstr(&name[i]), &len[1 + i]);
	}
	rc = db_query_i64(m, "SELECT COUNT(DISTINCT `INDEX_NAME`) FROM"
	    " information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
	    " AND TABLE_NAME = ? AND INDEX_NAME IN (?, ?, ?)", p, n, &isnull,
	    err, errlen);
	for (i = 0; i < TABLES_KPI_INDEXES; i++)
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
		if (n < (int64_t)TABLES_KPI_INDEXES) {
			snprintf(err, errlen, "the database is not migrated for"
			    " the KPIs in effect (%s or its indexes missing):"
			    " run 'netkpi-ingest --migrate'", k->table);
			return -1;
		}
	}
	return 0;
}
