/* kpidb_top.c: the queries of /api/KPIs/<id>/top/, over a worker's connection */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hllset.h"
#include "kpidb_top.h"
#include "log.h"
#include "range.h"
#include "topmerge.h"
#include "xmalloc.h"

#define PIECE \
	"SELECT `key_id`, `total_bytes` FROM `netkpi_totals`" \
	" WHERE `kpi_id` = ? AND `tier` = ? AND `period_end` > ?" \
	" AND `period_end` <= ?"

/*
 * The pieces of the range (topquery.h) up to the newest complete hour,
 * and its intervals after it, summed per key: of days, hours and
 * intervals, the tiers of netkpi_totals, there are at most five, and
 * the intervals after.  Hours and days have their totals once the hour
 * is complete (ingest/rollup.h), as with sketches below.
 */
#define TOTAL_PIECES	6
#define TOP_SQL \
	"SELECT `key_id`, CAST(SUM(`total_bytes`) AS SIGNED) AS `v` FROM (" \
	PIECE " UNION ALL " PIECE " UNION ALL " PIECE " UNION ALL " PIECE \
	" UNION ALL " PIECE " UNION ALL " PIECE \
	") AS `p` GROUP BY `key_id` ORDER BY `v` DESC, `key_id` LIMIT ?"

/* A bytes KPI's newest complete hour of totals. */
#define TOTAL_HOUR_SQL \
	"SELECT MAX(`period_end`) FROM `netkpi_totals` WHERE `kpi_id` = ?" \
	" AND `tier` = 2"

#define SKETCH_PIECE \
	"(`tier` = ? AND `period_end` > ? AND `period_end` <= ?)"

/*
 * The sketches of the pieces, merged per key here.  Hours have their
 * sketches once the hour is complete, quarters, days and spans of days
 * once their last hour is, and a day's row holds its quarters as each
 * is written (ingest/sketchw.h): the pieces cover the range up to the
 * newest complete hour (its day's quarters and hours up to that hour's
 * quarter, when the range has them all, as the day's row:
 * top_pieces_today), and the last the intervals after it.  One range scan of the primary
 * key with a range per piece: a UNION would copy the blobs to a
 * temporary table.
 */
#define OR_PIECE	" OR " SKETCH_PIECE
#define SKETCH_SQL \
	"SELECT `key_id`, `sketch` FROM `netkpi_sketches` WHERE `kpi_id` = ?" \
	" AND (" SKETCH_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE \
	OR_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE \
	OR_PIECE OR_PIECE OR_PIECE OR_PIECE OR_PIECE ")"
#define SKETCH_PIECES	18
_Static_assert(SKETCH_PIECES == TOP_PIECES + 1,
    "the pieces and the intervals after");


#define COUNT_SQL \
	"SELECT COUNT(*) FROM `netkpi_intervals` WHERE `end_date` > ?" \
	" AND `end_date` <= ? AND `rows_ok` > 0"

#define NEWEST_SQL \
	"SELECT `end_date` FROM `netkpi_intervals` WHERE `rows_ok` > 0" \
	" ORDER BY `end_date` DESC LIMIT 1"

struct top_args {
	const struct kpi	*kpi;
	const struct top_params	*p;
	int64_t			*intervals;
	struct top_row		*rows;
	size_t			*nrows;
	utc_us			*newest;
};

/* err for a failed statement; KPIDB_REFUSED for the server's errors. */
static int
failed(MYSQL_STMT *st, unsigned no, const char *why, char *err,
    size_t errlen)
{
	if (st != NULL) {
		no = mysql_stmt_errno(st);
		why = mysql_stmt_error(st);
	}
	snprintf(err, errlen, "top: %s", *why != '\0' ? why :
	    "the server closed the connection");
	return no >= 1000 && no < 2000 ? KPIDB_REFUSED : -1;
}

/* The statement of kind for kpi, prepared once per connection. */
static MYSQL_STMT *
stmt(struct kpidb *d, enum kpidb_stmt_kind kind, const struct kpi *kpi,
    const char *sql, unsigned *no, char *why, size_t whylen)
{
	struct kpidb_stmt_key key;

	memset(&key, 0, sizeof key);
	key.kind = kind;
	key.kpi = kpi;
	return kpidb_prepared(d, &key, sql, no, why, whylen);
}

/* Run st with params and fetch up to max rows of res (n columns). */
static int
run(MYSQL_STMT *st, MYSQL_BIND *params, MYSQL_BIND *res, size_t max,
    void (*take)(void *ctx, size_t i), void *ctx, size_t *got)
{
	int	fr = 0;

	*got = 0;
	if ((params != NULL && mysql_stmt_bind_param(st, params) != 0) ||
	    mysql_stmt_execute(st) != 0 || mysql_stmt_bind_result(st, res) != 0)
		return -1;
	while (*got < max && ((fr = mysql_stmt_fetch(st)) == 0 ||
	    fr == MYSQL_DATA_TRUNCATED))
		take(ctx, (*got)++);
	if (fr == 1 || mysql_stmt_free_result(st) != 0)
		return -1;
	return 0;
}

static void
take_row(void *ctx, size_t i)
{
	struct top_row	*rows = ctx;

	rows[i] = rows[TOP_N_MAX];
}

static void
take_none(void *ctx, size_t i)
{
	(void)ctx;
	(void)i;
}

/*
 * The one row of the statement of kind (for kpi) on sql, with params,
 * into res; *got: 1, or 0 when there is none.  0, or as failed.
 */
static int
one_row(struct kpidb *d, enum kpidb_stmt_kind kind, const struct kpi *kpi,
    const char *sql, MYSQL_BIND *params, MYSQL_BIND *res, size_t *got,
    char *err, size_t errlen)
{
	MYSQL_STMT	*st;
	char		 why[256];
	unsigned	 no;

	if ((st = stmt(d, kind, kpi, sql, &no, why, sizeof why)) == NULL)
		return failed(NULL, no, why, err, errlen);
	if (run(st, params, res, 1, take_none, NULL, got) == -1)
		return failed(st, 0, "", err, errlen);
	return 0;
}

static int
count_once(struct kpidb *d, const struct top_args *a, char *err,
    size_t errlen)
{
	MYSQL_BIND	 b[2], res;
	MYSQL_TIME	 ts, te;
	size_t		 got;

	db_time_set(&ts, a->p->start);
	db_time_set(&te, a->p->end);
	db_bind_time(&b[0], &ts);
	db_bind_time(&b[1], &te);
	db_bind_i64(&res, a->intervals);
	return one_row(d, KPIDB_STMT_TOP_COUNT, NULL, COUNT_SQL, b, &res, &got,
	    err, errlen);
}

/*
 * The binds of TOP_SQL or SKETCH_SQL for a's KPI and range: the pieces
 * of the range up to complete (the end of the newest complete hour; of
 * the periods st has), then its intervals after it.
 */
struct top_binds {
	MYSQL_BIND	 b[4 * (TOP_PIECES + 1)];
	MYSQL_TIME	 t[2 * (TOP_PIECES + 1)];
	int64_t		 kpi, tier[TOP_PIECES + 1], n;
};

/* Where p goes in finest_first's order. */
static int
piece_rank(const struct top_piece *p)
{
	return p->after < p->upto ? p->tier : TIER_LAST + 1;
}

/*
 * pc's pieces in the order the server best tests them in, for SKETCH_SQL:
 * mariadbd checks each row against the pieces in turn, up to the one it
 * is in, and most rows are intervals and hours.  The finer tiers first,
 * the empty pieces last (stable: pieces of one tier keep their order).
 */
static void
finest_first(struct top_piece *pc, size_t n)
{
	struct top_piece p;
	size_t		 i, j;

	for (i = 1; i < n; i++) {
		p = pc[i];
		for (j = i; j > 0 && piece_rank(&pc[j - 1]) > piece_rank(&p); j--)
			pc[j] = pc[j - 1];
		pc[j] = p;
	}
}

static void
bind_top(struct top_binds *tb, const struct top_args *a, utc_us complete,
    const struct top_stored *st, int limit)
{
	struct top_piece pc[TOP_PIECES + 1];
	MYSQL_BIND	*b;
	utc_us		 m = a->p->end;
	size_t		 i;

	if (complete < m)
		m = complete > a->p->start ? complete : a->p->start;
	top_pieces(a->p->start, m, st, pc);
	/* A day's totals hold its hours, its sketches its quarters. */
	if (m == complete)
		top_pieces_today(pc, limit ? complete :
		    utc_floor(complete, RANGE_QUARTER_US));
	pc[TOP_PIECES] = (struct top_piece){ TIER_FIVE, m, a->p->end };
	if (limit)	/* TOP_SQL: the pieces there are, the intervals after */
		pc[TOTAL_PIECES - 1] = pc[TOP_PIECES];
	else
		finest_first(pc, TOP_PIECES + 1);
	tb->kpi = a->kpi->id;
	tb->n = a->p->n;
	/* TOP_SQL: the KPI in each piece; SKETCH_SQL: once, first. */
	b = tb->b;
	if (!limit)
		db_bind_i64(b++, &tb->kpi);
	for (i = 0; i <= TOP_PIECES; i++) {
		tb->tier[i] = pc[i].tier;
		db_time_set(&tb->t[2 * i], pc[i].after);
		db_time_set(&tb->t[2 * i + 1], pc[i].upto);
		if (limit)
			db_bind_i64(b++, &tb->kpi);
		db_bind_i64(b++, &tb->tier[i]);
		db_bind_time(b++, &tb->t[2 * i]);
		db_bind_time(b++, &tb->t[2 * i + 1]);
	}
	/* TOP_SQL has the first TOTAL_PIECES pieces, then LIMIT. */
	if (limit)
		db_bind_i64(&tb->b[4 * TOTAL_PIECES], &tb->n);
}

/* Value descending, then key ascending. */
static int
by_value(const void *x, const void *y)
{
	const struct top_row *a = x, *b = y;

	if (a->value != b->value)
		return a->value < b->value ? 1 : -1;
	return (a->key > b->key) - (a->key < b->key);
}

/* The top a->p->n of s's estimates into a->rows. */
static void
top_of(const struct hllset *s, const struct top_args *a)
{
	struct top_row	*all = xreallocarray(NULL, s->n + 1, sizeof *all);
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		all[i].key = s->key[i];
		all[i].value = llround(hll_estimate(&s->h[i]));
	}
	qsort(all, s->n, sizeof *all, by_value);
	*a->nrows = s->n < (size_t)a->p->n ? s->n : (size_t)a->p->n;
	memcpy(a->rows, all, *a->nrows * sizeof *all);
	free(all);
}

/*
 * Fetch st's (key, sketch) rows, merged per key into s while the next
 * ones come (topmerge.h).
 */
static int
merge_rows(MYSQL_STMT *st, struct hllset *s)
{
	MYSQL_BIND	 r[2];
	uint8_t		 blob[HLL_ENCODED_MAX];
	unsigned long	 len;
	int64_t		 key;
	struct topmerge	*tm;
	int		 fr;

	memset(r, 0, sizeof r);
	db_bind_i64(&r[0], &key);
	r[1].buffer_type = MYSQL_TYPE_BLOB;
	r[1].buffer = blob;
	r[1].buffer_length = sizeof blob;
	r[1].length = &len;
	if (mysql_stmt_execute(st) != 0 || mysql_stmt_bind_result(st, r) != 0)
		return -1;
	tm = topmerge_new(s);
	while ((fr = mysql_stmt_fetch(st)) == 0 || fr == MYSQL_DATA_TRUNCATED)
		topmerge_add(tm, key, blob, len);
	topmerge_free(tm);
	return fr == 1 || mysql_stmt_free_result(st) != 0 ? -1 : 0;
}

/*
 * The end of kpi's newest hour of sketches into *end (0: none), and
 * into st the hours, days and intervals as all there, the quarters and
 * spans from their first to their last (RANGE_EXTENTS_SQL).
 */
static int
newest_hour(struct kpidb *d, const struct kpi *kpi, utc_us *end,
    struct top_stored *st, char *err, size_t errlen)
{
	MYSQL_BIND	 p[RANGE_EXTENTS_COLS], res[RANGE_EXTENTS_COLS];
	MYSQL_TIME	 t[RANGE_EXTENTS_COLS];
	my_bool		 isnull[RANGE_EXTENTS_COLS];
	int64_t		 id = kpi->id;
	size_t		 got, i;
	int		 rc, tier;

	for (i = 0; i < RANGE_EXTENTS_COLS; i++) {
		db_bind_i64(&p[i], &id);
		db_bind_time(&res[i], &t[i]);
		isnull[i] = 1;
		res[i].is_null = &isnull[i];
	}
	rc = one_row(d, KPIDB_STMT_TOP_HOURS, kpi, RANGE_EXTENTS_SQL, p, res,
	    &got, err, errlen);
	for (i = 0; i < RANGE_EXTENTS_COLS; i++)
		isnull[i] |= rc != 0 || got != 1;
	/* Column 2 * (tier - 1) is the tier's first end, the next its last. */
	*end = !isnull[2 * TIER_HOUR - 1] ?
	    db_time_get(&t[2 * TIER_HOUR - 1]) : 0;
	top_stored_all(st, TIER_DAY);
	for (tier = TIER_QUARTER; tier <= TIER_LAST; tier++) {
		i = 2 * (size_t)(tier - 1);
		if (!isnull[i] && !isnull[i + 1]) {
			st->first[tier] = db_time_get(&t[i]);
			st->last[tier] = db_time_get(&t[i + 1]);
		}
	}
	return rc;
}

/* The end of bytes KPI kpi's newest hour of totals into *end (0: none). */
static int
total_hour(struct kpidb *d, const struct kpi *kpi, utc_us *end, char *err,
    size_t errlen)
{
	MYSQL_BIND	 p, res;
	MYSQL_TIME	 t;
	my_bool		 isnull = 1;
	int64_t		 id = kpi->id;
	size_t		 got;
	int		 rc;

	db_bind_i64(&p, &id);
	db_bind_time(&res, &t);
	res.is_null = &isnull;
	rc = one_row(d, KPIDB_STMT_TOP_HOURS, kpi, TOTAL_HOUR_SQL, &p, &res,
	    &got, err, errlen);
	*end = rc == 0 && got == 1 && !isnull ? db_time_get(&t) : 0;
	return rc;
}

/* A distinct count's top over the range: sketches merged, estimated. */
static int
sketch_once(struct kpidb *d, const struct top_args *a, char *err,
    size_t errlen)
{
	struct top_binds tb;
	struct hllset	 s;
	MYSQL_STMT	*st;
	char		 why[256];
	struct top_stored stored;
	utc_us		 complete;
	unsigned	 no;
	int		 rc;

	if ((rc = newest_hour(d, a->kpi, &complete, &stored, err,
	    errlen)) != 0)
		return rc;
	if ((st = stmt(d, KPIDB_STMT_TOP, a->kpi, SKETCH_SQL, &no, why,
	    sizeof why)) == NULL)
		return failed(NULL, no, why, err, errlen);
	bind_top(&tb, a, complete, &stored, 0);
	memset(&s, 0, sizeof s);
	rc = 0;
	if (mysql_stmt_bind_param(st, tb.b) != 0 || merge_rows(st, &s) == -1)
		rc = failed(st, 0, "", err, errlen);
	else
		top_of(&s, a);
	hllset_free(&s);
	return rc;
}

static int
top_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct top_args *a = arg;
	struct top_stored stored;
	struct top_binds tb;
	MYSQL_STMT	*st;
	MYSQL_BIND	 res[2];
	char		 why[256];
	utc_us		 complete;
	unsigned	 no;
	int		 rc;

	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	if ((rc = count_once(d, a, err, errlen)) != 0)
		return rc;
	if (range_sketch_kpi(a->kpi))
		return sketch_once(d, a, err, errlen);
	if ((rc = total_hour(d, a->kpi, &complete, err, errlen)) != 0)
		return rc;
	if ((st = stmt(d, KPIDB_STMT_TOP, a->kpi, TOP_SQL, &no, why,
	    sizeof why)) == NULL)
		return failed(NULL, no, why, err, errlen);
	top_stored_all(&stored, TIER_DAY);
	bind_top(&tb, a, complete, &stored, 1);
	/* Each row is fetched into the spare slot past the answer's. */
	db_bind_i64(&res[0], &a->rows[TOP_N_MAX].key);
	db_bind_i64(&res[1], &a->rows[TOP_N_MAX].value);
	if (run(st, tb.b, res, (size_t)a->p->n, take_row, a->rows,
	    a->nrows) == -1)
		return failed(st, 0, "", err, errlen);
	return 0;
}

int
kpidb_top(struct kpidb *d, const struct kpi *kpi, const struct top_params *p,
    int64_t *intervals, struct top_row *rows, size_t *nrows, char *err,
    size_t errlen)
{
	struct top_args a = { kpi, p, intervals, rows, nrows, NULL };

	*intervals = 0;
	*nrows = 0;
	return kpidb_attempt(d, top_once, &a, err, errlen) == 0 ? 0 : -1;
}

static int
newest_once(struct kpidb *d, const void *arg, char *err, size_t errlen)
{
	const struct top_args *a = arg;
	MYSQL_BIND	 res;
	MYSQL_TIME	 t;
	size_t		 got;
	int		 rc;

	if (kpidb_connect(d, err, errlen) == -1)
		return -1;
	db_bind_time(&res, &t);
	rc = one_row(d, KPIDB_STMT_TOP_NEWEST, NULL, NEWEST_SQL, NULL, &res, &got,
	    err, errlen);
	*a->newest = rc == 0 && got == 1 ? db_time_get(&t) : -1;
	return rc;
}

int
kpidb_top_newest(struct kpidb *d, utc_us *end, char *err, size_t errlen)
{
	struct top_args a = { NULL, NULL, NULL, NULL, NULL, end };

	return kpidb_attempt(d, newest_once, &a, err, errlen) == 0 ? 0 : -1;
}
