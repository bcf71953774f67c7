/* sketchio.c: the rows of netkpi_sketches of one KPI: merged into sketches, written, deleted, and each tier's extent */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fanout.h"
#include "log.h"
#include "range.h"
#include "sketchenc.h"
#include "sketchio.h"
#include "stmts.h"
#include "store.h"
#include "xmalloc.h"

/* Rows of one INSERT (then SMALL); one that is there is replaced. */
#define BATCH	64
#define SMALL	8
#define UPSERT	" ON DUPLICATE KEY UPDATE `sketch` = VALUES(`sketch`)"

enum stmt { ST_SEL, ST_DEL, ST_ONE, ST_ENDS, ST_BATCH, ST_SMALL, ST_MAX };

static const char *const sql[ST_MAX] = {
	"SELECT `key_id`, `sketch` FROM `netkpi_sketches` WHERE `kpi_id` = ?"
	" AND `tier` = ? AND `period_end` > ? AND `period_end` <= ?",
	"DELETE FROM `netkpi_sketches` WHERE `kpi_id` = ? AND `tier` = ?"
	" AND `period_end` = ?",
	"INSERT INTO `netkpi_sketches` (`kpi_id`, `tier`, `period_end`,"
	" `key_id`, `sketch`) VALUES (?, ?, ?, ?, ?)" UPSERT,
	RANGE_EXTENTS_SQL,
	NULL,		/* BATCH of those: batch below */
	NULL,		/* SMALL of those */
};

static const struct stmts_batch batch = {
	"INSERT INTO `netkpi_sketches` (`kpi_id`, `tier`, `period_end`,"
	" `key_id`, `sketch`) VALUES ", "(?, ?, ?, ?, ?)", UPSERT, BATCH, SMALL
};

/*
 * Sketches encoded at a time, a whole number of batches: an interval's
 * cells of a large network in one or two.  The server takes longer to
 * store a chunk than a thread to encode the next one, but the thread is
 * a new one each time, and while a catch-up reads the next intervals
 * on every core it may start late: chunks of 256 instead made a day's
 * catch-up of 2,000 cells 6% slower.
 */
#define CHUNK	(16 * BATCH)

/* A chunk of rows: sketches encoded (or groups), their lengths and keys. */
struct chunk {
	uint8_t		 (*enc)[HLL_ENCODED_MAX];
	unsigned long	 len[CHUNK];
	int64_t		 key[CHUNK];
};

struct sketchio {
	MYSQL_STMT	*st[ST_MAX];
	int64_t		 kpi;
	/* A batch: its binds and what they point at. */
	MYSQL_BIND	 b[5 * BATCH];
	int64_t		 tier, key[BATCH];
	MYSQL_TIME	 end;
	/* Two: one sent while the next is encoded; one's groups. */
	struct chunk	 ch[2], grp;
	/* A sketch read. */
	uint8_t		 blob[HLL_ENCODED_MAX];
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

struct sketchio *
sketchio_new(MYSQL *m, int64_t kpi, char *err, size_t errlen)
{
	struct sketchio	*io = xcalloc(1, sizeof *io);

	io->kpi = kpi;
	io->ch[0].enc = xreallocarray(NULL, CHUNK, sizeof *io->ch[0].enc);
	io->ch[1].enc = xreallocarray(NULL, CHUNK, sizeof *io->ch[1].enc);
	io->grp.enc = xreallocarray(NULL, CHUNK, sizeof *io->grp.enc);
	if (stmts_prepare(m, sql, &batch, io->st, ST_MAX, err, errlen) == -1) {
		sketchio_free(io);
		io = NULL;
	}
	return io;
}

void
sketchio_free(struct sketchio *io)
{
	if (io == NULL)
		return;
	stmts_close(io->st, ST_MAX);
	free(io->ch[0].enc);
	free(io->ch[1].enc);
	free(io->grp.enc);
	free(io);
}

static void
encode_range(void *arg)
{
	struct encoding	*e = arg;
	size_t		 i;

	for (i = e->first; i < e->last; i++) {
		e->ch->key[i] = e->order[i].key;
		e->ch->len[i] = (unsigned long)hll_encode_from(
		    &e->s->h[e->order[i].value], e->ch->enc[i], e->dense_from);
	}
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

/* Insert the n rows of ch from i on. */
static int
put_batch(struct sketchio *io, struct chunk *ch, size_t i, size_t n,
    char *err, size_t errlen)
{
	size_t	j;

	for (j = 0; j < n; j++) {
		io->key[j] = ch->key[i + j];
		db_bind_i64(&io->b[5 * j], &io->kpi);
		db_bind_i64(&io->b[5 * j + 1], &io->tier);
		db_bind_time(&io->b[5 * j + 2], &io->end);
		db_bind_i64(&io->b[5 * j + 3], &io->key[j]);
		bind_blob(&io->b[5 * j + 4], ch->enc[i + j], HLL_ENCODED_MAX,
		    &ch->len[i + j]);
	}
	return db_run(io->st[n == BATCH ? ST_BATCH : n == SMALL ? ST_SMALL :
	    ST_ONE], io->b, err, errlen);
}

/* Sketch i of a chunk (ch) or of sketches encoded ahead (e). */
struct from {
	const struct chunk	*ch;
	const struct sketchenc	*e;
};

static int64_t
from_key(const struct from *f, size_t i)
{
	return f->ch != NULL ? f->ch->key[i] : f->e->key[i];
}

static const uint8_t *
from_enc(const struct from *f, size_t i, size_t *len)
{
	*len = f->ch != NULL ? f->ch->len[i] : f->e->at[i + 1] - f->e->at[i];
	return f->ch != NULL ? f->ch->enc[i] : f->e->bytes + f->e->at[i];
}

/*
 * Sketches i .. m - 1 of f as rows of g: runs of them in groups
 * (hllset_group_add), and one that shares a row with no other in its
 * own form; returns the rows.
 */
static size_t
group_chunk(const struct from *f, size_t i, size_t m, struct chunk *g)
{
	const uint8_t	*enc;
	size_t		 j, n = 0, used, len;

	for (; i < m; i = j, n++) {
		used = 0;
		for (j = i; j < m; j++) {
			enc = from_enc(f, j, &len);
			if (!hllset_group_add(g->enc[n], &used, from_key(f, j),
			    enc, len))
				break;
		}
		if (j - i < 2) {
			j = i + 1;
			enc = from_enc(f, i, &len);
			memcpy(g->enc[n], enc, len);
			used = len;
		}
		g->key[n] = from_key(f, i);
		g->len[n] = (unsigned long)used;
	}
	return n;
}

/* The rows of ch (n of them) in batches of BATCH, the last by SMALL, 1. */
static int
put_rows(struct sketchio *io, struct chunk *ch, size_t nrows, char *err,
    size_t errlen)
{
	size_t	i, n;
	int	rc = 0;

	for (i = 0; i < nrows && rc == 0; i += n) {
		n = stmts_rows(&batch, nrows - i);
		rc = put_batch(io, ch, i, n, err, errlen);
	}
	return rc;
}

int
sketchio_put(struct sketchio *io, int64_t tier, utc_us end,
    const struct hllset *s, char *err, size_t errlen)
{
	struct kv	*order = sketch_key_order(s);
	struct encoding	 next;
	struct chunk	*rows;
	struct from	 f = { NULL, NULL };
	pthread_t	 t;
	size_t		 c, m, mn, nrows, from = HLL_M + 1;
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
	io->tier = tier;
	db_time_set(&io->end, end);
	m = s->n < CHUNK ? s->n : CHUNK;
	encode_chunk(&io->ch[cur], s, order, m, from);
	for (c = 0; c < s->n && rc == 0; c += m, m = mn, cur ^= 1) {
		/* The next chunk is encoded by a thread while this one goes. */
		mn = s->n - c - m < CHUNK ? s->n - c - m : CHUNK;
		next = (struct encoding){ &io->ch[cur ^ 1], s, order + c + m,
		    0, mn, from };
		started = mn > 0 && pthread_create(&t, NULL, encode_main,
		    &next) == 0;
		/*
		 * Five minutes in groups: an interval of 2,000 cells in 48
		 * rows, not 2,000, whose storing was most of the server's
		 * work (a row costs it far more than 64 bytes do).
		 */
		rows = &io->ch[cur];
		nrows = m;
		if (tier == TIER_FIVE) {
			f.ch = rows;
			nrows = group_chunk(&f, 0, m, &io->grp);
			rows = &io->grp;
		}
		rc = put_rows(io, rows, nrows, err, errlen);
		if (started)
			pthread_join(t, NULL);
		else if (mn > 0)
			encode_range(&next);
	}
	free(order);
	return rc;
}

static int
put_encoded(struct sketchio *io, utc_us end,
    const struct sketchenc *e, char *err, size_t errlen)
{
	struct from	f = { NULL, e };
	size_t		c, m;
	int		rc = 0;

	io->tier = TIER_FIVE;
	db_time_set(&io->end, end);
	/* (grouped a chunk at a time, as sketchio_put does) */
	for (c = 0; c < e->n && rc == 0; c += m) {
		m = e->n - c < CHUNK ? e->n - c : CHUNK;
		rc = put_rows(io, &io->grp, group_chunk(&f, c, c + m,
		    &io->grp), err, errlen);
	}
	return rc;
}

int
sketchio_replace_encoded(struct sketchio *io, utc_us end,
    const struct sketchenc *e, char *err, size_t errlen)
{
	return db_run_period(io->st[ST_DEL], io->kpi, TIER_FIVE, end, err,
	    errlen) == -1 ? -1 : put_encoded(io, end, e, err, errlen);
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
	struct sketchio	*io;
	struct hllset	*s;
	int64_t		 key;
	unsigned long	 len;
};

static void
merge_row(void *ctx)
{
	struct fetched	*f = ctx;
	int64_t		 bad = f->key;

	if (f->len > HLL_ENCODED_MAX ||
	    hllset_decode(f->s, f->key, f->io->blob, f->len, &bad) == -1)
		log_warn("netkpi_sketches: cell %lld: not a sketch, left out",
		    (long long)bad);
}

int
sketchio_merge(struct sketchio *io, int64_t tier, utc_us after, utc_us upto,
    struct hllset *s, char *err, size_t errlen)
{
	struct fetched	 f = { io, s, 0, 0 };
	MYSQL_BIND	 p[4], r[2];
	MYSQL_TIME	 ta, tu;

	db_time_set(&ta, after);
	db_time_set(&tu, upto);
	db_bind_i64(&p[0], &io->kpi);
	db_bind_i64(&p[1], &tier);
	db_bind_time(&p[2], &ta);
	db_bind_time(&p[3], &tu);
	db_bind_i64(&r[0], &f.key);
	bind_blob(&r[1], io->blob, HLL_ENCODED_MAX, &f.len);
	return select_rows(io->st[ST_SEL], p, r, merge_row, &f, err, errlen);
}

int
sketchio_replace(struct sketchio *io, int64_t tier, utc_us end,
    const struct hllset *s, char *err, size_t errlen)
{
	return db_run_period(io->st[ST_DEL], io->kpi, tier, end, err,
	    errlen) == -1 ? -1 : sketchio_put(io, tier, end, s, err, errlen);
}

static void
no_row(void *ctx)
{
	(void)ctx;
}

int
sketchio_extents(struct sketchio *io, utc_us first[TIER_LAST + 1],
    utc_us last[TIER_LAST + 1], char *err, size_t errlen)
{
	MYSQL_BIND	p[RANGE_EXTENTS_COLS], r[RANGE_EXTENTS_COLS];
	MYSQL_TIME	t[RANGE_EXTENTS_COLS];
	my_bool		isnull[RANGE_EXTENTS_COLS];
	int		i, rc;

	for (i = 0; i < RANGE_EXTENTS_COLS; i++) {
		db_bind_i64(&p[i], &io->kpi);
		db_bind_time(&r[i], &t[i]);
		isnull[i] = 1;
		r[i].is_null = &isnull[i];
	}
	rc = select_rows(io->st[ST_ENDS], p, r, no_row, NULL, err, errlen);
	first[0] = last[0] = 0;
	for (i = 0; i < TIER_LAST; i++) {
		first[i + 1] = rc == 0 && !isnull[2 * i] ?
		    db_time_get(&t[2 * i]) : 0;
		last[i + 1] = rc == 0 && !isnull[2 * i + 1] ?
		    db_time_get(&t[2 * i + 1]) : 0;
	}
	return rc;
}
