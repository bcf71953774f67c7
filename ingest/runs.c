/* runs.c: netkpi_runs, one row per run that took the lock */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "runs.h"

/* Days a row is kept. */
#define KEEP_DAYS	"30"

int
runs_begin(MYSQL *m, int64_t *id, char *err, size_t errlen)
{
	if (db_exec(m, "DELETE FROM `netkpi_runs` WHERE `started` <"
	    " UTC_TIMESTAMP(6) - INTERVAL " KEEP_DAYS " DAY", err,
	    errlen) == -1 ||
	    db_exec(m, "INSERT INTO `netkpi_runs` (`started`)"
	    " VALUES (UTC_TIMESTAMP(6))", err, errlen) == -1)
		return -1;
	*id = (int64_t)mysql_insert_id(m);
	return 0;
}

int
runs_end(MYSQL *m, int64_t id, const struct runrow *r, char *err,
    size_t errlen)
{
	MYSQL_BIND	 p[10];
	MYSQL_STMT	*st;
	int64_t		 v[10];
	int		 i, rc;

	v[0] = r->exit_status;
	v[1] = r->intervals;
	v[2] = r->files;
	v[3] = r->files_rejected;
	v[4] = r->files_bad_rows;
	v[5] = r->skipped->n[SKIP_NAME];
	v[6] = r->skipped->n[SKIP_TYPE];
	v[7] = r->skipped->n[SKIP_UNREADABLE];
	v[8] = r->skipped->n[SKIP_FLOOR];
	v[9] = id;
	for (i = 0; i < 10; i++)
		db_bind_i64(&p[i], &v[i]);
	if ((st = db_prepare(m, "UPDATE `netkpi_runs` SET"
	    " `finished` = UTC_TIMESTAMP(6), `exit_status` = ?,"
	    " `intervals` = ?, `files` = ?, `files_rejected` = ?,"
	    " `files_bad_rows` = ?, `skipped_name` = ?, `skipped_type` = ?,"
	    " `skipped_unreadable` = ?, `skipped_floor` = ? WHERE `id` = ?",
	    err, errlen)) == NULL)
		return -1;
	rc = db_run(st, p, err, errlen);
	mysql_stmt_close(st);
	return rc;
}
