/* topn.c: the top N keys of a KPI, value descending, ties by key ascending */
#include "config.h"

#include <stdlib.h>

#include "topn.h"

/* 1 when a ranks before b. */
static int
before(const struct kv *a, const struct kv *b)
{
	if (a->value != b->value)
		return a->value > b->value;
	return a->key < b->key;
}

static int
kv_cmp(const void *x, const void *y)
{
	const struct kv	*a = x, *b = y;

	if (before(a, b))
		return -1;
	return before(b, a);
}

/* Restore the heap property (worst entry at the root) below i. */
static void
sift_down(struct kv *h, size_t n, size_t i)
{
	size_t		c;
	struct kv	t;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && before(&h[c], &h[c + 1]))
			c++;
		if (!before(&h[i], &h[c]))
			return;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

size_t
topn(struct kv *v, size_t n, size_t k)
{
	struct kv	t;
	size_t		i;

	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	/* A heap of the best k seen so far, the worst of them at the root. */
	for (i = k / 2; i-- > 0;)
		sift_down(v, k, i);
	for (i = k; i < n; i++) {
		if (before(&v[i], &v[0])) {
			/* Swapped, not overwritten: v keeps every key. */
			t = v[0];
			v[0] = v[i];
			v[i] = t;
			sift_down(v, k, 0);
		}
	}
	qsort(v, k, sizeof *v, kv_cmp);
	return k;
}
