/* kpidb.c: a reconnecting connection, and the attempt of one query on it */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kpidb.h"
#include "log.h"
#include "rowstore.h"
#include "schema.h"

void
kpidb_init(struct kpidb *d, const struct db_params *p, kpi_mask kpis,
    struct dbgate *gate)
{
	memset(d, 0, sizeof *d);
	d->p = *p;
	d->kpis = kpis;
	d->gate = gate;
}

void
kpidb_close(struct kpidb *d)
{
	rowstore_release(d->store, d->snap);
	d->snap = NULL;
	kpidb_stmts_close(d);
	rows_free(&d->batch);
	if (d->m != NULL)
		mysql_close(d->m);
	d->m = NULL;
	d->cur = NULL;
	d->unversioned = 0;
	d->no_expired = 0;
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

int
kpidb_attempt(struct kpidb *d, kpidb_op op, const void *arg, char *err,
    size_t errlen)
{
	int	was_connected = d->m != NULL, rc;
	double	t0 = utc_mono();

	if (dbgate_enter(d->gate, &d->probe) == -1) {
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
	dbgate_leave(d->gate, &d->probe, rc != -1, err);
	return rc;
}
