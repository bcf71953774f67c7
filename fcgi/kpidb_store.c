/* kpidb_store.c: a KPI's answers from the rows the store keeps (rowstore.h), and reading those rows */
#include "config.h"

#include "buf.h"
#include "kpidb.h"
#include "rowstore.h"

/* The arguments of one attempt at reading a KPI's rows. */
struct read_args {
	const struct kpi	*kpi;
	struct rowsnap		*rows;
	size_t			 max;	/* rows that fit */
};

/* All of kpi's rows by id, the first ? of them; prepared on first use. */
static MYSQL_STMT *
statement(struct kpidb *d, const struct kpi *kpi, char *err, size_t errlen)
{
	struct kpidb_stmt_key key = { KPIDB_STMT_ALL, kpi, 0 };
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	if ((st = kpidb_cached(d, &key)) != NULL)
		return st;
	buf_addf(&sql, "SELECT `id`, `interval_start_timestamp`,"
	    " `interval_end_timestamp`, `interval`, `%s`, `%s` FROM `%s`"
	    " ORDER BY `id` LIMIT ?", kpi->key, kpi->value, kpi->table);
	st = kpidb_prepare(d, &key, buf_cstr(&sql), NULL, err, errlen);
	buf_free(&sql);
	return st;
}

/*
 * One attempt: connect if needed, and read up to a->max + 1 rows.  A
 * row that cannot be decoded (a NULL) fails it as KPIDB_REFUSED: the
 * connection is fine, and the database answers instead.
 */
static int
read_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct read_args *a = arg;
	MYSQL_STMT	*st;
	MYSQL_BIND	 limit;
	int64_t		 n = (int64_t)a->max + 1;
	int		 rc;

	rowsnap_free(a->rows);
	if (kpidb_connect(d, err, errlen) == -1 ||
	    (st = statement(d, a->kpi, err, errlen)) == NULL)
		return -1;
	db_bind_i64(&limit, &n);
	if (db_run(st, &limit, err, errlen) == -1 ||
	    kpidb_row_bind(d, st, 0, err, errlen) == -1)
		return -1;
	d->cur = st;
	while ((rc = kpidb_row_fetch(d)) == 0)
		rowsnap_add(a->rows, &d->one);
	d->cur = NULL;
	if (rc == MYSQL_NO_DATA)
		return 0;
	kpidb_row_error(d, err, errlen);
	return rc == 1 && rowbin_end(&d->bin) == -1 &&
	    mysql_stmt_free_result(st) == 0 ? KPIDB_REFUSED : -1;
}

/*
 * Read kpi's rows for the store (at most max): the new snapshot, held,
 * or NULL (failed, or more rows than max: the database answers).
 */
static const struct rowsnap *
read_rows(struct kpidb *d, const struct kpi *kpi, size_t i,
    const struct kpi_version *v, size_t max)
{
	struct rowsnap	 rows = ROWSNAP_INIT;
	struct read_args a = { kpi, &rows, max };
	char		 err[512];
	int		 rc, unfit;

	/* The gate logs a database gone; the request then asks it too. */
	rc = kpidb_attempt(d, read_once, &a, err, sizeof err);
	unfit = rc == KPIDB_REFUSED || (rc == 0 && rows.n > max);
	if (rc == 0 && !unfit)
		rowsnap_index(&rows);
	if (rc == -1)
		rowsnap_free(&rows);
	return rowstore_put(d->store, i, v, utc_now(), rc == -1 ? NULL : &rows,
	    unfit);
}

int
kpidb_store_select(struct kpidb *d, const struct kpi *kpi,
    const struct filter_values *f, const struct kpi_version *v)
{
	const struct rowsnap *snap = NULL;
	size_t		 i = (size_t)(kpi - kpi_registry), max = 0;

	kpidb_done(d);
	if (d->store == NULL || !v->known || i >= KPIDB_MAX_KPIS ||
	    rowsnap_bounds(f, &d->bounds) == -1)
		return 0;
	switch (rowstore_get(d->store, i, v, utc_now(), &snap, &max)) {
	case ROWSTORE_HIT:
		break;
	case ROWSTORE_READ:
		snap = read_rows(d, kpi, i, v, max);
		break;
	default:
		break;
	}
	if (snap == NULL)
		return 0;
	rows_reset(&d->batch);
	if (rowsnap_select(snap, &d->bounds, KPIDB_SORT_MAX, &d->batch))
		rowstore_release(d->store, snap);
	else {
		d->snap = snap;
		d->snap_at = 0;
	}
	return 1;
}
