/* tables.c: netkpi's own tables, and each KPI's columns and indexes */
#include "config.h"

#include <string.h>

#include "tables.h"

/*
 * The tables of no KPI, by name and columns: the original's kpis_jobs,
 * column for column (tests/data/original-schema.sql), and netkpi's
 * own, each with whether the API reads it (its user's GRANTs).  CREATE TABLE IF NOT EXISTS leaves a table the original created
 * alone; the steps below upgrade it.
 */
const struct table_def table_defs[] = {
	{ "kpis_jobs",
	" `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	" `total_file_count` integer NOT NULL,"
	" `end_date` datetime(6) NOT NULL,"
	" KEY `kpis_jobs_end_date_cefd62ad` (`end_date`)", 0 },

	/* The schema version. */
	{ "netkpi_schema",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `version` integer NOT NULL,"
	" `updated` datetime(6) NOT NULL", 1 },

	/*
	 * One row: the data version of the KPI tables, advanced by every
	 * ingest transaction, with its commit time (the API's ETags and
	 * Last-Modified).
	 */
	{ "netkpi_version",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `version` bigint NOT NULL,"
	" `committed` datetime(6) NOT NULL", 1 },

	/* One row: the MAX(kpis_jobs.end_date) found on netkpi's first run. */
	{ "netkpi_state",
	" `id` tinyint NOT NULL PRIMARY KEY,"
	" `floor_end` datetime(6) NULL,"
	" `first_run` datetime(6) NOT NULL", 0 },

	/* One row per interval netkpi processed, with its row counts. */
	{ "netkpi_intervals",
	" `end_date` datetime(6) NOT NULL PRIMARY KEY,"
	" `job_id` bigint NOT NULL,"
	" `files` integer NOT NULL,"
	" `rows_ok` bigint NOT NULL,"
	" `rows_rejected` bigint NOT NULL,"
	" `empty_counters` bigint NOT NULL,"
	" `processed` datetime(6) NOT NULL", 1 },

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
	" KEY `netkpi_files_end_date` (`end_date`)", 0 },

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
	" KEY `netkpi_runs_started` (`started`)", 1 },

	/*
	 * The byte total of every key of a bytes KPI (KPI 1 per
	 * service_id, KPI 3 per cell_id when it is on) over each
	 * five-minute interval, hour and day (tier 1, 2, 3: range.h) that
	 * had rows, written in the transaction of the interval; an hour's
	 * rows once it is complete, the sums of its intervals', and a
	 * day's the sums of its complete hours' (ingest/rollup.h).  A
	 * range is read as its whole days, whole hours and edge intervals
	 * (/api/KPIs/<id>/top/).
	 */
	{ "netkpi_totals",
	" `kpi_id` smallint NOT NULL,"
	" `tier` tinyint NOT NULL,"
	" `period_end` datetime(6) NOT NULL,"
	" `key_id` int NOT NULL,"
	" `total_bytes` bigint NOT NULL,"
	" PRIMARY KEY (`kpi_id`, `tier`, `period_end`, `key_id`)", 1 },

	/*
	 * The same tiers for a distinct count (KPI 2 per cell_id):
	 * HyperLogLog sketches of the msisdns (src/hll.h: the hash and
	 * the stored form), mergeable across periods; tier 1's in groups,
	 * a row holding the sketches of many cells (src/hllset.h).
	 */
	{ "netkpi_sketches",
	" `kpi_id` smallint NOT NULL,"
	" `tier` tinyint NOT NULL,"
	" `period_end` datetime(6) NOT NULL,"
	" `key_id` int NOT NULL,"
	" `sketch` varbinary(3075) NOT NULL,"
	" PRIMARY KEY (`kpi_id`, `tier`, `period_end`, `key_id`)", 1 },
};

const size_t table_defs_len = sizeof table_defs / sizeof table_defs[0];

/*
 * The indexes of each KPI table, for the API's filters: suffix and the
 * column each leads with.  Each also holds the other columns of an
 * answer (tables_index_columns), so that a query reads the index alone,
 * not a primary-key lookup per row.
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

_Static_assert(sizeof kpi_indexes / sizeof kpi_indexes[0] ==
    TABLES_KPI_INDEXES, "TABLES_KPI_INDEXES counts kpi_indexes");
_Static_assert(NPERIOD + 2 == TABLES_INDEX_COLUMNS,
    "TABLES_INDEX_COLUMNS counts an index's columns");

/* The columns of a KPI table, in the original's order. */
void
tables_kpi_columns(const struct kpi *k, struct buf *b)
{
	buf_addf(b, " `id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
	    " `interval_start_timestamp` datetime(6) NOT NULL,"
	    " `interval_end_timestamp` datetime(6) NOT NULL,"
	    " `interval` smallint NOT NULL,"
	    " `%s` integer NOT NULL,"
	    " `%s` %s NOT NULL", k->key, k->value, k->value_type);
}

/* Index i of KPI k: "<index_prefix><suffix>". */
void
tables_index_name(const struct kpi *k, size_t i, struct buf *b)
{
	buf_reset(b);
	buf_addf(b, "%s%s", k->index_prefix, kpi_indexes[i][0]);
}

/* The columns of index i of KPI k, leading column first. */
void
tables_index_columns(const struct kpi *k, size_t i,
    const char *cols[TABLES_INDEX_COLUMNS])
{
	size_t	j, n = 0;

	cols[n++] = kpi_indexes[i][1];
	for (j = 0; j < NPERIOD; j++)
		if (strcmp(period_columns[j], kpi_indexes[i][1]) != 0)
			cols[n++] = period_columns[j];
	cols[n++] = k->key;
	cols[n++] = k->value;
}
