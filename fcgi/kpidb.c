/* kpidb.c: prepared, streamed KPI queries over a reconnecting connection */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysqld_error.h>

#include "kpidb.h"
#include "log.h"
#include "schema.h"
#include "xmalloc.h"

void
kpidb_init(struct kpidb *d, const struct db_params *p, kpi_mask kpis,
    struct dbgate *gate)
{
	memset(d, 0, sizeof *d);
	d->p = *p;
	d->kpis = kpis;
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
	size_t	i;

	for (i = 0; i < d->nstmts; i++)
		mysql_stmt_close(d->stmts[i].st);
	free(d->stmts);
	d->stmts = NULL;
	d->nstmts = 0;
	rows_free(&d->batch);
	if (d->m != NULL)
		mysql_close(d->m);
	d->m = NULL;
	d->cur = NULL;
	d->unversioned = 0;
	memset(d->versions, 0, sizeof d->versions);
}

int
kpidb_connect(struct kpidb *d, char *err, size_t errlen)
{
	if (d->m != NULL)
		return 0;
	if ((d->m = db_connect(&d->p, err, errlen)) == NULL)
		return -1;
	if (schema_check_kpis(d->m, d->kpis, err, errlen) == -1) {
		kpidb_close(d);
		return -1;
	}
	return 0;
}

/* The arguments of one attempt of each kind. */
struct select_args {
	const struct kpi		*kpi;
	const struct filter_values	*f;
};
struct version_args {
	const struct kpi	*kpi;
	struct kpi_version	*v;
};

/* The cached statement of kpi with the conditions present, or NULL. */
static MYSQL_STMT *
cached_statement(const struct kpidb *d, const struct kpi *kpi,
    unsigned present, int by_id)
{
	size_t	i;

	for (i = 0; i < d->nstmts; i++)
		if (d->stmts[i].kpi == kpi && d->stmts[i].present == present &&
		    d->stmts[i].by_id == by_id)
			return d->stmts[i].st;
	return NULL;
}

/*
 * Prepare sql and keep it in the cache as the statement of kpi with the
 * conditions present.  NULL when it fails: err, *errnum.
 */
static MYSQL_STMT *
prepare_cached(struct kpidb *d, const struct kpi *kpi, unsigned present,
    int by_id, const char *sql, unsigned *errnum, char *err, size_t errlen)
{
	MYSQL_STMT	*st;

	if ((st = db_prepare_err(d->m, sql, errnum, err, errlen)) == NULL)
		return NULL;
	d->stmts = xreallocarray(d->stmts, d->nstmts + 1, sizeof *d->stmts);
	d->stmts[d->nstmts].kpi = kpi;
	d->stmts[d->nstmts].present = present;
	d->stmts[d->nstmts].by_id = by_id;
	d->stmts[d->nstmts++].st = st;
	return st;
}

MYSQL_STMT *
kpidb_prepared(struct kpidb *d, const struct kpi *kpi, unsigned key,
    const char *sql, unsigned *errnum, char *err, size_t errlen)
{
	MYSQL_STMT	*st;

	if (errnum != NULL)
		*errnum = 0;
	if ((st = cached_statement(d, kpi, key, 0)) != NULL)
		return st;
	return prepare_cached(d, kpi, key, 0, sql, errnum, err, errlen);
}

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
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	if ((st = cached_statement(d, kpi, present, by_id)) != NULL)
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
	st = prepare_cached(d, kpi, present, by_id, buf_cstr(&sql), NULL, err,
	    errlen);
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

/* The row's columns to d->fetched, in the order of statement's SELECT. */
static int
bind_result(struct kpidb *d, MYSQL_STMT *st, int fixed, char *err,
    size_t errlen)
{
	MYSQL_BIND	res[6];
	size_t		n = 0;

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
		d->fetched.interval = v;
	if ((st = statement(d, a->kpi, a->f->present, fixed, by_id, err,
	    errlen)) == NULL ||
	    db_run(st, b->n > 0 ? b->params : NULL, err, errlen) == -1 ||
	    bind_result(d, st, fixed, err, errlen) == -1)
		return -1;
	d->cur = st;
	return 0;
}

/* Why fetching from d->cur failed, into err. */
static void
fetch_error(const struct kpidb *d, char *err, size_t errlen)
{
	/* A connection closed under it leaves no statement error. */
	snprintf(err, errlen, "%s", *mysql_stmt_error(d->cur) != '\0' ?
	    mysql_stmt_error(d->cur) : *mysql_error(d->m) != '\0' ?
	    mysql_error(d->m) : "the server closed the connection");
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
	while ((rc = mysql_stmt_fetch(d->cur)) == 0 ||
	    rc == MYSQL_DATA_TRUNCATED) {
		if (d->batch.n < KPIDB_SORT_MAX)
			rows_add(&d->batch, &d->fetched);
		else
			*more = 1;
	}
	if (rc != MYSQL_NO_DATA) {
		fetch_error(d, err, errlen);
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

/* Server errors that mean the API user cannot read netkpi_version. */
static int
version_denied(unsigned errnum)
{
	return errnum == ER_NO_SUCH_TABLE || errnum == ER_TABLEACCESS_DENIED_ERROR ||
	    errnum == ER_COLUMNACCESS_DENIED_ERROR;
}

/* Give up versions on this connection, and say so once per process. */
static void
unversioned(struct kpidb *d, const char *err)
{
	d->unversioned = 1;
	if (d->gate != NULL && atomic_exchange(&d->gate->unversioned, 1))
		return;
	log_warn("database: %s: KPI answers carry no ETag or Last-Modified,"
	    " and nginx does not cache them (GRANT SELECT ON netkpi_version"
	    " to the API user, and run 'netkpi-ingest --migrate')", err);
}

/* The version query of kpi, prepared on first use (NULL: see *errnum). */
static MYSQL_STMT *
version_statement(struct kpidb *d, const struct kpi *kpi, unsigned *errnum,
    char *err, size_t errlen)
{
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	*errnum = 0;
	if ((st = cached_statement(d, kpi, KPIDB_STMT_VERSION, 0)) != NULL)
		return st;
	buf_addf(&sql, "SELECT v.`version`, v.`committed`,"
	    " (SELECT MAX(`id`) FROM `%s`) FROM `netkpi_version` v"
	    " WHERE v.`id` = 1", kpi->table);
	st = prepare_cached(d, kpi, KPIDB_STMT_VERSION, 0, buf_cstr(&sql),
	    errnum, err, errlen);
	buf_free(&sql);
	return st;
}

/* Execute st and fetch its one row into v. */
static int
version_fetch(MYSQL_STMT *st, struct kpi_version *v, char *err,
    size_t errlen)
{
	MYSQL_BIND	res[3];
	MYSQL_TIME	t;
	my_bool		null_id = 0;
	int		rc;

	db_bind_i64(&res[0], &v->version);
	db_bind_time(&res[1], &t);
	db_bind_i64(&res[2], &v->max_id);
	res[2].is_null = &null_id;
	if (db_run(st, NULL, err, errlen) == -1)
		return -1;
	if (mysql_stmt_bind_result(st, res) != 0 ||
	    ((rc = mysql_stmt_fetch(st)) != 0 && rc != MYSQL_NO_DATA)) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		return -1;
	}
	(void)mysql_stmt_free_result(st);
	v->known = rc == 0;
	v->committed = v->known ? db_time_get(&t) : 0;
	if (null_id)
		v->max_id = 0;
	return 0;
}

/* One attempt at the version of a KPI's answers. */
static int
version_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct version_args *a = arg;
	MYSQL_STMT	*st;
	unsigned	 errnum;

	memset(a->v, 0, sizeof *a->v);
	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	a->v->read_at = utc_now();
	if (d->unversioned)
		return 0;
	if ((st = version_statement(d, a->kpi, &errnum, err, errlen)) == NULL) {
		if (!version_denied(errnum))
			return -1;
		unversioned(d, err);
		return 0;
	}
	return version_fetch(st, a->v, err, errlen);
}

int
kpidb_attempt(struct kpidb *d, kpidb_op op, const void *arg, char *err,
    size_t errlen)
{
	int	was_connected = d->m != NULL, rc;
	double	t0 = utc_mono();

	if (gate_enter(d) == -1) {
		snprintf(err, errlen, "database unavailable: another worker"
		    " is trying it");
		return -1;
	}
	if ((rc = op(d, arg, err, errlen)) == -1) {
		kpidb_close(d);
		/*
		 * A server restarted since the last request fails the old
		 * connection at once: retry once.  One that took a second
		 * or more to fail is hung or gone: the request has waited
		 * enough.
		 */
		if (was_connected && utc_mono() - t0 < 1.0) {
			log_info("database: %s; reconnecting", err);
			if ((rc = op(d, arg, err, errlen)) == -1)
				kpidb_close(d);
		}
	}
	gate_leave(d, rc != -1, err);
	return rc;
}

int
kpidb_select(struct kpidb *d, const struct kpi *kpi,
    const struct filter_values *f, char *err, size_t errlen)
{
	struct select_args a = { kpi, f };

	return kpidb_attempt(d, select_once, &a, err, errlen);
}

int
kpidb_version(struct kpidb *d, const struct kpi *kpi, struct kpi_version *v,
    char *err, size_t errlen)
{
	struct version_args a = { kpi, v };
	size_t		 i = (size_t)(kpi - kpi_registry);
	utc_us		 now = utc_floor(utc_now(), USEC_PER_SEC);

	if (i < KPIDB_MAX_KPIS && d->versions[i].read_at != 0 &&
	    utc_floor(d->versions[i].read_at, USEC_PER_SEC) == now) {
		*v = d->versions[i];
		return 0;
	}
	if (kpidb_attempt(d, version_once, &a, err, errlen) == -1)
		return -1;
	if (i < KPIDB_MAX_KPIS)
		d->versions[i] = *v;
	return 0;
}

int
kpidb_fetch(struct kpidb *d, char *err, size_t errlen)
{
	int	rc;

	if ((d->row = rows_next(&d->batch)) != NULL)
		return 1;
	if (d->cur == NULL)
		return 0;
	rc = mysql_stmt_fetch(d->cur);
	if (rc == 0 || rc == MYSQL_DATA_TRUNCATED) {
		row_pack(&d->one, &d->fetched);
		d->row = &d->one;
		return 1;
	}
	if (rc == MYSQL_NO_DATA) {
		d->cur = NULL;
		return 0;
	}
	fetch_error(d, err, errlen);
	kpidb_close(d);
	gate_leave(d, 0, err);
	return -1;
}

void
kpidb_done(struct kpidb *d)
{
	rows_reset(&d->batch);
	if (d->cur != NULL && mysql_stmt_free_result(d->cur) != 0)
		kpidb_close(d);
	d->cur = NULL;
}
