/* kpidb_rows.c: a KPI's rows: prepared, read whole and sorted, or streamed */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpidb.h"
#include "rowstore.h"

/* The arguments of one attempt. */
struct select_args {
	const struct kpi		*kpi;
	const struct filter_values	*f;
};

/*
 * The interval column, left out of the SELECT when a condition fixes it
 * (interval=1): the database then sends and converts a column less per
 * row, and the value is set once.
 */
#define FIXED_COLUMN	"interval"

/*
 * The statement for kpi and the conditions in present, prepared on
 * first use: sorted by id, or the first KPIDB_SORT_MAX + 1 rows the
 * index gives.  fixed (FIXED_COLUMN left out) follows from present, so
 * the cache's key needs no more.
 */
static MYSQL_STMT *
statement(struct kpidb *d, const struct kpi *kpi, unsigned present,
    int fixed, int by_id, char *err, size_t errlen)
{
	struct kpidb_stmt_key key = {
		by_id ? KPIDB_STMT_ROWS_BY_ID : KPIDB_STMT_ROWS, kpi, present
	};
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	if ((st = kpidb_cached(d, &key)) != NULL)
		return st;
	buf_addf(&sql, "SELECT `id`, `interval_start_timestamp`,"
	    " `interval_end_timestamp`,%s `%s`, `%s` FROM `%s`",
	    fixed ? "" : " `" FIXED_COLUMN "`,", kpi->key, kpi->value,
	    kpi->table);
	filter_where(present, &sql);
	if (by_id)
		buf_addstr(&sql, " ORDER BY `id`");
	else
		buf_addf(&sql, " LIMIT %d", KPIDB_SORT_MAX + 1);
	st = kpidb_prepare(d, &key, buf_cstr(&sql), NULL, err, errlen);
	buf_free(&sql);
	return st;
}

/* The values of the conditions, for the statement's binds. */
struct binds {
	MYSQL_BIND	params[FILTER_MAX];
	MYSQL_TIME	times[FILTER_MAX];
	int64_t		ints[FILTER_MAX];
	int		n;
};

/* Bind the conditions in f, in the table's order (that of the WHERE). */
static void
bind_filters(const struct filter_values *f, struct binds *b)
{
	size_t	i;

	b->n = 0;
	for (i = 0; i < nfilters; i++) {
		if ((f->present >> i & 1) == 0)
			continue;
		if (filters[i].type == FILTER_TIME) {
			db_time_set(&b->times[b->n], f->value[i]);
			db_bind_time(&b->params[b->n], &b->times[b->n]);
		} else {
			b->ints[b->n] = f->value[i];
			db_bind_i64(&b->params[b->n], &b->ints[b->n]);
		}
		b->n++;
	}
}

/*
 * The row's columns, in the order of statement's SELECT: decoded
 * straight into d->one (rowbin.h) where the client library can, else
 * bound to d->fetched.
 */
int
kpidb_row_bind(struct kpidb *d, MYSQL_STMT *st, int fixed, char *err,
    size_t errlen)
{
	enum rowbin_role role[] = { ROWBIN_ID, ROWBIN_START, ROWBIN_END,
	    ROWBIN_INTERVAL, ROWBIN_KEY, ROWBIN_VALUE };
	MYSQL_BIND	res[6];
	size_t		n = 0;

	if (fixed)
		memmove(&role[3], &role[4], 2 * sizeof role[0]);
	if (rowbin_attach(&d->bin, st, role, fixed ? 5 : 6, &d->one) == 0)
		return 0;
	db_bind_i64(&res[n++], &d->fetched.id);
	db_bind_time(&res[n++], &d->fetched.start);
	db_bind_time(&res[n++], &d->fetched.end);
	if (!fixed)
		db_bind_i64(&res[n++], &d->fetched.interval);
	db_bind_i64(&res[n++], &d->fetched.key);
	db_bind_i64(&res[n++], &d->fetched.value);
	if (mysql_stmt_bind_result(st, res) != 0) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		return -1;
	}
	return 0;
}

/* Run kpi's statement, sorted by id or not, with the conditions b. */
static int
run_select(struct kpidb *d, const struct select_args *a,
    struct binds *b, int by_id, char *err, size_t errlen)
{
	MYSQL_STMT	*st;
	int64_t		 v;
	int		 fixed = filter_fixed(a->f, FIXED_COLUMN, &v);

	if (fixed)
		d->fetched.interval = d->one.interval = (int32_t)v;
	if ((st = statement(d, a->kpi, a->f->present, fixed, by_id, err,
	    errlen)) == NULL ||
	    db_run(st, b->n > 0 ? b->params : NULL, err, errlen) == -1 ||
	    kpidb_row_bind(d, st, fixed, err, errlen) == -1)
		return -1;
	d->cur = st;
	return 0;
}

/*
 * The next row of d->cur into d->one: mysql_stmt_fetch's 0 (a row,
 * truncated values included: MYSQL_DATA_TRUNCATED), MYSQL_NO_DATA, or
 * 1 (an error; also a row rowbin could not decode).
 */
int
kpidb_row_fetch(struct kpidb *d)
{
	int	rc;

	rowbin_begin(&d->bin);
	rc = mysql_stmt_fetch(d->cur);
	if (rc == MYSQL_DATA_TRUNCATED)
		rc = 0;
	if (rc != 0)
		return rc;
	switch (rowbin_end(&d->bin)) {
	case 0:
		row_pack(&d->one, &d->fetched);
		return 0;
	case 1:
		return 0;
	default:
		return 1;
	}
}

/* Why fetching from d->cur failed, into err. */
void
kpidb_row_error(const struct kpidb *d, char *err, size_t errlen)
{
	/* A connection closed under it leaves no statement error. */
	snprintf(err, errlen, "%s", rowbin_end(&d->bin) == -1 ?
	    "a NULL or an unexpected column in a row" :
	    *mysql_stmt_error(d->cur) != '\0' ? mysql_stmt_error(d->cur) :
	    *mysql_error(d->m) != '\0' ? mysql_error(d->m) :
	    "the server closed the connection");
}

/*
 * Read all of d->cur into the batch, up to KPIDB_SORT_MAX rows (*more
 * says there were more).  Returns 0, or -1 with err.
 */
static int
read_batch(struct kpidb *d, int *more, char *err, size_t errlen)
{
	int	rc;

	*more = 0;
	while ((rc = kpidb_row_fetch(d)) == 0) {
		if (d->batch.n < KPIDB_SORT_MAX)
			rows_add_row(&d->batch, &d->one);
		else
			*more = 1;
	}
	if (rc != MYSQL_NO_DATA) {
		kpidb_row_error(d, err, errlen);
		return -1;
	}
	d->cur = NULL;
	return 0;
}

/*
 * One attempt: connect if needed, then read the answer whole and sort
 * it, or, when it has more than KPIDB_SORT_MAX rows, run the query
 * sorted by the database for kpidb_fetch to stream.
 */
static int
select_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct select_args *a = arg;
	struct binds	 b;
	int		 more;

	rows_reset(&d->batch);
	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	bind_filters(a->f, &b);
	if (run_select(d, a, &b, 0, err, errlen) == -1 ||
	    read_batch(d, &more, err, errlen) == -1)
		return -1;
	if (!more) {
		rows_sort(&d->batch);
		return 0;
	}
	rows_reset(&d->batch);
	return run_select(d, a, &b, 1, err, errlen);
}

int
kpidb_select(struct kpidb *d, const struct kpi *kpi,
    const struct filter_values *f, char *err, size_t errlen)
{
	struct select_args a = { kpi, f };

	return kpidb_attempt(d, select_once, &a, err, errlen);
}

/* The next row of an answer read from the store's rows (d->snap). */
static int
snap_next(struct kpidb *d)
{
	d->snap_at = rowsnap_scan(d->snap, &d->bounds, d->snap_at);
	if (d->snap_at < d->snap->n) {
		d->row = &d->snap->row[d->snap_at++];
		return 1;
	}
	kpidb_done(d);
	return 0;
}

int
kpidb_fetch(struct kpidb *d, char *err, size_t errlen)
{
	int	rc;

	if ((d->row = rows_next(&d->batch)) != NULL)
		return 1;
	if (d->snap != NULL)
		return snap_next(d);
	if (d->cur == NULL)
		return 0;
	rc = kpidb_row_fetch(d);
	if (rc == 0) {
		d->row = &d->one;
		return 1;
	}
	if (rc == MYSQL_NO_DATA) {
		d->cur = NULL;
		return 0;
	}
	kpidb_row_error(d, err, errlen);
	kpidb_close(d);
	dbgate_leave(d->gate, &d->probe, 0, err);
	return -1;
}

void
kpidb_done(struct kpidb *d)
{
	rows_reset(&d->batch);
	rowstore_release(d->store, d->snap);
	d->snap = NULL;
	if (d->cur != NULL && mysql_stmt_free_result(d->cur) != 0)
		kpidb_close(d);
	d->cur = NULL;
}
