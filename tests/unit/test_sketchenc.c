/* test_sketchenc.c: an interval's sketches encoded ahead of their rows: key order, each in its stored form */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hllsame.h"
#include "ingest/sketchenc.h"
#include "tap.h"

/*
 * Sketches of nkeys keys in no order (negative, small, the ends of an
 * INT), empty, sparse, long lists (hll_from_regs) and dense, encoded
 * ahead (by two threads from 64): keys ascending, each sketch in
 * hll_encode_from's bytes, read back the same; the buffers grown past
 * their first guess.
 */
static void
encoded(size_t nkeys, size_t dense_from)
{
	struct hllset	 s;
	struct sketchenc e;
	struct hll	 d, *h;
	uint8_t		 want[HLL_ENCODED_MAX], regs[HLL_M];
	int64_t		 key;
	uint64_t	 u, n;
	size_t		 i, j, len, set;
	int		 sorted = 1, same = 1, back = 1;

	memset(&s, 0, sizeof s);
	for (i = 0; i < nkeys; i++) {
		key = i == 0 ? INT32_MIN : i == 1 ? INT32_MAX :
		    (int64_t)((i * 7919) % 100003) - 50000;
		h = hllset_get(&s, key);
		n = i % 5 == 0 ? 0 : i % 5 == 1 ? 3 : i % 5 == 2 ? 60 :
		    i % 5 == 3 ? 600 : 5000;
		for (u = 0; u < n; u++)
			hll_add(h, hll_hash((uint64_t)key << 20 ^ u));
		if (i % 5 == 3) {	/* a long sparse list */
			memcpy(regs, h->dense, HLL_M);
			for (set = 0, j = 0; j < HLL_M; j++)
				set += regs[j] != 0;
			hll_from_regs(h, regs, set, NULL);
		}
	}
	sketchenc_make(&e, &s, dense_from);
	memset(&d, 0, sizeof d);
	for (i = 0; i < e.n; i++) {
		if (i > 0 && e.key[i - 1] >= e.key[i])
			sorted = 0;
		len = hll_encode_from(hllset_find(&s, e.key[i]), want,
		    dense_from);
		if (e.at[i + 1] - e.at[i] != len ||
		    memcmp(e.bytes + e.at[i], want, len) != 0)
			same = 0;
		hll_free(&d);
		if (hll_decode(&d, e.bytes + e.at[i], len) != 0 ||
		    !hll_same(&d, hllset_find(&s, e.key[i])))
			back = 0;
	}
	ok(e.n == nkeys && sorted, "%zu keys, encoded in ascending order",
	    nkeys);
	ok(same, "each in hll_encode_from's bytes (dense from %zu)",
	    dense_from);
	ok(back && e.at[e.n] > nkeys * 256,
	    "each read back the same; %zu bytes in all", e.at[e.n]);
	hll_free(&d);
	sketchenc_free(&e);
	hllset_free(&s);
}

static void
empty(void)
{
	struct hllset	 s;
	struct sketchenc e;

	memset(&s, 0, sizeof s);
	sketchenc_make(&e, &s, HLL_M + 1);
	ok(e.n == 0 && e.at[0] == 0, "no keys: none encoded");
	sketchenc_free(&e);
}

int
main(void)
{
	encoded(500, HLL_M + 1);
	encoded(500, HLL_DENSE_FROM);
	encoded(63, HLL_M + 1);
	encoded(64, HLL_M + 1);
	encoded(65, HLL_DENSE_FROM);
	empty();
	return tap_done();
}
