/* runs.c: netkpi_runs, one row per run that took the lock */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <mysqld_error.h>

#include "runs.h"

/* The values runs_end binds. */
#define RUNS_COLUMNS	17

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

/* The run's table sizes into its row, unless the table has no columns for them. */
static int
put_sizes(MYSQL *m, int64_t id, const struct agg_count *c, char *err,
    size_t errlen)
{
	MYSQL_BIND	 p[4];
	MYSQL_STMT	*st;
	int64_t		 v[4];
	my_bool		 no_users = c->users == 0;
	unsigned	 errnum;
	int		 i, rc;

	v[0] = (int64_t)c->keys;
	v[1] = (int64_t)c->users;
	v[2] = (int64_t)c->pairs;
	v[3] = id;
	for (i = 0; i < 4; i++)
		db_bind_i64(&p[i], &v[i]);
	/* users not counted (agg_measure): NULL */
	p[1].is_null = &no_users;
	st = db_prepare_err(m, "UPDATE `netkpi_runs` SET `last_keys` = ?,"
	    " `last_users` = ?, `last_pairs` = ? WHERE `id` = ?", &errnum,
	    err, errlen);
	if (st == NULL)
		rc = errnum == ER_BAD_FIELD_ERROR ? 0 : -1;
	else {
		rc = db_run(st, p, err, errlen);
		mysql_stmt_close(st);
	}
	return rc;
}

int
runs_end(MYSQL *m, int64_t id, const struct runrow *r, char *err,
    size_t errlen)
{
	MYSQL_BIND	 p[RUNS_COLUMNS];
	MYSQL_STMT	*st;
	int64_t		 v[RUNS_COLUMNS];
	my_bool		 null[RUNS_COLUMNS];
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
	v[9] = r->skipped->n[SKIP_EXPIRED];
	v[10] = r->expired_files;
	v[11] = r->expired_bytes;
	v[12] = r->expired_rows;
	v[13] = r->flow_files;
	v[14] = r->flow_bytes;
	v[15] = r->over_size;
	v[16] = id;
	for (i = 0; i < RUNS_COLUMNS; i++) {
		db_bind_i64(&p[i], &v[i]);
		null[i] = v[i] < 0;
		p[i].is_null = &null[i];
	}
	if ((st = db_prepare(m, "UPDATE `netkpi_runs` SET"
	    " `finished` = UTC_TIMESTAMP(6), `exit_status` = ?,"
	    " `intervals` = ?, `files` = ?, `files_rejected` = ?,"
	    " `files_bad_rows` = ?, `skipped_name` = ?, `skipped_type` = ?,"
	    " `skipped_unreadable` = ?, `skipped_floor` = ?,"
	    " `skipped_expired` = ?, `expired_files` = ?, `expired_bytes` = ?,"
	    " `expired_rows` = ?, `flow_files` = ?, `flow_bytes` = ?,"
	    " `over_size_bytes` = ? WHERE `id` = ?",
	    err, errlen)) == NULL)
		return -1;
	rc = db_run(st, p, err, errlen);
	mysql_stmt_close(st);
	if (rc == 0 && r->last.pairs > 0)
		rc = put_sizes(m, id, &r->last, err, errlen);
	return rc;
}

int
runs_sizes(MYSQL *m, struct agg_count *c, char *err, size_t errlen)
{
	MYSQL_BIND	 r[3];
	MYSQL_STMT	*st;
	int64_t		 v[3] = { 0, 0, 0 };
	my_bool		 null[3] = { 1, 1, 1 };
	unsigned	 errnum;
	int		 i, fr, rc = -1;

	memset(c, 0, sizeof *c);
	st = db_prepare_err(m, "SELECT `last_keys`, `last_users`, `last_pairs`"
	    " FROM `netkpi_runs` WHERE `last_pairs` IS NOT NULL"
	    " ORDER BY `id` DESC LIMIT 1", &errnum, err, errlen);
	for (i = 0; i < 3; i++) {
		db_bind_i64(&r[i], &v[i]);
		r[i].is_null = &null[i];
	}
	if (st == NULL)
		rc = errnum == ER_BAD_FIELD_ERROR ? 0 : -1;
	else if (db_run(st, NULL, err, errlen) == -1)
		rc = -1;
	else if (mysql_stmt_bind_result(st, r) != 0 ||
	    ((fr = mysql_stmt_fetch(st)) != 0 && fr != MYSQL_NO_DATA))
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
	else {
		/* (a value out of range, as from a hand's UPDATE: none) */
		c->keys = !null[0] && v[0] > 0 ? (size_t)v[0] : 0;
		c->users = !null[1] && v[1] > 0 ? (size_t)v[1] : 0;
		c->pairs = !null[2] && v[2] > 0 ? (size_t)v[2] : 0;
		rc = 0;
	}
	if (st != NULL)
		mysql_stmt_close(st);
	return rc;
}
