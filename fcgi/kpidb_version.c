/* kpidb_version.c: the data version of a KPI's answers (ETag, Last-Modified) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpidb.h"
#include "log.h"

/* The arguments of one attempt. */
struct version_args {
	const struct kpi	*kpi;
	struct kpi_version	*v;
};

/* Give up versions on this connection, and say so once per process. */
static void
unversioned(struct kpidb *d, const char *err)
{
	d->unversioned = 1;
	if (log_first(d->gate != NULL ? &d->gate->unversioned : NULL))
		log_warn("database: %s: KPI answers carry no ETag or"
		    " Last-Modified, and nginx does not cache them (GRANT"
		    " SELECT ON netkpi_version to the API user, and run"
		    " 'netkpi-ingest --migrate')", err);
}

/* The version query of kpi, prepared on first use (NULL: see *errnum). */
static MYSQL_STMT *
version_statement(struct kpidb *d, const struct kpi *kpi, unsigned *errnum,
    char *err, size_t errlen)
{
	struct kpidb_stmt_key key = { KPIDB_STMT_VERSION, kpi, 0 };
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	*errnum = 0;
	if ((st = kpidb_cached(d, &key)) != NULL)
		return st;
	buf_addf(&sql, "SELECT v.`version`, v.`committed`,"
	    " (SELECT MAX(`id`) FROM `%s`) FROM `netkpi_version` v"
	    " WHERE v.`id` = 1", kpi->table);
	st = kpidb_prepare(d, &key, buf_cstr(&sql), errnum, err, errlen);
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
		if (db_fault(errnum) != DB_FAULT_DENIED)
			return -1;
		unversioned(d, err);
		return 0;
	}
	return version_fetch(st, a->v, err, errlen);
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
