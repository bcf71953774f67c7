/* sketchw.c: every cell's sketch of users per interval, hour, day, quarter day and span of days (netkpi_sketches), in the interval's transaction */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fanout.h"
#include "flowname.h"
#include "log.h"
#include "range.h"
#include "sketchb.h"
#include "sketchw.h"
#include "stmts.h"
#include "store.h"
#include "xmalloc.h"

/* Rows of one INSERT (then SMALL); one that is there is replaced. */
#define BATCH	64
#define SMALL	8
#define UPSERT	" ON DUPLICATE KEY UPDATE `sketch` = VALUES(`sketch`)"

enum stmt { ST_SEL, ST_DEL, ST_ONE, ST_ENDS, ST_BATCH, ST_SMALL, ST_MAX };

/* The first and last period ends of the days and of each span's tier. */
_Static_assert(TIER_DAY == 3 && TIER_SPAN(1) == 5 && TIER_LAST == 9,
    "ST_ENDS names the tiers of the days and the spans");

static const char *const sql[ST_MAX] = {
	"SELECT `key_id`, `sketch` FROM `netkpi_sketches` WHERE `kpi_id` = ?"
	" AND `tier` = ? AND `period_end` > ? AND `period_end` <= ?",
	"DELETE FROM `netkpi_sketches` WHERE `kpi_id` = ? AND `tier` = ?"
	" AND `period_end` = ?",
	"INSERT INTO `netkpi_sketches` (`kpi_id`, `tier`, `period_end`,"
	" `key_id`, `sketch`) VALUES (?, ?, ?, ?, ?)" UPSERT,
	"SELECT `tier`, MIN(`period_end`), MAX(`period_end`) FROM"
	" `netkpi_sketches` WHERE `kpi_id` = ? AND `tier` IN (3, 5, 6, 7, 8, 9)"
	" GROUP BY `tier`",
	NULL,		/* BATCH of those: batch below */
	NULL,		/* SMALL of those */
};

static const struct stmts_batch batch = {
	"INSERT INTO `netkpi_sketches` (`kpi_id`, `tier`, `period_end`,"
	" `key_id`, `sketch`) VALUES ", "(?, ?, ?, ?, ?)", UPSERT, BATCH, SMALL
};

/* Sketches encoded at a time, a whole number of batches. */
#define CHUNK	(4 * BATCH)

/*
 * What this connection's transactions wrote, kept so that an hour and
 * its day are merged without reading back what was just written: the
 * sketches of a period (ending at end; 0: nothing kept), and for an
 * hour, the intervals first .. last that they hold, all of them.
 */
struct kept {
	struct hllset	 s;
	utc_us		 end, first, last;
};

/* A chunk of sketches encoded, and their lengths. */
struct chunk {
	uint8_t		 (*enc)[HLL_ENCODED_MAX];
	unsigned long	 len[CHUNK];
};

struct sketchw {
	MYSQL		*m;
	MYSQL_STMT	*st[ST_MAX];
	int64_t		 kpi;		/* 0: no sketch KPI in effect */
	/* A batch: its binds and what they point at. */
	MYSQL_BIND	 b[5 * BATCH];
	int64_t		 tier, key[BATCH];
	MYSQL_TIME	 end;
	/* Two: one sent while the next is encoded. */
	struct chunk	 ch[2];
	/* A sketch read. */
	uint8_t		 blob[HLL_ENCODED_MAX];
	/*
	 * The hour's intervals written, the day as it was written, and the
	 * quarter's hours written.
	 */
	struct kept	 hour, day, quarter;
};

/*
 * Encode sketches first .. last - 1 of a chunk (in key order), dense
 * from dense_from registers set (hll_encode_from).
 */
struct encoding {
	struct chunk		*ch;
	const struct hllset	*s;
	const struct kv		*order;		/* the chunk's first */
	size_t			 first, last, dense_from;
};

static void
bind_blob(MYSQL_BIND *b, void *buf, unsigned long size, unsigned long *len)
{
	memset(b, 0, sizeof *b);
	b->buffer_type = MYSQL_TYPE_BLOB;
	b->buffer = buf;
	b->buffer_length = size;
	b->length = len;
}

struct sketchw *
sketchw_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	struct sketchw	*sw = xcalloc(1, sizeof *sw);
	const struct kpi *k = sketch_kpi(kpis);

	sw->m = m;
	sw->kpi = k != NULL ? k->id : 0;
	sw->ch[0].enc = xreallocarray(NULL, CHUNK, sizeof *sw->ch[0].enc);
	sw->ch[1].enc = xreallocarray(NULL, CHUNK, sizeof *sw->ch[1].enc);
	if (stmts_prepare(m, sql, &batch, sw->st, ST_MAX, err, errlen) == -1) {
		sketchw_free(sw);
		sw = NULL;
	}
	return sw;
}

void
sketchw_free(struct sketchw *sw)
{
	if (sw == NULL)
		return;
	stmts_close(sw->st, ST_MAX);
	sketchw_forget(sw);
	free(sw->ch[0].enc);
	free(sw->ch[1].enc);
	free(sw);
}

static int
by_key(const void *x, const void *y)
{
	int64_t	a = ((const struct kv *)x)->key, b = ((const struct kv *)y)->key;

	return (a > b) - (a < b);
}

/*
 * s's keys in ascending order, each with its index in s: rows inserted
 * in the primary key's order go to the end of its pages, not between
 * them.  The caller frees the array.
 */
static struct kv *
key_order(const struct hllset *s)
{
	struct kv	*o = xreallocarray(NULL, s->n + 1, sizeof *o);
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		o[i].key = s->key[i];
		o[i].value = (int64_t)i;
	}
	qsort(o, s->n, sizeof *o, by_key);
	return o;
}

static void
encode_range(void *arg)
{
	struct encoding	*e = arg;
	size_t		 i;

	for (i = e->first; i < e->last; i++)
		e->ch->len[i] = (unsigned long)hll_encode_from(
		    &e->s->h[e->order[i].value], e->ch->enc[i], e->dense_from);
}

static void *
encode_main(void *arg)
{
	encode_range(arg);
	return NULL;
}

/*
 * The n sketches of s from order on, encoded into ch (dense from
 * dense_from): the second half by a thread.
 */
static void
encode_chunk(struct chunk *ch, const struct hllset *s,
    const struct kv *order, size_t n, size_t dense_from)
{
	struct encoding	 half[2] = {
		{ ch, s, order, 0, n / 2, dense_from },
		{ ch, s, order, n / 2, n, dense_from },
	};

	if (n < 2 * BATCH)
		half[0].last = n;
	fanout(half, n < 2 * BATCH ? 1 : 2, sizeof *half, encode_range);
}

/* Insert the n encoded sketches of ch from i on, keyed from order. */
static int
put_batch(struct sketchw *sw, struct chunk *ch, const struct kv *order,
    size_t i, size_t n, char *err, size_t errlen)
{
	size_t	j;

	for (j = 0; j < n; j++) {
		sw->key[j] = order[i + j].key;
		db_bind_i64(&sw->b[5 * j], &sw->kpi);
		db_bind_i64(&sw->b[5 * j + 1], &sw->tier);
		db_bind_time(&sw->b[5 * j + 2], &sw->end);
		db_bind_i64(&sw->b[5 * j + 3], &sw->key[j]);
		bind_blob(&sw->b[5 * j + 4], ch->enc[i + j], HLL_ENCODED_MAX,
		    &ch->len[i + j]);
	}
	return db_run(sw->st[n == BATCH ? ST_BATCH : n == SMALL ? ST_SMALL :
	    ST_ONE], sw->b, err, errlen);
}

/* Write every sketch of s as the rows of period (tier, end), by key. */
static int
put_set(struct sketchw *sw, int64_t tier, utc_us end, const struct hllset *s,
    char *err, size_t errlen)
{
	struct kv	*order = key_order(s);
	struct encoding	 next;
	pthread_t	 t;
	size_t		 c, i, m, mn, n, from = HLL_M + 1;
	int		 rc = 0, cur = 0, started;

	/*
	 * Hours and days, which ranges are read from, dense from a quarter
	 * set (fast to merge); quarters of a day, a few rows a range reads
	 * at its edges, from a sixteenth (in version 2 they took 8 to 10
	 * ms of the responder's 38 to 48 for a week's top/ from inside
	 * hours), and spans of days, a few rows in the middle of a range,
	 * as well; five minutes, most of the rows, the shortest.
	 */
	if (tier >= TIER_QUARTER)
		from = HLL_DENSE_FROM / 4;
	else if (tier != TIER_FIVE)
		from = HLL_DENSE_FROM;
	sw->tier = tier;
	db_time_set(&sw->end, end);
	m = s->n < CHUNK ? s->n : CHUNK;
	encode_chunk(&sw->ch[cur], s, order, m, from);
	for (c = 0; c < s->n && rc == 0; c += m, m = mn, cur ^= 1) {
		/* The next chunk is encoded by a thread while this one goes. */
		mn = s->n - c - m < CHUNK ? s->n - c - m : CHUNK;
		next = (struct encoding){ &sw->ch[cur ^ 1], s, order + c + m,
		    0, mn, from };
		started = mn > 0 && pthread_create(&t, NULL, encode_main,
		    &next) == 0;
		/* Batches of BATCH rows; the last rows of all by SMALL, 1. */
		for (i = 0; i < m && rc == 0; i += n) {
			n = stmts_rows(&batch, m - i);
			rc = put_batch(sw, &sw->ch[cur], order + c, i, n, err,
			    errlen);
		}
		if (started)
			pthread_join(t, NULL);
		else if (mn > 0)
			encode_range(&next);
	}
	free(order);
	return rc;
}

/*
 * Run st with params p, its rows fetched into r, each passed to row;
 * 0, or -1 with err.
 */
static int
select_rows(MYSQL_STMT *st, MYSQL_BIND *p, MYSQL_BIND *r,
    void (*row)(void *), void *ctx, char *err, size_t errlen)
{
	int	fr;

	if (db_run(st, p, err, errlen) == -1)
		return -1;
	if (mysql_stmt_bind_result(st, r) != 0)
		goto fail;
	while ((fr = mysql_stmt_fetch(st)) == 0 || fr == MYSQL_DATA_TRUNCATED)
		row(ctx);
	if (fr == 1)
		goto fail;
	return mysql_stmt_free_result(st) == 0 ? 0 : -1;
fail:
	snprintf(err, errlen, "%s", mysql_stmt_error(st));
	(void)mysql_stmt_free_result(st);
	return -1;
}

/* A (key, sketch) row read by fetch: merged into its key's sketch. */
struct fetched {
	struct sketchw	*sw;
	struct hllset	*s;
	int64_t		 key;
	unsigned long	 len;
};

static void
merge_row(void *ctx)
{
	struct fetched	*f = ctx;

	if (f->len > HLL_ENCODED_MAX ||
	    hll_decode(hllset_get(f->s, f->key), f->sw->blob, f->len) == -1)
		log_warn("netkpi_sketches: cell %lld: not a sketch, left out",
		    (long long)f->key);
}

/*
 * Merge the stored sketches of tier with ends in (after, upto] into s,
 * each key's into its own (made when new).
 */
static int
fetch(struct sketchw *sw, int64_t tier, utc_us after, utc_us upto,
    struct hllset *s, char *err, size_t errlen)
{
	struct fetched	 f = { sw, s, 0, 0 };
	MYSQL_BIND	 p[4], r[2];
	MYSQL_TIME	 ta, tu;

	db_time_set(&ta, after);
	db_time_set(&tu, upto);
	db_bind_i64(&p[0], &sw->kpi);
	db_bind_i64(&p[1], &tier);
	db_bind_time(&p[2], &ta);
	db_bind_time(&p[3], &tu);
	db_bind_i64(&r[0], &f.key);
	bind_blob(&r[1], sw->blob, HLL_ENCODED_MAX, &f.len);
	return select_rows(sw->st[ST_SEL], p, r, merge_row, &f, err, errlen);
}

static int
del_period(struct sketchw *sw, int64_t tier, utc_us end, char *err,
    size_t errlen)
{
	MYSQL_BIND	b[3];
	MYSQL_TIME	t;

	db_time_set(&t, end);
	db_bind_i64(&b[0], &sw->kpi);
	db_bind_i64(&b[1], &tier);
	db_bind_time(&b[2], &t);
	return db_run(sw->st[ST_DEL], b, err, errlen);
}

static void
kept_free(struct kept *k)
{
	hllset_free(&k->s);
	k->end = k->first = k->last = 0;
}

void
sketchw_forget(struct sketchw *sw)
{
	kept_free(&sw->hour);
	kept_free(&sw->day);
	kept_free(&sw->quarter);
}

/*
 * Keep the sketches s of a period ending at e (an interval or an hour,
 * step long) in the period ending at end that holds it (an hour or a
 * quarter): after those kept when it follows the last of them in the
 * same period, else alone.
 */
static void
keep(struct kept *k, utc_us end, utc_us e, utc_us step,
    const struct hllset *s)
{
	if (k->end != end || k->last != e - step) {
		kept_free(k);
		k->end = end;
		k->first = e;
	}
	hllset_merge(&k->s, s);
	k->last = e;
}

/*
 * Period (tier, end, length len) merged again from its intervals (an
 * hour) or hours (a day or a quarter) into s, which holds those that
 * end from first to last already (first 0: none), and gets the others
 * read back.
 */
static int
rebuild(struct sketchw *sw, int64_t tier, utc_us end, utc_us len,
    utc_us first, utc_us last, struct hllset *s, char *err, size_t errlen)
{
	int64_t	finer = tier == TIER_HOUR ? TIER_FIVE : TIER_HOUR;
	utc_us	step = tier == TIER_HOUR ? INTERVAL_US : USEC_PER_HOUR;
	int	rc = 0;

	if (first == 0)
		rc = fetch(sw, finer, end - len, end, s, err, errlen);
	else if (first - step > end - len)	/* those before */
		rc = fetch(sw, finer, end - len, first - step, s, err, errlen);
	if (rc == 0 && first != 0 && last < end)	/* those after */
		rc = fetch(sw, finer, last, end, s, err, errlen);
	return rc == -1 ||
	    del_period(sw, tier, end, err, errlen) == -1 ||
	    put_set(sw, tier, end, s, err, errlen) == -1 ? -1 : 0;
}

/*
 * The sketches of hour merged into day d (its row read back unless
 * this connection wrote it last, and kept as written); the day's rows
 * of the cells the hour has are written again, not the others'.
 */
static int
add_up(struct sketchw *sw, utc_us d, const struct hllset *hour, char *err,
    size_t errlen)
{
	struct kept	*k = &sw->day;
	struct hllset	 view;
	size_t		 i;
	int		 rc;

	if (k->end != d) {
		kept_free(k);
		if (fetch(sw, TIER_DAY, d - 1, d, &k->s, err, errlen) == -1)
			return -1;
		k->end = d;
	}
	hllset_merge(&k->s, hour);
	/* The hour's cells, each with its day's sketch (not copied). */
	memset(&view, 0, sizeof view);
	view.key = xreallocarray(NULL, hour->n + 1, sizeof *view.key);
	view.h = xreallocarray(NULL, hour->n + 1, sizeof *view.h);
	for (i = 0; i < hour->n; i++) {
		view.key[i] = hour->key[i];
		view.h[i] = *hllset_find(&k->s, hour->key[i]);
	}
	view.n = hour->n;
	rc = put_set(sw, TIER_DAY, d, &view, err, errlen);
	free(view.key);
	free(view.h);
	return rc;
}

/*
 * The sketches of hour h into its quarter's, kept while the hours
 * follow one another; at the quarter's end its rows are written,
 * merged from those kept and its other hours read back.
 */
static int
add_quarter(struct sketchw *sw, utc_us h, const struct hllset *hour,
    char *err, size_t errlen)
{
	struct kept	*k = &sw->quarter;
	utc_us		 q = utc_ceil(h, RANGE_QUARTER_US);
	int		 rc = 0;

	keep(k, q, h, USEC_PER_HOUR, hour);
	if (h == q) {
		rc = rebuild(sw, TIER_QUARTER, q, RANGE_QUARTER_US, k->first,
		    k->last, &k->s, err, errlen);
		kept_free(k);
	}
	return rc;
}

/*
 * A redone hour h's quarter merged again from its hours, when quarters
 * were written from before it to after it (the newest quarter's rows
 * are written at its end; a quarter before the first was never
 * written, by a version that wrote none).
 */
static int
redo_quarter(struct sketchw *sw, utc_us h, char *err, size_t errlen)
{
	struct hllset	 s;
	MYSQL_BIND	 p[2];
	MYSQL_TIME	 t;
	utc_us		 q = utc_ceil(h, RANGE_QUARTER_US);
	int64_t		 within;
	int		 isnull, rc;

	db_time_set(&t, q);
	db_bind_time(&p[0], &t);
	db_bind_i64(&p[1], &sw->kpi);
	/* (rare: a late file's hour; prepared each time) */
	if (db_query_i64(sw->m, "SELECT ? BETWEEN MIN(`period_end`) AND"
	    " MAX(`period_end`) FROM `netkpi_sketches` WHERE `kpi_id` = ? AND"
	    " `tier` = 4", p, &within, &isnull, err, errlen) == -1)
		return -1;
	if (isnull || within == 0)
		return 0;
	memset(&s, 0, sizeof s);
	rc = rebuild(sw, TIER_QUARTER, q, RANGE_QUARTER_US, 0, 0, &s, err,
	    errlen);
	hllset_free(&s);
	return rc;
}

/*
 * The spans of days (range.h) as stored: level 0 the days, level k
 * span k; each level's first and last period end (0: none).  A span's
 * tier holds every span from its first to its last: a span is written
 * once the hour that ends it is, or later (the spans missed while no
 * hour was, as those before the first, one an hour, back to the first
 * day), and merged again when a late file changes one of its days.
 */
struct levels {
	utc_us	lo[RANGE_SPANS + 1], hi[RANGE_SPANS + 1];
};

static utc_us
level_len(int k)
{
	return k == 0 ? USEC_PER_DAY : RANGE_SPAN_US(k);
}

/* A (tier, first, last) row of ST_ENDS into its level. */
struct ends {
	struct levels	*lv;
	int64_t		 tier;
	MYSQL_TIME	 lo, hi;
};

static void
ends_row(void *ctx)
{
	struct ends	*e = ctx;
	int		 k = e->tier == TIER_DAY ? 0 : (int)(e->tier - TIER_QUARTER);

	if (k >= 0 && k <= RANGE_SPANS) {
		e->lv->lo[k] = db_time_get(&e->lo);
		e->lv->hi[k] = db_time_get(&e->hi);
	}
}

static int
read_levels(struct sketchw *sw, struct levels *lv, char *err, size_t errlen)
{
	struct ends	e;
	MYSQL_BIND	p, r[3];

	memset(lv, 0, sizeof *lv);
	e.lv = lv;
	db_bind_i64(&p, &sw->kpi);
	db_bind_i64(&r[0], &e.tier);
	db_bind_time(&r[1], &e.lo);
	db_bind_time(&r[2], &e.hi);
	return select_rows(sw->st[ST_ENDS], &p, r, ends_row, &e, err, errlen);
}

/*
 * Whether span k ending at e can be merged from level k - 1: it starts
 * no earlier than that level's first period, and (spans) ends no later
 * than its last.
 */
static int
covered(const struct levels *lv, int k, utc_us e)
{
	return lv->lo[k - 1] != 0 &&
	    e - level_len(k) >= lv->lo[k - 1] - level_len(k - 1) &&
	    (k == 1 || e <= lv->hi[k - 1]);
}

/* Span k ending at e merged again from level k - 1's periods in it. */
static int
build_span(struct sketchw *sw, struct levels *lv, int k, utc_us e,
    char *err, size_t errlen)
{
	struct hllset	s;
	int		rc;

	memset(&s, 0, sizeof s);
	rc = fetch(sw, k == 1 ? TIER_DAY : TIER_SPAN(k - 1), e - level_len(k),
	    e, &s, err, errlen) == -1 ||
	    del_period(sw, TIER_SPAN(k), e, err, errlen) == -1 ||
	    put_set(sw, TIER_SPAN(k), e, &s, err, errlen) == -1 ? -1 : 0;
	hllset_free(&s);
	if (lv->lo[k] == 0 || e < lv->lo[k])
		lv->lo[k] = e;
	if (e > lv->hi[k])
		lv->hi[k] = e;
	return rc;
}

/*
 * After hour h: each level's spans that end by h and follow its last
 * (the first: the newest of them), then one before its first, finer
 * levels first.
 */
static int
add_spans(struct sketchw *sw, utc_us h, char *err, size_t errlen)
{
	struct levels	lv;
	utc_us		e, len;
	int		k, rc;

	if ((rc = read_levels(sw, &lv, err, errlen)) == -1)
		return -1;
	for (k = 1; k <= RANGE_SPANS && rc == 0; k++) {
		len = level_len(k);
		e = lv.hi[k] != 0 ? lv.hi[k] + len : utc_floor(h, len);
		for (; e <= h && covered(&lv, k, e) && rc == 0; e += len)
			rc = build_span(sw, &lv, k, e, err, errlen);
		e = lv.lo[k] - len;
		if (rc == 0 && lv.lo[k] != 0 && covered(&lv, k, e))
			rc = build_span(sw, &lv, k, e, err, errlen);
	}
	return rc;
}

/* The spans that hold the day ending at d merged again, finer first. */
static int
redo_spans(struct sketchw *sw, utc_us d, char *err, size_t errlen)
{
	struct levels	lv;
	utc_us		e;
	int		k, rc;

	if ((rc = read_levels(sw, &lv, err, errlen)) == -1)
		return -1;
	for (k = 1; k <= RANGE_SPANS && rc == 0; k++) {
		e = utc_ceil(d, level_len(k));
		if (lv.lo[k] != 0 && e >= lv.lo[k] && e <= lv.hi[k])
			rc = build_span(sw, &lv, k, e, err, errlen);
	}
	return rc;
}

int
sketchw_write(struct sketchw *sw, const struct ivwrite *w, char *err,
    size_t errlen)
{
	struct hllset	hour, day;
	struct kept	*k = &sw->hour;
	utc_us		e = w->end, h = interval_hour(e);
	utc_us		d = utc_ceil(e, USEC_PER_DAY);
	int		rc;

	if (sw->kpi == 0 || w->users == NULL)
		return 0;
	/* A redone interval: what was kept may have changed. */
	if (w->job_id != 0)
		sketchw_forget(sw);
	/*
	 * Its rows replace any there (a redone interval's; a new one has
	 * none unless put there behind the ingest's back): an hour merged
	 * from what was kept is then the hour merged from the rows.
	 */
	if (del_period(sw, TIER_FIVE, e, err, errlen) == -1 ||
	    put_set(sw, TIER_FIVE, e, w->users, err, errlen) == -1)
		return -1;
	if (w->job_id == 0)
		keep(k, h, e, INTERVAL_US, w->users);
	if (w->nperiods < 2)
		return 0;
	memset(&hour, 0, sizeof hour);
	memset(&day, 0, sizeof day);
	if (w->job_id != 0) {
		/* A redone hour may have lost users: its day is merged again. */
		hllset_merge(&hour, w->users);
		rc = rebuild(sw, TIER_HOUR, h, USEC_PER_HOUR, e, e, &hour, err,
		    errlen) == -1 ||
		    rebuild(sw, TIER_DAY, d, USEC_PER_DAY, 0, 0, &day, err,
		    errlen) == -1 || redo_quarter(sw, h, err, errlen) == -1 ||
		    redo_spans(sw, d, err, errlen) == -1 ? -1 : 0;
	} else {
		/* The intervals kept are the hour's (k->first is not 0). */
		hour = k->s;
		memset(&k->s, 0, sizeof k->s);
		rc = rebuild(sw, TIER_HOUR, h, USEC_PER_HOUR, k->first, k->last,
		    &hour, err, errlen) == -1 ||
		    add_up(sw, d, &hour, err, errlen) == -1 ||
		    add_quarter(sw, h, &hour, err, errlen) == -1 ||
		    add_spans(sw, h, err, errlen) == -1 ? -1 : 0;
	}
	kept_free(k);
	hllset_free(&hour);
	hllset_free(&day);
	return rc;
}
