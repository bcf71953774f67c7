/* kpidb_status.c: the ingest status query, over a worker's connection */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpi.h"
#include "kpidb_status.h"

/*
 * One row, also before the first interval and the first run: the
 * schema version of a migrated database, the newest interval of
 * netkpi_intervals and the newest run of netkpi_runs.  The API user
 * needs SELECT on these three tables.  A format: the %s is a KPI table
 * (oldest_table).
 */
#define STATUS_SQL \
	"SELECT s.`version`, i.`end_date`, i.`processed`, i.`files`," \
	" i.`rows_ok`, i.`rows_rejected`, i.`empty_counters`," \
	" r.`started`, r.`finished`, r.`exit_status`" RETENTION_COLS \
	" FROM `netkpi_schema` s" \
	" LEFT JOIN (SELECT `end_date`, `processed`, `files`, `rows_ok`," \
	" `rows_rejected`, `empty_counters` FROM `netkpi_intervals`" \
	" ORDER BY `end_date` DESC LIMIT 1) i ON 1 = 1" \
	" LEFT JOIN (SELECT `started`, `finished`, `exit_status`" \
	" FROM `netkpi_runs` ORDER BY `id` DESC LIMIT 1) r ON 1 = 1" \
	RETENTION_SQL \
	" WHERE s.`id` = 1"

/*
 * Retention's figures: the oldest row kept, and what the last finished
 * run found in input_dir and expired (netkpi_runs).  The MIN is read
 * off the KPI table's index led by interval_start_timestamp.
 */
#define RETENTION_SQL \
	" LEFT JOIN (SELECT MIN(`interval_start_timestamp`) AS `oldest`" \
	" FROM `%s`) o ON 1 = 1" \
	" LEFT JOIN (SELECT `flow_files`, `flow_bytes`, `over_size_bytes`," \
	" `expired_files`, `expired_bytes`, `expired_rows`, `skipped_expired`" \
	" FROM `netkpi_runs` WHERE `finished` IS NOT NULL" \
	" ORDER BY `id` DESC LIMIT 1) f ON 1 = 1"
#define RETENTION_COLS \
	", o.`oldest`, f.`flow_files`, f.`flow_bytes`, f.`over_size_bytes`," \
	" f.`expired_files`, f.`expired_bytes`, f.`expired_rows`," \
	" f.`skipped_expired`"

#define NCOLS	(10 + RETENTION_NCOLS)

/* The columns of one status row as bound for fetching. */
struct status_row {
	MYSQL_BIND	bind[NCOLS];
	my_bool		null[NCOLS];
	int64_t		version, files, rows, rejected, empty, exit_status;
	MYSQL_TIME	end, processed, started, finished;
	struct retention_row ret;
};

static void
bind_row(struct status_row *row)
{
	int	i;

	memset(row, 0, sizeof *row);
	db_bind_i64(&row->bind[0], &row->version);
	db_bind_time(&row->bind[1], &row->end);
	db_bind_time(&row->bind[2], &row->processed);
	db_bind_i64(&row->bind[3], &row->files);
	db_bind_i64(&row->bind[4], &row->rows);
	db_bind_i64(&row->bind[5], &row->rejected);
	db_bind_i64(&row->bind[6], &row->empty);
	db_bind_time(&row->bind[7], &row->started);
	db_bind_time(&row->bind[8], &row->finished);
	db_bind_i64(&row->bind[9], &row->exit_status);
	retention_bind(&row->ret, &row->bind[10]);
	for (i = 0; i < NCOLS; i++)
		row->bind[i].is_null = &row->null[i];
}

static void
fill(struct ingest_status *s, const struct status_row *row)
{
	memset(s, 0, sizeof *s);
	s->schema_version = row->version;
	if ((s->has_interval = !row->null[1])) {
		s->interval_end = db_time_get(&row->end);
		s->processed = db_time_get(&row->processed);
		s->files = row->files;
		s->rows = row->rows;
		s->rejected_rows = row->rejected;
		s->empty_counters = row->empty;
	}
	if ((s->has_run = !row->null[7])) {
		s->run_started = db_time_get(&row->started);
		if ((s->has_finished = !row->null[8])) {
			s->run_finished = db_time_get(&row->finished);
			s->exit_status = row->null[9] ? -1 : row->exit_status;
		}
	}
	retention_fill(&s->ret, &row->ret, &row->null[10]);
}

/*
 * The table of the oldest row kept: the first KPI always in effect has
 * rows for every interval written, and expiry deletes every KPI's rows
 * by the same ages.
 */
static const char *
oldest_table(void)
{
	size_t	i = 0;

	while (i + 1 < kpi_registry_len && kpi_registry[i].optional)
		i++;
	return kpi_registry[i].table;
}

/*
 * err for a failed status query: "ingest status: " and why.  Returns
 * KPIDB_REFUSED for an error of the server's (a missing grant or
 * table), -1 for the connection's (lost, timed out).
 */
static int
status_failed(unsigned no, const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "ingest status: %s", *why != '\0' ? why :
	    "the server closed the connection");
	return db_fault(no) == DB_FAULT_CONNECTION ? -1 : KPIDB_REFUSED;
}

/*
 * One attempt (a kpidb_op): 0, -1 when the connection failed, or
 * KPIDB_REFUSED when the server answered with an error (a missing grant,
 * a missing table).  The statement is prepared once per connection.
 */
struct status_args {
	struct ingest_status	*s;
};

static int
status_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	static const struct kpidb_stmt_key key = { KPIDB_STMT_STATUS, NULL, 0 };
	const struct status_args *a = arg;
	struct status_row row;
	MYSQL_STMT	*st;
	char		 why[256], sql[sizeof STATUS_SQL + 64];
	unsigned	 no;
	int		 rc, fr;

	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	snprintf(sql, sizeof sql, STATUS_SQL, oldest_table());
	if ((st = kpidb_prepared(d, &key, sql, &no, why,
	    sizeof why)) == NULL)
		return status_failed(no, why, err, errlen);
	bind_row(&row);
	if (mysql_stmt_execute(st) != 0 ||
	    mysql_stmt_bind_result(st, row.bind) != 0 ||
	    ((fr = mysql_stmt_fetch(st)) != 0 && fr != MYSQL_DATA_TRUNCATED &&
	    fr != MYSQL_NO_DATA) || mysql_stmt_free_result(st) != 0)
		rc = status_failed(mysql_stmt_errno(st), mysql_stmt_error(st),
		    err, errlen);
	else if (fr == MYSQL_NO_DATA) {
		snprintf(err, errlen, "netkpi_schema has no version: run"
		    " 'netkpi-ingest --migrate'");
		rc = KPIDB_REFUSED;
	} else {
		fill(a->s, &row);
		rc = 0;
	}
	return rc;
}

int
kpidb_status(struct kpidb *d, struct ingest_status *s, char *err,
    size_t errlen)
{
	struct status_args a = { s };
	int		 rc = kpidb_attempt(d, status_once, &a, err, errlen);

	if (rc == 0)
		return 0;
	return rc == KPIDB_REFUSED ? KPIDB_STATUS_REFUSED : KPIDB_STATUS_DOWN;
}
