/* kpidb_version.c: the data version of a KPI's answers (ETag, Last-Modified) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <mysqld_error.h>

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

/*
 * The version query of kpi, prepared on first use (NULL: see *errnum);
 * with the expiry's columns unless old (a database not migrated since
 * they came).
 */
static MYSQL_STMT *
version_statement(struct kpidb *d, const struct kpi *kpi, int old,
    unsigned *errnum, char *err, size_t errlen)
{
	struct kpidb_stmt_key key = { KPIDB_STMT_VERSION, kpi, (unsigned)old };
	struct buf	 sql = BUF_INIT;
	MYSQL_STMT	*st;

	*errnum = 0;
	if ((st = kpidb_cached(d, &key)) != NULL)
		return st;
	buf_addf(&sql, "SELECT v.`version`, v.`committed`,"
	    " (SELECT MAX(`id`) FROM `%s`)%s FROM `netkpi_version` v"
	    " WHERE v.`id` = 1", kpi->table, old ? "" :
	    ", v.`expired_version`, v.`expired_committed`, v.`expired_to`");
	st = kpidb_prepare(d, &key, buf_cstr(&sql), errnum, err, errlen);
	buf_free(&sql);
	return st;
}

/* Execute st (old: without the expiry's columns); its one row into v. */
static int
version_fetch(MYSQL_STMT *st, int old, struct kpi_version *v, char *err,
    size_t errlen)
{
	MYSQL_BIND	res[6];
	MYSQL_TIME	t, tc, tt;
	my_bool		null_id = 0, null_c = 0, null_t = 0;
	int		rc;

	memset(&tc, 0, sizeof tc);
	memset(&tt, 0, sizeof tt);
	db_bind_i64(&res[0], &v->version);
	db_bind_time(&res[1], &t);
	db_bind_i64(&res[2], &v->max_id);
	res[2].is_null = &null_id;
	db_bind_i64(&res[3], &v->expired_version);
	db_bind_time(&res[4], &tc);
	res[4].is_null = &null_c;
	db_bind_time(&res[5], &tt);
	res[5].is_null = &null_t;
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
	if (old || !v->known) {
		v->expired_version = 0;
		null_c = null_t = 1;
	}
	v->expired_committed = null_c ? 0 : db_time_get(&tc);
	v->expired_to = null_t ? 0 : db_time_get(&tt);
	return 0;
}

/* One attempt at the version of a KPI's answers. */
static int
version_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct version_args *a = arg;
	MYSQL_STMT	*st = NULL;
	unsigned	 errnum;

	memset(a->v, 0, sizeof *a->v);
	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	a->v->read_at = utc_now();
	if (d->unversioned)
		return 0;
	if (!d->no_expired && (st = version_statement(d, a->kpi, 0, &errnum,
	    err, errlen)) == NULL && errnum == ER_BAD_FIELD_ERROR)
		d->no_expired = 1;
	if (d->no_expired)
		st = version_statement(d, a->kpi, 1, &errnum, err, errlen);
	if (st == NULL) {
		if (db_fault(errnum) != DB_FAULT_DENIED)
			return -1;
		unversioned(d, err);
		return 0;
	}
	return version_fetch(st, d->no_expired, a->v, err, errlen);
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
