/* store.c: write one interval's rows in one transaction (or print them) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "log.h"
#include "store.h"
#include "xmalloc.h"

/* Empty intervals committed together, at most. */
#define EMPTY_BATCH	256

enum stmt {
	ST_DEL_SVC, ST_DEL_CELL, ST_INS_SVC, ST_INS_CELL, ST_INS_JOB,
	ST_UPD_JOB, ST_INTERVAL, ST_DEL_FILES, ST_INS_FILE, ST_MAX
};

static const char *const sql[ST_MAX] = {
	"DELETE FROM `kpis_servicetrafficvolkpi`"
	" WHERE `interval` = ? AND `interval_end_timestamp` = ?",
	"DELETE FROM `kpis_celluniqueuserskpi`"
	" WHERE `interval` = ? AND `interval_end_timestamp` = ?",
	"INSERT INTO `kpis_servicetrafficvolkpi` (`interval_start_timestamp`,"
	" `interval_end_timestamp`, `interval`, `service_id`, `total_bytes`)"
	" VALUES (?, ?, ?, ?, ?)",
	"INSERT INTO `kpis_celluniqueuserskpi` (`interval_start_timestamp`,"
	" `interval_end_timestamp`, `interval`, `cell_id`,"
	" `number_of_unique_users`) VALUES (?, ?, ?, ?, ?)",
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
};

struct store {
	MYSQL		*m;		/* NULL: dry run */
	MYSQL_STMT	*st[ST_MAX];
	int		 in_tx;
	int		 pending;	/* empty intervals in the open transaction */
	yajl_gen	 g;
};

struct store *
store_new(MYSQL *m, char *err, size_t errlen)
{
	struct store	*s = xcalloc(1, sizeof *s);
	int		 i;

	s->m = m;
	if (m == NULL) {
		if ((s->g = yajl_gen_alloc(NULL)) == NULL) {
			snprintf(err, errlen, "out of memory");
			free(s);
			return NULL;
		}
		yajl_gen_config(s->g, yajl_gen_validate_utf8, 1);
		return s;
	}
	for (i = 0; i < ST_MAX; i++) {
		if ((s->st[i] = db_prepare(m, sql[i], err, errlen)) == NULL) {
			store_free(s);
			return NULL;
		}
	}
	return s;
}

void
store_free(struct store *s)
{
	int	i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_MAX; i++)
		if (s->st[i] != NULL)
			mysql_stmt_close(s->st[i]);
	if (s->in_tx)
		(void)mysql_rollback(s->m);
	if (s->g != NULL)
		yajl_gen_free(s->g);
	free(s);
}

/* --- dry run: one JSON object per row on stdout --- */

static void
json_key(yajl_gen g, const char *k)
{
	yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

static void
json_time(yajl_gen g, const char *k, utc_us t)
{
	char	iso[UTC_ISO_LEN];
	size_t	n = utc_format_iso(t, iso);

	json_key(g, k);
	yajl_gen_string(g, (const unsigned char *)iso, n);
}

static void
json_int(yajl_gen g, const char *k, int64_t v)
{
	json_key(g, k);
	yajl_gen_integer(g, (long long)v);
}

static void
json_line(yajl_gen g)
{
	const unsigned char	*out;
	size_t			 len;

	yajl_gen_map_close(g);
	yajl_gen_get_buf(g, &out, &len);
	fwrite(out, 1, len, stdout);
	fputc('\n', stdout);
	yajl_gen_clear(g);
	yajl_gen_reset(g, NULL);
}

static void
json_kpis(yajl_gen g, const struct kpiset *k, int cells)
{
	const struct kv	*v = cells ? k->cell : k->svc;
	size_t		 i, n = cells ? k->ncell : k->nsvc;

	for (i = 0; i < n; i++) {
		yajl_gen_map_open(g);
		json_key(g, "table");
		json_key(g, cells ? "kpis_celluniqueuserskpi" :
		    "kpis_servicetrafficvolkpi");
		json_time(g, "interval_start_timestamp", k->start);
		json_time(g, "interval_end_timestamp", k->end);
		json_int(g, "interval", k->interval);
		json_int(g, cells ? "cell_id" : "service_id", v[i].key);
		json_int(g, cells ? "number_of_unique_users" : "total_bytes",
		    v[i].value);
		json_line(g);
	}
}

static void
print_interval(struct store *s, const struct ivwrite *w)
{
	int	cells;

	for (cells = 0; cells <= 1; cells++) {
		json_kpis(s->g, &w->five, cells);
		if (w->have_hour)
			json_kpis(s->g, &w->hour, cells);
	}
	yajl_gen_map_open(s->g);
	json_key(s->g, "table");
	json_key(s->g, "kpis_jobs");
	json_int(s->g, "total_file_count", w->files_read);
	json_time(s->g, "end_date", w->end);
	json_line(s->g);
	fflush(stdout);
}

/* --- the database --- */

/*
 * Write the rows of one period (interval, end) of one table, replacing
 * those there when replace is set.
 */
static int
put_kpis(struct store *s, const struct kpiset *k, int cells, int replace,
    char *err, size_t errlen)
{
	MYSQL_BIND	 p[5];
	MYSQL_TIME	 ts, te;
	int64_t		 iv = k->interval, key, val;
	const struct kv	*v = cells ? k->cell : k->svc;
	size_t		 i, n = cells ? k->ncell : k->nsvc;

	db_time_set(&ts, k->start);
	db_time_set(&te, k->end);
	db_bind_i64(&p[0], &iv);
	db_bind_time(&p[1], &te);
	if (replace && db_run(s->st[cells ? ST_DEL_CELL : ST_DEL_SVC], p, err,
	    errlen) == -1)
		return -1;
	db_bind_time(&p[0], &ts);
	db_bind_time(&p[1], &te);
	db_bind_i64(&p[2], &iv);
	db_bind_i64(&p[3], &key);
	db_bind_i64(&p[4], &val);
	for (i = 0; i < n; i++) {
		key = v[i].key;
		val = v[i].value;
		if (db_run(s->st[cells ? ST_INS_CELL : ST_INS_SVC], p, err,
		    errlen) == -1)
			return -1;
	}
	return 0;
}

/* Insert or update the interval's kpis_jobs row; *job gets its id. */
static int
put_job(struct store *s, const struct ivwrite *w, int64_t *job, char *err,
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
put_interval(struct store *s, const struct ivwrite *w, int64_t job,
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
put_files(struct store *s, const struct ivwrite *w, char *err, size_t errlen)
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
write_db(struct store *s, const struct ivwrite *w, char *err, size_t errlen)
{
	int64_t	job;
	int	cells;

	if (!s->in_tx) {
		if (db_exec(s->m, "START TRANSACTION", err, errlen) == -1)
			return -1;
		s->in_tx = 1;
	}
	/* An interval never processed has no rows yet; an hour may. */
	for (cells = 0; cells <= 1; cells++) {
		if (put_kpis(s, &w->five, cells, w->job_id != 0, err,
		    errlen) == -1 ||
		    (w->have_hour && put_kpis(s, &w->hour, cells, 1, err,
		    errlen) == -1))
			return -1;
	}
	if (put_job(s, w, &job, err, errlen) == -1 ||
	    put_interval(s, w, job, err, errlen) == -1 ||
	    put_files(s, w, err, errlen) == -1)
		return -1;
	if (w->nfiles == 0 && !w->have_hour && ++s->pending < EMPTY_BATCH)
		return 0;
	return store_finish(s, err, errlen);
}

int
store_write(struct store *s, const struct ivwrite *w, char *err,
    size_t errlen)
{
	if (s->m == NULL) {
		print_interval(s, w);
		return 0;
	}
	if (write_db(s, w, err, errlen) == -1) {
		if (s->in_tx)
			(void)mysql_rollback(s->m);
		s->in_tx = 0;
		s->pending = 0;
		return -1;
	}
	return 0;
}

int
store_finish(struct store *s, char *err, size_t errlen)
{
	char	why[512];

	if (s->m == NULL || !s->in_tx)
		return 0;
	s->in_tx = 0;
	s->pending = 0;
	if (db_exec(s->m, "COMMIT", why, sizeof why) == -1) {
		snprintf(err, errlen, "COMMIT failed: %s", why);
		(void)mysql_rollback(s->m);
		return -1;
	}
	return 0;
}
