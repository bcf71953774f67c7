/* topmerge.c: sketch rows merged per key on a thread of their own while the next rows come */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"
#include "log.h"
#include "topmerge.h"
#include "wqueue.h"
#include "xmalloc.h"

/*
 * A chunk: rows of an 8-byte key, a 2-byte length and the sketch, in
 * the order they came.  Of CHUNKS, one fills while the others wait for
 * the thread or are merged.
 */
#define CHUNK_BYTES	(64 * 1024)
#define CHUNKS		4
#define ROW_HEAD	(sizeof(int64_t) + sizeof(uint16_t))

_Static_assert(ROW_HEAD + HLL_ENCODED_MAX <= CHUNK_BYTES,
    "a chunk holds the longest sketch");
_Static_assert(HLL_ENCODED_MAX <= UINT16_MAX, "a length in 2 bytes");

struct chunk {
	struct hllset	*s;
	size_t		 used;
	uint8_t		 buf[CHUNK_BYTES];
};

struct topmerge {
	struct hllset	*s;
	struct wqueue	*q;		/* NULL until a chunk is full */
	int		 direct;	/* rows merged as they come */
	size_t		 put;		/* chunks put on q */
	struct chunk	 ch[CHUNKS];	/* the one filling: ch[put % CHUNKS] */
};

/* The merges in progress in the process. */
static atomic_int merging;

static void
merge_row(struct hllset *s, int64_t key, const uint8_t *buf, size_t len)
{
	int64_t	bad = key;

	if (len > HLL_ENCODED_MAX ||
	    hllset_decode(s, key, buf, len, &bad) == -1)
		log_warn("netkpi_sketches: cell %lld: not a sketch, left out",
		    (long long)bad);
}

/* A chunk's rows merged into its set (on the thread). */
static void
merge_chunk(void *job)
{
	struct chunk	*c = job;
	size_t		 at;
	int64_t		 key;
	uint16_t	 len;

	for (at = 0; at < c->used; at += ROW_HEAD + len) {
		memcpy(&key, c->buf + at, sizeof key);
		memcpy(&len, c->buf + at + sizeof key, sizeof len);
		merge_row(c->s, key, c->buf + at + ROW_HEAD, len);
	}
	c->used = 0;
}

struct topmerge *
topmerge_new(struct hllset *s)
{
	struct topmerge	*tm = xcalloc(1, sizeof *tm);
	size_t		 i;

	tm->s = s;
	for (i = 0; i < CHUNKS; i++)
		tm->ch[i].s = s;
	atomic_fetch_add(&merging, 1);
	return tm;
}

/*
 * The filling chunk (full) to the thread, which the first one starts;
 * the next one, once merged, fills.  A thread only for the one merge in
 * progress: with others, the cores have their work to do, and a thread
 * and a copy of every row would only slow them; the rows are then
 * merged as they come.
 */
static void
hand_over(struct topmerge *tm)
{
	if (tm->q == NULL && atomic_load(&merging) > 1) {
		merge_chunk(&tm->ch[0]);
		tm->direct = 1;
		return;
	}
	if (tm->q == NULL)
		tm->q = wqueue_new(merge_chunk, CHUNKS);
	wqueue_put(tm->q, &tm->ch[tm->put % CHUNKS]);
	tm->put++;
	/* (its last use was chunk put - CHUNKS: the first put - CHUNKS + 1) */
	if (tm->put >= CHUNKS)
		wqueue_wait(tm->q, tm->put - CHUNKS + 1);
}

void
topmerge_add(struct topmerge *tm, int64_t key, const uint8_t *buf,
    size_t len)
{
	struct chunk	*c = &tm->ch[tm->put % CHUNKS];
	uint16_t	 l = (uint16_t)len;

	if (!tm->direct && len <= HLL_ENCODED_MAX &&
	    c->used + ROW_HEAD + len > CHUNK_BYTES) {
		hand_over(tm);
		c = &tm->ch[tm->put % CHUNKS];
	}
	if (tm->direct || len > HLL_ENCODED_MAX) {
		merge_row(tm->s, key, buf, len);
		return;
	}
	memcpy(c->buf + c->used, &key, sizeof key);
	memcpy(c->buf + c->used + sizeof key, &l, sizeof l);
	memcpy(c->buf + c->used + ROW_HEAD, buf, len);
	c->used += ROW_HEAD + len;
}

void
topmerge_free(struct topmerge *tm)
{
	if (tm == NULL)
		return;
	/* (merged on this thread: the first chunk, unless it went) */
	if (tm->q == NULL)
		merge_chunk(&tm->ch[0]);
	else if (tm->ch[tm->put % CHUNKS].used > 0)
		hand_over(tm);
	wqueue_free(tm->q);
	atomic_fetch_sub(&merging, 1);
	free(tm);
}
