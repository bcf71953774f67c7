/* kpidb.c: prepared, streamed KPI queries over a reconnecting connection */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kpidb.h"
#include "log.h"

/* The indexes --migrate adds for the API's filters. */
#define MIGRATED_SQL \
	"SELECT COUNT(*) FROM information_schema.STATISTICS" \
	" WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME IN" \
	" ('netkpi_stv_start', 'netkpi_stv_end', 'netkpi_stv_interval'," \
	" 'netkpi_cuu_start', 'netkpi_cuu_end', 'netkpi_cuu_interval')"
#define MIGRATED_INDEXES	6

enum { F_START = 1, F_END = 2, F_INTERVAL = 4 };

void
kpidb_init(struct kpidb *d, const struct db_params *p, struct dbgate *gate)
{
	memset(d, 0, sizeof *d);
	d->p = *p;
	d->gate = gate;
}

/*
 * May this request use the database?  Yes when it is not known to be
 * down, or when no other worker is trying it (this one then does).
 */
static int
gate_enter(struct kpidb *d)
{
	int	idle = 0;

	d->probe = 0;
	if (d->gate == NULL || !atomic_load(&d->gate->down))
		return 0;
	if (!atomic_compare_exchange_strong(&d->gate->probing, &idle, 1))
		return -1;
	d->probe = 1;
	return 0;
}

/*
 * Record how an attempt went.  With a gate, only the changes are
 * logged (the database went away, it is back): a burst of requests
 * against a dead database writes two lines, not one per request.
 */
static void
gate_leave(struct kpidb *d, int ok, const char *err)
{
	struct dbgate	*g = d->gate;

	if (ok) {
		if (g != NULL && atomic_exchange(&g->down, 0))
			log_info("database: answering again");
	} else if (g == NULL)
		log_error("%s", err);
	else if (!atomic_exchange(&g->down, 1))
		log_error("%s; answering 503 until the database answers again",
		    err);
	else
		log_debug("%s", err);
	if (d->probe) {
		atomic_store(&g->probing, 0);
		d->probe = 0;
	}
}

void
kpidb_close(struct kpidb *d)
{
	int	i, j;

	for (i = 0; i < KPIDB_NKPI; i++)
		for (j = 0; j < KPIDB_NMASK; j++) {
			if (d->st[i][j] != NULL)
				mysql_stmt_close(d->st[i][j]);
			d->st[i][j] = NULL;
		}
	if (d->m != NULL)
		mysql_close(d->m);
	d->m = NULL;
	d->cur = NULL;
}

int
kpidb_connect(struct kpidb *d, char *err, size_t errlen)
{
	int64_t	n;
	int	isnull;

	if (d->m != NULL)
		return 0;
	if ((d->m = db_connect(&d->p, err, errlen)) == NULL)
		return -1;
	if (db_query_i64(d->m, MIGRATED_SQL, NULL, &n, &isnull, err,
	    errlen) == -1)
		goto fail;
	if (n < MIGRATED_INDEXES) {
		snprintf(err, errlen, "the database is not migrated for the"
		    " API (indexes missing): run 'netkpi-ingest --migrate'");
		goto fail;
	}
	return 0;
fail:
	kpidb_close(d);
	return -1;
}

/* The statement for kpi and mask, prepared on first use. */
static MYSQL_STMT *
statement(struct kpidb *d, const struct kpi_desc *kpi, int mask, char *err,
    size_t errlen)
{
	char	sql[512];
	int	n;

	if (d->st[kpi->index][mask] != NULL)
		return d->st[kpi->index][mask];
	n = snprintf(sql, sizeof sql, "SELECT `id`, `interval_start_timestamp`,"
	    " `interval_end_timestamp`, `interval`, `%s`, `%s` FROM `%s`"
	    " WHERE 1 = 1%s%s%s%s ORDER BY `id`", kpi->key, kpi->value,
	    kpi->table,
	    mask & F_START ? " AND `interval_start_timestamp` >= ?" : "",
	    mask & F_END ? " AND `interval_end_timestamp` <= ?" : "",
	    (mask & (F_START | F_END)) == (F_START | F_END) ?
	    " AND `interval_start_timestamp` <= ?" : "",
	    mask & F_INTERVAL ? " AND `interval` = ?" : "");
	if (n < 0 || (size_t)n >= sizeof sql) {
		snprintf(err, errlen, "query too long");
		return NULL;
	}
	d->st[kpi->index][mask] = db_prepare(d->m, sql, err, errlen);
	return d->st[kpi->index][mask];
}

static int
bind_result(struct kpidb *d, MYSQL_STMT *st, char *err, size_t errlen)
{
	MYSQL_BIND	res[6];

	db_bind_i64(&res[0], &d->row.id);
	db_bind_time(&res[1], &d->row.start);
	db_bind_time(&res[2], &d->row.end);
	db_bind_i64(&res[3], &d->row.interval);
	db_bind_i64(&res[4], &d->row.key);
	db_bind_i64(&res[5], &d->row.value);
	if (mysql_stmt_bind_result(st, res) != 0) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		return -1;
	}
	return 0;
}

/* One attempt: connect if needed, prepare, bind, execute. */
static int
select_once(struct kpidb *d, const struct kpi_desc *kpi,
    const struct kpi_filter *f, char *err, size_t errlen)
{
	MYSQL_BIND	 params[4];
	MYSQL_TIME	 start, end;
	MYSQL_STMT	*st;
	int64_t		 interval = f->interval;
	int		 mask = 0, n = 0;

	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	if (f->has_start) {
		mask |= F_START;
		db_time_set(&start, f->start);
		db_bind_time(&params[n++], &start);
	}
	if (f->has_end) {
		mask |= F_END;
		db_time_set(&end, f->end);
		db_bind_time(&params[n++], &end);
	}
	if (f->has_start && f->has_end) {
		/*
		 * Every row starts before it ends, so start <= the end bound
		 * too: this closes the range on the start index (one hour
		 * reads one hour of rows, not everything after its start).
		 */
		db_bind_time(&params[n++], &end);
	}
	if (f->interval != 0) {
		mask |= F_INTERVAL;
		db_bind_i64(&params[n++], &interval);
	}
	if ((st = statement(d, kpi, mask, err, errlen)) == NULL ||
	    db_run(st, n > 0 ? params : NULL, err, errlen) == -1 ||
	    bind_result(d, st, err, errlen) == -1)
		return -1;
	d->cur = st;
	return 0;
}

static double
mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The attempt behind kpidb_select: once, and again after a reconnect. */
static int
select_retry(struct kpidb *d, const struct kpi_desc *kpi,
    const struct kpi_filter *f, char *err, size_t errlen)
{
	int	was_connected = d->m != NULL;
	double	t0 = mono();

	if (select_once(d, kpi, f, err, errlen) == 0)
		return 0;
	kpidb_close(d);
	/*
	 * A server restarted since the last request fails the old
	 * connection at once: retry once.  One that took a second or more
	 * to fail is hung or gone: the request has waited enough.
	 */
	if (!was_connected || mono() - t0 >= 1.0)
		return -1;
	log_info("database: %s; reconnecting", err);
	if (select_once(d, kpi, f, err, errlen) == 0)
		return 0;
	kpidb_close(d);
	return -1;
}

int
kpidb_select(struct kpidb *d, const struct kpi_desc *kpi,
    const struct kpi_filter *f, char *err, size_t errlen)
{
	int	rc;

	if (gate_enter(d) == -1) {
		snprintf(err, errlen, "database unavailable: another worker"
		    " is trying it");
		return -1;
	}
	rc = select_retry(d, kpi, f, err, errlen);
	gate_leave(d, rc == 0, err);
	return rc;
}

int
kpidb_fetch(struct kpidb *d, char *err, size_t errlen)
{
	int	rc;

	if (d->cur == NULL)
		return 0;
	rc = mysql_stmt_fetch(d->cur);
	if (rc == 0 || rc == MYSQL_DATA_TRUNCATED)
		return 1;
	if (rc == MYSQL_NO_DATA) {
		d->cur = NULL;
		return 0;
	}
	/* A connection closed under it leaves no statement error. */
	snprintf(err, errlen, "%s", *mysql_stmt_error(d->cur) != '\0' ?
	    mysql_stmt_error(d->cur) : *mysql_error(d->m) != '\0' ?
	    mysql_error(d->m) : "the server closed the connection");
	kpidb_close(d);
	gate_leave(d, 0, err);
	return -1;
}

void
kpidb_done(struct kpidb *d)
{
	if (d->cur != NULL && mysql_stmt_free_result(d->cur) != 0)
		kpidb_close(d);
	d->cur = NULL;
}

/* watch11: the gate, for the queries of fcgi/kpidb_status.c */
int
kpidb_gate_enter(struct kpidb *d)
{
	return gate_enter(d);
}

void
kpidb_gate_leave(struct kpidb *d, int ok, const char *err)
{
	gate_leave(d, ok, err);
}
