/* dbwrite.c: write one interval's rows to the database in one transaction */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "rollup.h"
#include "sketchw.h"
#include "store.h"
#include "xmalloc.h"

/* Empty intervals committed together, at most. */
#define EMPTY_BATCH	256

enum stmt {
	ST_INS_JOB, ST_UPD_JOB, ST_INTERVAL, ST_DEL_FILES, ST_INS_FILE,
	ST_VERSION, ST_MAX
};

static const char *const sql[ST_MAX] = {
	"INSERT INTO `kpis_jobs` (`total_file_count`, `end_date`) VALUES (?, ?)",
	"INSERT INTO `kpis_jobs` (`id`, `total_file_count`, `end_date`)"
	" VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
	" `total_file_count` = VALUES(`total_file_count`)",
	"REPLACE INTO `netkpi_intervals` (`end_date`, `job_id`, `files`,"
	" `rows_ok`, `rows_rejected`, `empty_counters`, `processed`)"
	" VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
	"DELETE FROM `netkpi_files` WHERE `end_date` = ?",
	"REPLACE INTO `netkpi_files` (`name`, `end_date`, `size`, `mtime_ns`,"
	" `gz`, `rows_ok`, `rows_rejected`, `empty_counters`, `rejected_whole`)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* The data version the API's ETags derive from, in each transaction. */
	("UPDATE `netkpi_version` SET `version` = `version` + 1,"
	" `committed` = UTC_TIMESTAMP(6) WHERE `id` = 1"),
};

/* The statements of one KPI's table. */
struct kpistmt {
	MYSQL_STMT	*del;		/* the rows of one period */
	MYSQL_STMT	*ins;		/* one row */
};

struct dbwrite {
	struct store	 s;		/* first: a dbwrite is a store */
	MYSQL		*m;
	MYSQL_STMT	*st[ST_MAX];
	struct kpistmt	*kst;		/* per registry row, when in effect */
	int		 in_tx;
	int		 pending;	/* empty intervals in the open transaction */
	struct rollup	*ru;		/* every key's totals */
	struct sketchw	*sw;		/* every cell's sketch of users */
};

static void
dbwrite_free(struct store *s)
{
	struct dbwrite	*d = (struct dbwrite *)s;
	size_t		 i;

	if (d == NULL)
		return;
	for (i = 0; i < ST_MAX; i++)
		if (d->st[i] != NULL)
			mysql_stmt_close(d->st[i]);
	for (i = 0; i < kpi_registry_len; i++) {
		if (d->kst[i].del != NULL)
			mysql_stmt_close(d->kst[i].del);
		if (d->kst[i].ins != NULL)
			mysql_stmt_close(d->kst[i].ins);
	}
	if (d->in_tx)
		(void)mysql_rollback(d->m);
	rollup_free(d->ru);
	sketchw_free(d->sw);
	free(d->kst);
	free(d);
}

/* Prepare the statements of KPI k's table. */
static int
prepare_kpi(struct dbwrite *d, const struct kpi *k, struct kpistmt *ks,
    char *err, size_t errlen)
{
	struct buf	q = BUF_INIT;

	buf_addf(&q, "DELETE FROM `%s` WHERE `interval` = ?"
	    " AND `interval_end_timestamp` = ?", k->table);
	ks->del = db_prepare(d->m, buf_cstr(&q), err, errlen);
	buf_reset(&q);
	buf_addf(&q, "INSERT INTO `%s` (`interval_start_timestamp`,"
	    " `interval_end_timestamp`, `interval`, `%s`, `%s`)"
	    " VALUES (?, ?, ?, ?, ?)", k->table, k->key, k->value);
	if (ks->del != NULL)
		ks->ins = db_prepare(d->m, buf_cstr(&q), err, errlen);
	buf_free(&q);
	return ks->ins != NULL ? 0 : -1;
}

/*
 * Write the rows of one KPI over period p, replacing those there when
 * replace is set.
 */
static int
put_kpi(struct dbwrite *d, const struct period *p, const struct kpirows *r,
    int replace, char *err, size_t errlen)
{
	struct kpistmt	*ks = &d->kst[r->kpi - kpi_registry];
	MYSQL_BIND	 b[5];
	MYSQL_TIME	 ts, te;
	int64_t		 iv = p->interval, key, val;
	size_t		 i;

	db_time_set(&ts, p->start);
	db_time_set(&te, p->end);
	db_bind_i64(&b[0], &iv);
	db_bind_time(&b[1], &te);
	if (replace && db_run(ks->del, b, err, errlen) == -1)
		return -1;
	db_bind_time(&b[0], &ts);
	db_bind_time(&b[1], &te);
	db_bind_i64(&b[2], &iv);
	db_bind_i64(&b[3], &key);
	db_bind_i64(&b[4], &val);
	for (i = 0; i < r->n; i++) {
		key = r->top[i].key;
		val = r->top[i].value;
		if (db_run(ks->ins, b, err, errlen) == -1)
			return -1;
	}
	return 0;
}

/*
 * The KPI rows of w.  An interval never processed has no rows yet; an
 * hour may.
 */
static int
put_kpis(struct dbwrite *d, const struct ivwrite *w, char *err,
    size_t errlen)
{
	size_t	k;
	int	i;

	for (k = 0; k < w->periods[0]->nkpis; k++)
		for (i = 0; i < w->nperiods; i++)
			if (put_kpi(d, w->periods[i], &w->periods[i]->kpis[k],
			    i > 0 || w->job_id != 0, err, errlen) == -1)
				return -1;
	return 0;
}

/* Insert or update the interval's kpis_jobs row; *job gets its id. */
static int
put_job(struct dbwrite *s, const struct ivwrite *w, int64_t *job, char *err,
    size_t errlen)
{
	MYSQL_BIND	p[3];
	MYSQL_TIME	t;
	int64_t		files = w->files_read;

	db_time_set(&t, w->end);
	*job = w->job_id;
	if (*job != 0) {
		db_bind_i64(&p[0], job);
		db_bind_i64(&p[1], &files);
		db_bind_time(&p[2], &t);
		return db_run(s->st[ST_UPD_JOB], p, err, errlen);
	}
	db_bind_i64(&p[0], &files);
	db_bind_time(&p[1], &t);
	if (db_run(s->st[ST_INS_JOB], p, err, errlen) == -1)
		return -1;
	*job = (int64_t)mysql_stmt_insert_id(s->st[ST_INS_JOB]);
	return 0;
}

static int
put_interval(struct dbwrite *s, const struct ivwrite *w, int64_t job,
    char *err, size_t errlen)
{
	MYSQL_BIND	p[6];
	MYSQL_TIME	t;
	int64_t		files = w->files_read, ok = w->rows_ok;
	int64_t		bad = w->rows_bad, empty = w->empty_counters;

	db_time_set(&t, w->end);
	db_bind_time(&p[0], &t);
	db_bind_i64(&p[1], &job);
	db_bind_i64(&p[2], &files);
	db_bind_i64(&p[3], &ok);
	db_bind_i64(&p[4], &bad);
	db_bind_i64(&p[5], &empty);
	return db_run(s->st[ST_INTERVAL], p, err, errlen);
}

static int
put_files(struct dbwrite *s, const struct ivwrite *w, char *err, size_t errlen)
{
	MYSQL_BIND		 p[9];
	MYSQL_TIME		 t;
	unsigned long		 namelen;
	int64_t			 v[7];
	size_t			 i, j;
	const struct flowfile	*f;

	db_time_set(&t, w->end);
	db_bind_time(&p[0], &t);
	if (w->job_id != 0 && db_run(s->st[ST_DEL_FILES], p, err, errlen) == -1)
		return -1;
	for (i = 0; i < w->nfiles; i++) {
		f = &w->files[i];
		db_bind_str(&p[0], f->name, &namelen);
		db_bind_time(&p[1], &t);
		v[0] = f->size;
		v[1] = f->mtime_ns;
		v[2] = f->gz;
		v[3] = w->res[i].rows_ok;
		v[4] = w->res[i].rows_bad;
		v[5] = w->res[i].empty_counters;
		v[6] = w->res[i].rejected;
		for (j = 0; j < 7; j++)
			db_bind_i64(&p[2 + j], &v[j]);
		if (db_run(s->st[ST_INS_FILE], p, err, errlen) == -1)
			return -1;
	}
	return 0;
}

static int
dbwrite_finish(struct store *s, char *err, size_t errlen)
{
	struct dbwrite	*d = (struct dbwrite *)s;
	char		 why[512];
	int		 rc = -1;

	if (!d->in_tx)
		rc = 0;
	else if (db_run(d->st[ST_VERSION], NULL, why, sizeof why) == -1)
		snprintf(err, errlen, "advancing the data version: %s", why);
	else if (db_exec(d->m, "COMMIT", why, sizeof why) == -1)
		snprintf(err, errlen, "COMMIT failed: %s", why);
	else
		rc = 0;
	if (rc == -1) {
		(void)mysql_rollback(d->m);
		sketchw_forget(d->sw);
		rollup_forget(d->ru);
	}
	d->in_tx = 0;
	d->pending = 0;
	return rc;
}

/* w's rows of netkpi_totals and netkpi_sketches, timed (-v). */
static int
put_ranges(struct dbwrite *d, const struct ivwrite *w, char *err,
    size_t errlen)
{
	char	iso[UTC_ISO_LEN];
	double	t0 = utc_mono();
	int	rc;

	rc = rollup_write(d->ru, w, err, errlen) == -1 ||
	    sketchw_write(d->sw, w, err, errlen) == -1 ? -1 : 0;
	utc_format_iso(w->end, iso);
	log_debug("interval %s: netkpi_totals and netkpi_sketches written in"
	    " %.3f s", iso, utc_mono() - t0);
	return rc;
}

static int
write_db(struct dbwrite *d, const struct ivwrite *w, char *err, size_t errlen)
{
	int64_t	job;

	if (!d->in_tx) {
		if (db_exec(d->m, "START TRANSACTION", err, errlen) == -1)
			return -1;
		d->in_tx = 1;
	}
	if (put_kpis(d, w, err, errlen) == -1 ||
	    put_ranges(d, w, err, errlen) == -1 ||
	    put_job(d, w, &job, err, errlen) == -1 ||
	    put_interval(d, w, job, err, errlen) == -1 ||
	    put_files(d, w, err, errlen) == -1)
		return -1;
	if (w->nfiles == 0 && w->nperiods == 1 && ++d->pending < EMPTY_BATCH)
		return 0;
	return dbwrite_finish(&d->s, err, errlen);
}

static int
dbwrite_write(struct store *s, const struct ivwrite *w, char *err,
    size_t errlen)
{
	struct dbwrite	*d = (struct dbwrite *)s;

	if (write_db(d, w, err, errlen) == -1) {
		if (d->in_tx)
			(void)mysql_rollback(d->m);
		sketchw_forget(d->sw);
		rollup_forget(d->ru);
		d->in_tx = 0;
		d->pending = 0;
		return -1;
	}
	return 0;
}

struct store *
dbwrite_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	struct dbwrite	*d = xcalloc(1, sizeof *d);
	size_t		 i;

	d->m = m;
	d->s.write = dbwrite_write;
	d->s.takes_users = 1;
	d->s.finish = dbwrite_finish;
	d->s.free = dbwrite_free;
	d->kst = xcalloc(kpi_registry_len + 1, sizeof *d->kst);
	for (i = 0; i < ST_MAX; i++)
		if ((d->st[i] = db_prepare(m, sql[i], err, errlen)) == NULL)
			goto fail;
	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_on(kpis, &kpi_registry[i]) &&
		    prepare_kpi(d, &kpi_registry[i], &d->kst[i], err,
		    errlen) == -1)
			goto fail;
	if ((d->ru = rollup_new(m, kpis, err, errlen)) == NULL ||
	    (d->sw = sketchw_new(m, kpis, err, errlen)) == NULL)
		goto fail;
	return &d->s;
fail:
	dbwrite_free(&d->s);
	return NULL;
}
