/* sketchenc.c: an interval's sketches encoded in key order, ahead of their rows */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sketchenc.h"
#include "xmalloc.h"

/* Bytes first made room for per sketch (an interval's take about 150). */
#define FIRST_BYTES	256

static int
by_key(const void *x, const void *y)
{
	int64_t	a = ((const struct kv *)x)->key, b = ((const struct kv *)y)->key;

	return (a > b) - (a < b);
}

struct kv *
sketch_key_order(const struct hllset *s)
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

void
sketchenc_make(struct sketchenc *e, const struct hllset *s, size_t dense_from)
{
	struct kv	*order = sketch_key_order(s);
	size_t		 i, cap = (s->n + 1) * FIRST_BYTES, len;

	e->n = s->n;
	e->key = xreallocarray(NULL, s->n + 1, sizeof *e->key);
	e->at = xreallocarray(NULL, s->n + 1, sizeof *e->at);
	e->bytes = xmalloc(cap);
	e->at[0] = 0;
	for (i = 0; i < s->n; i++) {
		/* room for the longest form */
		if (cap - e->at[i] < HLL_ENCODED_MAX)
			e->bytes = xreallocarray(e->bytes, cap = cap * 2 +
			    HLL_ENCODED_MAX, 1);
		len = hll_encode_from(&s->h[order[i].value], e->bytes +
		    e->at[i], dense_from);
		e->key[i] = order[i].key;
		e->at[i + 1] = e->at[i] + len;
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
