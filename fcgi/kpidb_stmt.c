/* kpidb_stmt.c: a connection's prepared statements, by kind and key */
#include "config.h"

#include <stdlib.h>

#include "kpidb.h"
#include "xmalloc.h"

static int
same_key(const struct kpidb_stmt_key *a, const struct kpidb_stmt_key *b)
{
	return a->kind == b->kind && a->kpi == b->kpi &&
	    a->present == b->present;
}

MYSQL_STMT *
kpidb_cached(const struct kpidb *d, const struct kpidb_stmt_key *key)
{
	size_t	i;

	for (i = 0; i < d->nstmts; i++)
		if (same_key(&d->stmts[i].key, key))
			return d->stmts[i].st;
	return NULL;
}

MYSQL_STMT *
kpidb_prepare(struct kpidb *d, const struct kpidb_stmt_key *key,
    const char *sql, unsigned *errnum, char *err, size_t errlen)
{
	MYSQL_STMT	*st;

	if ((st = db_prepare_err(d->m, sql, errnum, err, errlen)) == NULL)
		return NULL;
	d->stmts = xreallocarray(d->stmts, d->nstmts + 1, sizeof *d->stmts);
	d->stmts[d->nstmts].key = *key;
	d->stmts[d->nstmts++].st = st;
	return st;
}

MYSQL_STMT *
kpidb_prepared(struct kpidb *d, const struct kpidb_stmt_key *key,
    const char *sql, unsigned *errnum, char *err, size_t errlen)
{
	MYSQL_STMT	*st;

	if (errnum != NULL)
		*errnum = 0;
	if ((st = kpidb_cached(d, key)) != NULL)
		return st;
	return kpidb_prepare(d, key, sql, errnum, err, errlen);
}

void
kpidb_stmts_close(struct kpidb *d)
{
	size_t	i;

	for (i = 0; i < d->nstmts; i++)
		mysql_stmt_close(d->stmts[i].st);
	free(d->stmts);
	d->stmts = NULL;
	d->nstmts = 0;
}
