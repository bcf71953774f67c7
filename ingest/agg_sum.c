/* agg_sum.c: the aggregate of bytes (up + down) summed per key */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agg_ops.h"
#include "hash.h"
#include "xmalloc.h"

/* Bytes summed per key, saturated at 2^63-1. */
struct sum {
	struct hmap	 keys;
	uint64_t	*v;		/* per key index */
	size_t		 cap;
	int		 saturated;
};

/* The aggregate: one sum, which feeds add theirs to under the lock. */
struct sum_state {
	pthread_mutex_t	 mtx;
	enum agg_key	 by;
	struct sum	 sum;
};

/* A feed: a sum of its own. */
struct sum_feed {
	struct sum_state *s;
	struct sum	 sum;
};

static void
sum_init(struct sum *s)
{
	memset(s, 0, sizeof *s);
	hmap_init(&s->keys);
}

static void
sum_free(struct sum *s)
{
	hmap_free(&s->keys);
	free(s->v);
	s->v = NULL;
}

/* Add n to key's sum; room for the key must have been reserved. */
static inline void
sum_add(struct sum *s, uint64_t key, uint64_t n)
{
	uint64_t	i;
	int		isnew;

	i = hmap_get(&s->keys, key, hash64(key), &isnew);
	if (isnew) {
		if (i == s->cap)
			s->v = xreallocarray(s->v, s->cap = s->cap * 2 + 16,
			    sizeof *s->v);
		s->v[i] = 0;
	}
	if (s->v[i] > (uint64_t)INT64_MAX - n) {
		s->v[i] = INT64_MAX;
		s->saturated = 1;
	} else
		s->v[i] += n;
}

static void
sum_merge(struct sum *dst, const struct sum *src)
{
	size_t	i;

	hmap_reserve(&dst->keys, src->keys.count);
	for (i = 0; i < src->keys.count; i++)
		sum_add(dst, src->keys.keys[i], src->v[i]);
	dst->saturated |= src->saturated;
}

static void *
sum_new(int nparts, enum agg_key by)
{
	struct sum_state *s = xcalloc(1, sizeof *s);

	(void)nparts;
	pthread_mutex_init(&s->mtx, NULL);
	s->by = by;
	sum_init(&s->sum);
	return s;
}

static void
sum_state_free(void *state)
{
	struct sum_state *s = state;

	pthread_mutex_destroy(&s->mtx);
	sum_free(&s->sum);
	free(s);
}

static void *
sum_feed_new(void *state)
{
	struct sum_feed	*f = xcalloc(1, sizeof *f);

	f->s = state;
	sum_init(&f->sum);
	return f;
}

static void
sum_feed_add(void *feed, const struct flow_row *rows, size_t n)
{
	struct sum_feed	*f = feed;
	enum agg_key	 by = f->s->by;
	size_t		 i;

	hmap_reserve(&f->sum.keys, n);
	for (i = 0; i < n; i++)
		sum_add(&f->sum, agg_key_of(&rows[i], by), rows[i].bytes);
}

static void
sum_feed_done(void *feed)
{
	struct sum_feed	*f = feed;

	pthread_mutex_lock(&f->s->mtx);
	sum_merge(&f->s->sum, &f->sum);
	pthread_mutex_unlock(&f->s->mtx);
	sum_free(&f->sum);
	free(f);
}

static void
sum_state_merge(void *dst, const void *src)
{
	sum_merge(&((struct sum_state *)dst)->sum,
	    &((const struct sum_state *)src)->sum);
}

static struct kv *
sum_result(const void *state, size_t *n, int *saturated)
{
	const struct sum *s = &((const struct sum_state *)state)->sum;
	struct kv	*v = xreallocarray(NULL, s->keys.count + 1, sizeof *v);
	size_t		 i;

	for (i = 0; i < s->keys.count; i++) {
		v[i].key = (int64_t)s->keys.keys[i];
		v[i].value = (int64_t)s->v[i];
	}
	*n = s->keys.count;
	*saturated = s->saturated;
	return v;
}

static void
sum_measure(const void *state, struct agg_count *c)
{
	c->keys = ((const struct sum_state *)state)->sum.keys.count;
}

static void
sum_reserve(void *state, const struct agg_count *c)
{
	hmap_reserve(&((struct sum_state *)state)->sum.keys, c->keys);
}

const struct aggops agg_sum_ops = {
	sum_new, sum_state_free, sum_feed_new, sum_feed_add, sum_feed_done,
	sum_state_merge, sum_result, NULL, sum_measure, sum_reserve
};
