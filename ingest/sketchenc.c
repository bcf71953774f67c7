/* sketchenc.c: an interval's sketches encoded in key order, ahead of their rows */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fanout.h"
#include "sketchenc.h"
#include "xmalloc.h"

/* Bytes first made room for per sketch (an interval's take about 150). */
#define FIRST_BYTES	256

/* Sketches from which two threads encode. */
#define SPLIT_FROM	64

struct kv *
sketch_key_order(const struct hllset *s)
{
	struct kv	*o = xreallocarray(NULL, s->n + 1, sizeof *o);
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		o[i].key = s->key[i];
		o[i].value = (int64_t)i;
	}
	qsort(o, s->n, sizeof *o, kv_by_key);
	return o;
}

/* Sketches first .. last - 1 of an order encoded into bytes of their own. */
struct part {
	const struct hllset	*s;
	const struct kv		*order;
	size_t			 first, last, dense_from;
	size_t			*at;		/* last - first + 1, from 0 */
	uint8_t			*bytes;
};

static void
encode_part(void *arg)
{
	struct part	*p = arg;
	size_t		 i, k, cap = (p->last - p->first + 1) * FIRST_BYTES;

	p->bytes = xmalloc(cap);
	p->at[0] = 0;
	for (i = p->first, k = 0; i < p->last; i++, k++) {
		/* room for the longest form */
		if (cap - p->at[k] < HLL_ENCODED_MAX)
			p->bytes = xreallocarray(p->bytes, cap = cap * 2 +
			    HLL_ENCODED_MAX, 1);
		p->at[k + 1] = p->at[k] + hll_encode_from(&p->s->h[
		    p->order[i].value], p->bytes + p->at[k], p->dense_from);
	}
}

/*
 * Two halves on two threads (dense sketches take tens of microseconds
 * each), the second's bytes then put after the first's.
 */
void
sketchenc_make(struct sketchenc *e, const struct hllset *s, size_t dense_from)
{
	struct kv	*order = sketch_key_order(s);
	struct part	 p[2];
	size_t		 i, half = s->n / 2, len0;
	int		 k;

	e->n = s->n;
	e->key = xreallocarray(NULL, s->n + 1, sizeof *e->key);
	e->at = xreallocarray(NULL, s->n + 2, sizeof *e->at);
	for (i = 0; i < s->n; i++)
		e->key[i] = order[i].key;
	for (k = 0; k < 2; k++)
		p[k] = (struct part){ s, order, k == 0 ? 0 : half,
		    k == 0 ? half : s->n, dense_from,
		    k == 0 ? e->at : e->at + half + 1, NULL };
	/* (a few sketches: one thread) */
	if (s->n < SPLIT_FROM) {
		p[0].last = s->n;
		encode_part(&p[0]);
	} else
		fanout(p, 2, sizeof *p, encode_part);
	e->bytes = p[0].bytes;
	if (s->n >= SPLIT_FROM) {
		/* The second half's offsets and bytes after the first's. */
		len0 = e->at[half];
		e->bytes = xreallocarray(e->bytes, len0 + p[1].at[s->n - half] +
		    1, 1);
		memcpy(e->bytes + len0, p[1].bytes, p[1].at[s->n - half]);
		for (i = half + 1; i <= s->n; i++)
			e->at[i] = len0 + e->at[i + 1];
		free(p[1].bytes);
	}
	free(order);
}

void
sketchenc_free(struct sketchenc *e)
{
	free(e->key);
	free(e->at);
	free(e->bytes);
	memset(e, 0, sizeof *e);
}
