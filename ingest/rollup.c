/* rollup.c: every key's total per interval, complete hour and day (netkpi_totals), in the interval's transaction */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "flowname.h"
#include "rollup.h"
#include "range.h"
#include "stmts.h"
#include "store.h"
#include "xmalloc.h"

/* Rows of one INSERT: a round trip per BATCH keys, then per SMALL. */
#define BATCH	128
#define SMALL	16

#define COLS	" (`kpi_id`, `tier`, `period_end`, `key_id`, `total_bytes`)"

enum stmt {
	ST_DEL, ST_ONE, ST_BATCH, ST_SMALL, ST_ADD, ST_SUM, ST_MAX
};

static const char *const sql[ST_MAX] = {
	/* kpi, tier, end */
	"DELETE FROM `netkpi_totals` WHERE `kpi_id` = ? AND `tier` = ?"
	" AND `period_end` = ?",
	/* kpi, end, key, total: one five-minute row */
	"INSERT INTO `netkpi_totals`" COLS " VALUES (?, 1, ?, ?, ?)",
	NULL,		/* BATCH of those: batch below */
	NULL,		/* SMALL of those */
	/* tier, end; kpi, end of an hour: its rows added to its day */
	"INSERT INTO `netkpi_totals`" COLS
	" SELECT t.`kpi_id`, ?, ?, t.`key_id`, t.`total_bytes`"
	" FROM `netkpi_totals` t WHERE t.`kpi_id` = ? AND t.`tier` = 2"
	" AND t.`period_end` = ? ON DUPLICATE KEY UPDATE"
	" `total_bytes` = `netkpi_totals`.`total_bytes` + VALUES(`total_bytes`)",
	/* tier, end; kpi, finer tier, after, end: a coarser period summed again */
	"INSERT INTO `netkpi_totals`" COLS
	" SELECT t.`kpi_id`, ?, ?, t.`key_id`, SUM(t.`total_bytes`)"
	" FROM `netkpi_totals` t WHERE t.`kpi_id` = ? AND t.`tier` = ?"
	" AND t.`period_end` > ? AND t.`period_end` <= ? GROUP BY t.`key_id`",
};

struct rollup {
	MYSQL_STMT	*st[ST_MAX];
	kpi_mask	 kpis;
	/* The binds of a batch, and what they point at. */
	MYSQL_BIND	 b[4 * BATCH];
	int64_t		 kpi, key[BATCH], val[BATCH];
	MYSQL_TIME	 end;
};

static const struct stmts_batch batch = {
	"INSERT INTO `netkpi_totals`" COLS " VALUES ", "(?, 1, ?, ?, ?)", "",
	BATCH, SMALL
};

struct rollup *
rollup_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	struct rollup	*ru = xcalloc(1, sizeof *ru);

	ru->kpis = kpis;
	if (stmts_prepare(m, sql, &batch, ru->st, ST_MAX, err, errlen) == -1) {
		rollup_free(ru);
		ru = NULL;
	}
	return ru;
}

void
rollup_free(struct rollup *ru)
{
	if (ru == NULL)
		return;
	stmts_close(ru->st, ST_MAX);
	free(ru);
}

/* Bind row i of a batch (or of ST_ONE when i is 0). */
static void
bind_row(struct rollup *ru, size_t i)
{
	db_bind_i64(&ru->b[4 * i], &ru->kpi);
	db_bind_time(&ru->b[4 * i + 1], &ru->end);
	db_bind_i64(&ru->b[4 * i + 2], &ru->key[i]);
	db_bind_i64(&ru->b[4 * i + 3], &ru->val[i]);
}

/* Insert the five-minute rows of r's keys, BATCH (or SMALL) at a time. */
static int
put_keys(struct rollup *ru, const struct kpirows *r, char *err, size_t errlen)
{
	size_t	i = 0, j, n;

	while (i < r->nall) {
		n = stmts_rows(&batch, r->nall - i);
		for (j = 0; j < n; j++) {
			ru->key[j] = r->top[i + j].key;
			ru->val[j] = r->top[i + j].value;
			bind_row(ru, j);
		}
		if (db_run(ru->st[n == BATCH ? ST_BATCH : n == SMALL ?
		    ST_SMALL : ST_ONE], ru->b, err, errlen) == -1)
			return -1;
		i += n;
	}
	return 0;
}

/*
 * Delete the rows of kpi's period (tier, end); *had (unless NULL): 1
 * when there were any.
 */
static int
del_period(struct rollup *ru, int64_t tier, utc_us end, int *had, char *err,
    size_t errlen)
{
	if (db_run_period(ru->st[ST_DEL], ru->kpi, tier, end, err,
	    errlen) == -1)
		return -1;
	if (had != NULL)
		*had = mysql_stmt_affected_rows(ru->st[ST_DEL]) > 0;
	return 0;
}

/* Add kpi's hour ending at h to its day ending at d. */
static int
add_hour(struct rollup *ru, utc_us d, utc_us h, char *err, size_t errlen)
{
	MYSQL_BIND	b[4];
	MYSQL_TIME	t, th;
	int64_t		tier = TIER_DAY;

	db_time_set(&t, d);
	db_time_set(&th, h);
	db_bind_i64(&b[0], &tier);
	db_bind_time(&b[1], &t);
	db_bind_i64(&b[2], &ru->kpi);
	db_bind_time(&b[3], &th);
	return db_run(ru->st[ST_ADD], b, err, errlen);
}

/*
 * kpi's period (tier, end, length len) summed from tier - 1, its rows
 * already deleted.
 */
static int
sum_up(struct rollup *ru, int64_t tier, utc_us end, utc_us len, char *err,
    size_t errlen)
{
	MYSQL_BIND	b[6];
	MYSQL_TIME	t, ta;
	int64_t		finer = tier - 1;

	db_time_set(&t, end);
	db_time_set(&ta, end - len);
	db_bind_i64(&b[0], &tier);
	db_bind_time(&b[1], &t);
	db_bind_i64(&b[2], &ru->kpi);
	db_bind_i64(&b[3], &finer);
	db_bind_time(&b[4], &ta);
	db_bind_time(&b[5], &t);
	return db_run(ru->st[ST_SUM], b, err, errlen);
}

/* kpi's day ending at d summed again from its hours. */
static int
day_again(struct rollup *ru, utc_us d, char *err, size_t errlen)
{
	return del_period(ru, TIER_DAY, d, NULL, err, errlen) == -1 ? -1 :
	    sum_up(ru, TIER_DAY, d, USEC_PER_DAY, err, errlen);
}

/*
 * w writes its hour h: summed from its intervals, then added to its day
 * d, which is summed again from its hours when the hour had rows before
 * (a redone hour's, or an earlier release's of an hour not complete) or
 * w is a redone interval.
 */
static int
put_hour(struct rollup *ru, const struct ivwrite *w, utc_us h, utc_us d,
    char *err, size_t errlen)
{
	int	had;

	if (del_period(ru, TIER_HOUR, h, &had, err, errlen) == -1 ||
	    sum_up(ru, TIER_HOUR, h, USEC_PER_HOUR, err, errlen) == -1)
		return -1;
	return had || w->job_id != 0 ? day_again(ru, d, err, errlen) :
	    add_hour(ru, d, h, err, errlen);
}

/*
 * w's hour h, not written before and not now: rows there are not a
 * complete hour's (an earlier release added each interval to its hour
 * and its day as it came): deleted, and the day d summed again without
 * them.
 */
static int
clear_hour(struct rollup *ru, utc_us h, utc_us d, char *err, size_t errlen)
{
	int	had;

	if (del_period(ru, TIER_HOUR, h, &had, err, errlen) == -1)
		return -1;
	return had ? day_again(ru, d, err, errlen) : 0;
}

static int
put_kpi(struct rollup *ru, const struct ivwrite *w, const struct kpirows *r,
    char *err, size_t errlen)
{
	utc_us	e = w->end, h = interval_hour(e), d = utc_ceil(e, USEC_PER_DAY);

	ru->kpi = r->kpi->id;
	db_time_set(&ru->end, e);
	if (w->job_id != 0 &&
	    del_period(ru, TIER_FIVE, e, NULL, err, errlen) == -1)
		return -1;
	if (put_keys(ru, r, err, errlen) == -1)
		return -1;
	if (w->nperiods > 1)
		return put_hour(ru, w, h, d, err, errlen);
	return w->hour_written ? 0 : clear_hour(ru, h, d, err, errlen);
}

int
rollup_write(struct rollup *ru, const struct ivwrite *w, char *err,
    size_t errlen)
{
	const struct period *p = w->periods[0];
	size_t	k;

	for (k = 0; k < p->nkpis; k++)
		if (range_bytes_kpi(p->kpis[k].kpi) &&
		    put_kpi(ru, w, &p->kpis[k], err, errlen) == -1)
			return -1;
	return 0;
}
