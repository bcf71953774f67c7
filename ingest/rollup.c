/* rollup.c: every key's total per interval, complete hour and day (netkpi_totals), in the interval's transaction */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "flowname.h"
#include "hash.h"
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
	/* kpi, tier, end, key, total: one row */
	"INSERT INTO `netkpi_totals`" COLS " VALUES (?, ?, ?, ?, ?)",
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

/*
 * A KPI's five-minute totals that this connection wrote, summed per
 * key over the hour that holds them while its intervals follow one
 * another: when they are the whole hour, its rows are written from
 * here, not summed by the server from its intervals' rows (a GROUP BY
 * through a temporary table and a sort, a third of the server's work
 * at an hour's end).  Forgotten when a transaction fails (rollup_forget).
 */
struct kept {
	utc_us		 hour, first, last;	/* last 0: nothing kept */
	struct hmap	 keys;
	int64_t		*sum;			/* by the key's index */
	size_t		 cap;
	int		 whole;			/* no sum past 2^63-1 */
};

struct rollup {
	MYSQL_STMT	*st[ST_MAX];
	kpi_mask	 kpis;
	struct kept	*kept;			/* by registry index */
	/* The binds of a batch, and what they point at. */
	MYSQL_BIND	 b[5 * BATCH];
	int64_t		 kpi, tier, key[BATCH], val[BATCH];
	MYSQL_TIME	 end;
};

static const struct stmts_batch batch = {
	"INSERT INTO `netkpi_totals`" COLS " VALUES ", "(?, ?, ?, ?, ?)", "",
	BATCH, SMALL
};

struct rollup *
rollup_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	struct rollup	*ru = xcalloc(1, sizeof *ru);
	size_t		 i;

	ru->kpis = kpis;
	ru->kept = xcalloc(kpi_registry_len, sizeof *ru->kept);
	for (i = 0; i < kpi_registry_len; i++)
		hmap_init(&ru->kept[i].keys);
	if (stmts_prepare(m, sql, &batch, ru->st, ST_MAX, err, errlen) == -1) {
		rollup_free(ru);
		ru = NULL;
	}
	return ru;
}

void
rollup_free(struct rollup *ru)
{
	size_t	i;

	if (ru == NULL)
		return;
	stmts_close(ru->st, ST_MAX);
	for (i = 0; i < kpi_registry_len; i++) {
		hmap_free(&ru->kept[i].keys);
		free(ru->kept[i].sum);
	}
	free(ru->kept);
	free(ru);
}

/* Nothing kept (k's table emptied). */
static void
kept_clear(struct kept *k)
{
	hmap_free(&k->keys);
	hmap_init(&k->keys);
	k->hour = k->first = k->last = 0;
	k->whole = 1;
}

void
rollup_forget(struct rollup *ru)
{
	size_t	i;

	for (i = 0; i < kpi_registry_len; i++)
		kept_clear(&ru->kept[i]);
}

/*
 * Interval e's totals r (just written) added to those kept for its
 * hour when e follows the last kept there, else kept alone; a redone
 * interval keeps nothing (its hour is summed by the server).
 */
static void
keep(struct kept *k, const struct ivwrite *w, const struct kpirows *r)
{
	utc_us		 e = w->end, h = interval_hour(e);
	uint64_t	 key, i;
	size_t		 j;
	int		 isnew;

	if (w->job_id != 0 || k->hour != h || k->last != e - INTERVAL_US) {
		kept_clear(k);
		if (w->job_id != 0)
			return;
		k->hour = h;
		k->first = e;
	}
	hmap_reserve(&k->keys, r->nall);
	for (j = 0; j < r->nall; j++) {
		key = (uint64_t)r->top[j].key;
		/* (a key the table cannot hold: the server sums the hour) */
		if (key == UINT64_MAX) {
			k->whole = 0;
			continue;
		}
		i = hmap_get(&k->keys, key, hash64(key), &isnew);
		if (isnew) {
			if (i == k->cap)
				k->sum = xreallocarray(k->sum, k->cap =
				    k->cap * 2 + 64, sizeof *k->sum);
			k->sum[i] = 0;
		}
		if (r->top[j].value < 0 ||
		    k->sum[i] > INT64_MAX - r->top[j].value)
			k->whole = 0;
		else
			k->sum[i] += r->top[j].value;
	}
	k->last = e;
}

/* 1 when k holds every interval of the hour ending at h, whole. */
static int
kept_hour(const struct kept *k, utc_us h)
{
	return k->whole && k->hour == h && k->last == h &&
	    k->first == h - USEC_PER_HOUR + INTERVAL_US;
}

/* Bind row i of a batch (or of ST_ONE when i is 0). */
static void
bind_row(struct rollup *ru, size_t i)
{
	db_bind_i64(&ru->b[5 * i], &ru->kpi);
	db_bind_i64(&ru->b[5 * i + 1], &ru->tier);
	db_bind_time(&ru->b[5 * i + 2], &ru->end);
	db_bind_i64(&ru->b[5 * i + 3], &ru->key[i]);
	db_bind_i64(&ru->b[5 * i + 4], &ru->val[i]);
}

/*
 * Insert the rows of tier at end (ru->kpi's): v[0 .. n), BATCH (or
 * SMALL) at a time.
 */
static int
put_rows(struct rollup *ru, int64_t tier, utc_us end, const struct kv *v,
    size_t n, char *err, size_t errlen)
{
	size_t	i = 0, j, k;

	ru->tier = tier;
	db_time_set(&ru->end, end);
	while (i < n) {
		k = stmts_rows(&batch, n - i);
		for (j = 0; j < k; j++) {
			ru->key[j] = v[i + j].key;
			ru->val[j] = v[i + j].value;
			bind_row(ru, j);
		}
		if (db_run(ru->st[k == BATCH ? ST_BATCH : k == SMALL ?
		    ST_SMALL : ST_ONE], ru->b, err, errlen) == -1)
			return -1;
		i += k;
	}
	return 0;
}

/* The hour kept in k, as rows of tier 2 at h, in key order. */
static int
put_kept(struct rollup *ru, const struct kept *k, utc_us h, char *err,
    size_t errlen)
{
	struct kv	*v = xreallocarray(NULL, k->keys.count + 1, sizeof *v);
	size_t		 i;
	int		 rc;

	for (i = 0; i < k->keys.count; i++) {
		v[i].key = (int64_t)k->keys.keys[i];
		v[i].value = k->sum[i];
	}
	qsort(v, k->keys.count, sizeof *v, kv_by_key);
	rc = put_rows(ru, TIER_HOUR, h, v, k->keys.count, err, errlen);
	free(v);
	return rc;
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
 * w writes its hour h: summed from its intervals (those kept in k when
 * they are the whole hour), then added to its day d, which is summed
 * again from its hours when the hour had rows before (a redone hour's,
 * or an earlier release's of an hour not complete) or w is a redone
 * interval.
 */
static int
put_hour(struct rollup *ru, const struct kept *k, const struct ivwrite *w,
    utc_us h, utc_us d, char *err, size_t errlen)
{
	int	had;

	if (del_period(ru, TIER_HOUR, h, &had, err, errlen) == -1 ||
	    (kept_hour(k, h) ? put_kept(ru, k, h, err, errlen) :
	    sum_up(ru, TIER_HOUR, h, USEC_PER_HOUR, err, errlen)) == -1)
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
	struct kept *k = &ru->kept[r->kpi - kpi_registry];

	ru->kpi = r->kpi->id;
	if (w->job_id != 0 &&
	    del_period(ru, TIER_FIVE, e, NULL, err, errlen) == -1)
		return -1;
	if (put_rows(ru, TIER_FIVE, e, r->top, r->nall, err, errlen) == -1)
		return -1;
	keep(k, w, r);
	if (w->nperiods > 1)
		return put_hour(ru, k, w, h, d, err, errlen);
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
