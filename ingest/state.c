/* state.c: what the database says about past runs */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "xmalloc.h"

/* Note the floor on the first run; later runs find the row there. */
static int
record_floor(MYSQL *m, char *err, size_t errlen)
{
	return db_exec(m, "INSERT IGNORE INTO `netkpi_state`"
	    " (`id`, `floor_end`, `first_run`)"
	    " SELECT 1, MAX(`end_date`), UTC_TIMESTAMP(6) FROM `kpis_jobs`",
	    err, errlen);
}

static int
load_floor(MYSQL *m, struct dbstate *s, char *err, size_t errlen)
{
	int64_t	n;
	int	isnull;

	if (db_query_i64(m, "SELECT COUNT(*) FROM `netkpi_state` WHERE `id` = 1",
	    NULL, &n, &isnull, err, errlen) == -1)
		return -1;
	if (n > 0) {
		if (db_query_time(m, "SELECT `files_expired_to` FROM"
		    " `netkpi_state` WHERE `id` = 1", NULL, &s->files_expired,
		    &s->have_files_expired, err, errlen) == -1 ||
		    db_query_time(m, "SELECT `rows_expired_to` FROM"
		    " `netkpi_state` WHERE `id` = 1", NULL, &s->rows_expired,
		    &s->have_rows_expired, err, errlen) == -1)
			return -1;
		s->have_files_expired = !s->have_files_expired;
		s->have_rows_expired = !s->have_rows_expired;
		if (db_query_time(m, "SELECT `floor_end` FROM `netkpi_state`"
		    " WHERE `id` = 1", NULL, &s->floor, &isnull, err,
		    errlen) == -1)
			return -1;
	} else if (db_query_time(m, "SELECT MAX(`end_date`) FROM `kpis_jobs`",
	    NULL, &s->floor, &isnull, err, errlen) == -1)
		return -1;
	s->have_floor = !isnull;
	if (db_query_time(m, "SELECT MAX(`end_date`) FROM `kpis_jobs`", NULL,
	    &s->last, &isnull, err, errlen) == -1)
		return -1;
	s->have_last = !isnull;
	return 0;
}

/* Run st with one DATETIME parameter and bind res to its columns. */
static int
query_since(MYSQL *m, const char *sql, utc_us since, MYSQL_BIND *res,
    MYSQL_STMT **out, char *err, size_t errlen)
{
	MYSQL_BIND	 p;
	MYSQL_TIME	 t;
	MYSQL_STMT	*st;

	if ((st = db_prepare(m, sql, err, errlen)) == NULL)
		return -1;
	db_time_set(&t, since);
	db_bind_time(&p, &t);
	if (db_run(st, &p, err, errlen) == -1 ||
	    mysql_stmt_bind_result(st, res) != 0 ||
	    mysql_stmt_store_result(st) != 0) {
		if (*err == '\0')
			snprintf(err, errlen, "%s", mysql_stmt_error(st));
		mysql_stmt_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

static int
load_ints(MYSQL *m, utc_us since, struct dbstate *s, char *err, size_t errlen)
{
	MYSQL_BIND	 res[2];
	MYSQL_TIME	 t;
	MYSQL_STMT	*st;
	int64_t		 job;
	size_t		 cap = 0;
	int		 rc;

	db_bind_time(&res[0], &t);
	db_bind_i64(&res[1], &job);
	*err = '\0';
	if (query_since(m, "SELECT `end_date`, `job_id` FROM `netkpi_intervals`"
	    " WHERE `end_date` >= ? ORDER BY `end_date`", since, res, &st, err,
	    errlen) == -1)
		return -1;
	while ((rc = mysql_stmt_fetch(st)) == 0) {
		if (s->nints == cap)
			s->ints = xreallocarray(s->ints, cap = cap * 2 + 64,
			    sizeof *s->ints);
		s->ints[s->nints].end = db_time_get(&t);
		s->ints[s->nints++].job_id = job;
	}
	if (rc == 1)
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
	mysql_stmt_close(st);
	return rc == 1 ? -1 : 0;
}

static int
load_files(MYSQL *m, utc_us since, struct dbstate *s, char *err,
    size_t errlen)
{
	MYSQL_BIND	 res[6];
	MYSQL_TIME	 t;
	MYSQL_STMT	*st;
	struct recfile	*f;
	char		 name[256];
	unsigned long	 namelen = 0;
	int64_t		 size, mtime, gz, rej;
	size_t		 cap = 0;
	int		 rc;

	memset(res, 0, sizeof res);
	res[0].buffer_type = MYSQL_TYPE_STRING;
	res[0].buffer = name;
	res[0].buffer_length = sizeof name - 1;
	res[0].length = &namelen;
	db_bind_time(&res[1], &t);
	db_bind_i64(&res[2], &size);
	db_bind_i64(&res[3], &mtime);
	db_bind_i64(&res[4], &gz);
	db_bind_i64(&res[5], &rej);
	*err = '\0';
	if (query_since(m, "SELECT `name`, `end_date`, `size`, `mtime_ns`, `gz`,"
	    " `rejected_whole` FROM `netkpi_files` WHERE `end_date` >= ?"
	    " ORDER BY `end_date`, `name`", since, res, &st, err, errlen) == -1)
		return -1;
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (s->nfiles == cap)
			s->files = xreallocarray(s->files, cap = cap * 2 + 64,
			    sizeof *s->files);
		f = &s->files[s->nfiles++];
		f->name = xstrndup(name, namelen < sizeof name ? namelen :
		    sizeof name - 1);
		f->end = db_time_get(&t);
		f->size = size;
		f->mtime_ns = mtime;
		f->gz = gz != 0;
		f->rejected = rej != 0;
	}
	if (rc == 1)
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
	mysql_stmt_close(st);
	return rc == 1 ? -1 : 0;
}

int
state_load(MYSQL *m, int record, utc_us since, struct dbstate *s, char *err,
    size_t errlen)
{
	memset(s, 0, sizeof *s);
	if (record && record_floor(m, err, errlen) == -1)
		return -1;
	if (load_floor(m, s, err, errlen) == -1 ||
	    load_ints(m, since, s, err, errlen) == -1 ||
	    load_files(m, since, s, err, errlen) == -1) {
		state_free(s);
		return -1;
	}
	return 0;
}

void
state_free(struct dbstate *s)
{
	size_t	i;

	for (i = 0; i < s->nfiles; i++)
		free(s->files[i].name);
	free(s->files);
	free(s->ints);
	memset(s, 0, sizeof *s);
}

int
state_expired(const struct dbstate *s, utc_us e)
{
	return (s->have_files_expired && e <= s->files_expired) ||
	    (s->have_rows_expired && e <= s->rows_expired);
}

const struct recint *
state_interval(const struct dbstate *s, utc_us e)
{
	size_t	i, n;

	i = utc_range(s->ints, s->nints, sizeof *s->ints,
	    offsetof(struct recint, end), e, &n);
	return n > 0 ? &s->ints[i] : NULL;
}

size_t
state_files(const struct dbstate *s, utc_us e, size_t *count)
{
	return utc_range(s->files, s->nfiles, sizeof *s->files,
	    offsetof(struct recfile, end), e, count);
}
