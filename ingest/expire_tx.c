/* expire_tx.c: the expiry's transactions: a statement run with its parameters, the commit that bumps the version, the rest after it */
#include "config.h"

#include <time.h>

#include "expire.h"

int
expire_sql(MYSQL *m, const char *sql, const utc_us *times, size_t ntimes,
    const int64_t *ints, size_t nints, int64_t *affected, char *err,
    size_t errlen)
{
	MYSQL_BIND	 p[4];
	MYSQL_TIME	 t[4];
	MYSQL_STMT	*st;
	int64_t		 v[4];
	size_t		 i, n = 0;
	int		 rc;

	for (i = 0; i < nints; i++) {
		v[n] = ints[i];
		db_bind_i64(&p[n], &v[n]);
		n++;
	}
	for (i = 0; i < ntimes; i++) {
		db_time_set(&t[n], times[i]);
		db_bind_time(&p[n], &t[n]);
		n++;
	}
	if ((st = db_prepare(m, sql, err, errlen)) == NULL)
		return -1;
	rc = db_run(st, n > 0 ? p : NULL, err, errlen);
	if (rc == 0 && affected != NULL)
		*affected += (int64_t)mysql_stmt_affected_rows(st);
	mysql_stmt_close(st);
	return rc;
}

int
expire_commit(struct expiry *x, int rc, utc_us upto, char *err,
    size_t errlen)
{
	utc_us	t[2] = { upto, upto };

	if (rc == 0 && x->own_version)
		rc = expire_sql(x->m, "UPDATE `netkpi_version` SET"
		    " `expired_version` = `expired_version` + 1,"
		    " `expired_committed` = UTC_TIMESTAMP(6), `expired_to` ="
		    " GREATEST(COALESCE(`expired_to`, ?), ?) WHERE `id` = 1",
		    t, 2, NULL, 0, NULL, err, errlen);
	else if (rc == 0)
		rc = db_exec(x->m, "UPDATE `netkpi_version` SET `version` ="
		    " `version` + 1, `committed` = UTC_TIMESTAMP(6) WHERE"
		    " `id` = 1", err, errlen);
	if (rc == 0)
		rc = db_exec(x->m, "COMMIT", err, errlen);
	if (rc == -1)
		(void)mysql_rollback(x->m);
	return rc;
}

/*
 * Rest PACE_REST times as long as a transaction took: the expiry takes
 * at most a quarter of the server's time, leaving the rest to readers,
 * to the replicas applying the same deletes, and to InnoDB purging the
 * deleted rows after each commit.
 */
#define PACE_REST	3

void
expire_pace(double secs)
{
	struct timespec	ts;

	if (secs <= 0)
		return;
	secs *= PACE_REST;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	(void)nanosleep(&ts, NULL);
}
