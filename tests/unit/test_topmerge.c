/* test_topmerge.c: sketches merged on a thread of their own equal those merged one by one */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fcgi/topmerge.h"
#include "hll.h"
#include "hllset.h"
#include "tap.h"

/* A row: a key and a stored sketch. */
struct row {
	int64_t		key;
	size_t		len;
	uint8_t		buf[HLL_ENCODED_MAX];
};

static uint64_t
next(uint64_t *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return *seed >> 11;
}

/*
 * n rows over cells keys, of 1 to 4,000 users each, in every stored
 * form (dense from a sixteenth set, from a quarter, or the shortest).
 */
static struct row *
make_rows(size_t n, int cells, uint64_t seed)
{
	struct row	*r = calloc(n, sizeof *r);
	struct hll	 h;
	size_t		 i, u, users;
	static const size_t from[3] = { HLL_M / 16, HLL_M / 4, HLL_M + 1 };

	for (i = 0; i < n; i++) {
		memset(&h, 0, sizeof h);
		users = 1 + next(&seed) % (i % 7 == 0 ? 4000 : 300);
		for (u = 0; u < users; u++)
			hll_add(&h, hll_hash(next(&seed) % 100000));
		r[i].key = 1000 + (int64_t)(next(&seed) % (uint64_t)cells);
		r[i].len = hll_encode_from(&h, r[i].buf, from[i % 3]);
		hll_free(&h);
	}
	return r;
}

/* The same keys in the same order, each with the same registers. */
static int
same(const struct hllset *a, const struct hllset *b)
{
	uint8_t	x[HLL_ENCODED_MAX], y[HLL_ENCODED_MAX];
	size_t	i, lx, ly;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		lx = hll_encode(&a->h[i], x);
		ly = hll_encode(&b->h[i], y);
		if (a->key[i] != b->key[i] || lx != ly || memcmp(x, y, lx) != 0)
			return 0;
	}
	return 1;
}

/* rows[0 .. n) merged by topmerge and one by one: the same sets. */
static void
merged(const struct row *rows, size_t n, const char *what)
{
	struct hllset	 one, many;
	struct topmerge	*tm;
	size_t		 i, bytes = 0;

	memset(&one, 0, sizeof one);
	memset(&many, 0, sizeof many);
	for (i = 0; i < n; i++) {
		bytes += rows[i].len;
		if (rows[i].len <= HLL_ENCODED_MAX)
			(void)hll_decode(hllset_get(&one, rows[i].key),
			    rows[i].buf, rows[i].len);
	}
	tm = topmerge_new(&many);
	for (i = 0; i < n; i++)
		topmerge_add(tm, rows[i].key, rows[i].buf, rows[i].len);
	topmerge_free(tm);
	ok(one.n > 0 && same(&one, &many),
	    "%s: %zu rows, %zu bytes, %zu keys, as merged one by one", what,
	    n, bytes, many.n);
	hllset_free(&one);
	hllset_free(&many);
}

/*
 * Two merges at once (as two requests): each merges its rows as they
 * come, on the caller's thread, and gets the same set.
 */
static void
two_at_once(const struct row *rows, size_t n)
{
	struct hllset	 one, a, b;
	struct topmerge	*ta, *tb;
	size_t		 i;

	memset(&one, 0, sizeof one);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	for (i = 0; i < n; i++)
		(void)hll_decode(hllset_get(&one, rows[i].key), rows[i].buf,
		    rows[i].len);
	ta = topmerge_new(&a);
	tb = topmerge_new(&b);
	for (i = 0; i < n; i++) {
		topmerge_add(ta, rows[i].key, rows[i].buf, rows[i].len);
		topmerge_add(tb, rows[i].key, rows[i].buf, rows[i].len);
	}
	topmerge_free(ta);
	topmerge_free(tb);
	ok(same(&one, &a) && same(&one, &b), "two merges at once: %zu rows"
	    " each, as merged one by one", n);
	hllset_free(&one);
	hllset_free(&a);
	hllset_free(&b);
}

int
main(void)
{
	struct row	*r = make_rows(6000, 400, 7);
	size_t		 i;

	merged(r, 5, "within the first chunk (no thread)");
	merged(r, 6000, "many chunks");
	/* Each row a key of its own: one lost or merged out of turn shows. */
	for (i = 0; i < 6000; i++)
		r[i].key = 100000 + (int64_t)i;
	merged(r, 6000, "a key a row");
	two_at_once(r, 6000);
	/* Not sketches: left out, the rows after them merged all the same. */
	memset(r[100].buf, 0x5a, sizeof r[100].buf);
	r[100].len = 40;
	r[2000].len = HLL_ENCODED_MAX + 1;
	merged(r, 6000, "two rows that are not sketches");
	free(r);
	return tap_done();
}
