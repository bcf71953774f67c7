/* test_hll.c: HyperLogLog sketches: the hash, estimates on known sets, merge, sparse and dense, the stored form */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "hll.h"
#include "tap.h"

#define SE	0.01625

/* A sketch of the msisdns first .. first + n - 1. */
static void
fill(struct hll *h, uint64_t first, uint64_t n)
{
	uint64_t	i;

	for (i = 0; i < n; i++)
		hll_add(h, hll_hash(first + i));
}

/* The estimate of h is within 3 standard errors of n (small n: +-1). */
static int
close_to(const struct hll *h, uint64_t n)
{
	double	e = hll_estimate(h);

	return fabs(e - (double)n) <= 3 * SE * (double)n + 1;
}

static void
hash(void)
{
	/* The documented formula, by its first outputs (splitmix64 seeded 0..). */
	ok(hll_hash(0) == UINT64_C(0xe220a8397b1dcdaf), "hash of 0: splitmix64's first output");
	ok(hll_hash(1) == UINT64_C(0x910a2dec89025cc1), "hash of 1");
	ok(hll_hash(491234567890ULL) != hll_hash(491234567891ULL), "neighbours differ");
}

static void
estimates(void)
{
	static const uint64_t sizes[] = { 0, 1, 2, 10, 100, 511, 1000, 5000,
	    20000, 100000, 1000000 };
	struct hll	h;
	size_t		i;
	double		worst = 0, e;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		memset(&h, 0, sizeof h);
		fill(&h, 33600000000ULL + i * 7919, sizes[i]);
		e = hll_estimate(&h);
		if (sizes[i] > 0 && fabs(e / (double)sizes[i] - 1) > worst)
			worst = fabs(e / (double)sizes[i] - 1);
		ok(close_to(&h, sizes[i]), "%llu distinct: estimate %.1f",
		    (unsigned long long)sizes[i], e);
		hll_free(&h);
	}
	printf("# largest relative error: %.4f\n", worst);
	memset(&h, 0, sizeof h);
	fill(&h, 5, 1000);
	fill(&h, 5, 1000);
	ok(close_to(&h, 1000), "each value counts once");
	hll_free(&h);
}

static void
forms(void)
{
	struct hll	a, b, u, d;
	uint8_t		buf[HLL_ENCODED_MAX];
	size_t		len;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&u, 0, sizeof u);
	memset(&d, 0, sizeof d);
	fill(&a, 1000, 50);
	ok(a.dense == NULL, "50 users: sparse in memory");
	len = hll_encode(&a, buf);
	ok(len == 3 + 3 * a.n && buf[2] == 0, "and stored sparse, %zu bytes", len);
	ok(hll_decode(&d, buf, len) == 0 && d.dense == NULL && d.n == a.n &&
	    memcmp(d.sparse, a.sparse, a.n * sizeof *a.sparse) == 0,
	    "sparse: decode(encode) is the same sketch");
	hll_free(&d);
	fill(&a, 1050, 250);
	ok(a.dense != NULL, "300 users: dense in memory");
	len = hll_encode(&a, buf);
	ok(buf[2] == 0 && len < 1000, "but stored sparse, the shorter: %zu bytes", len);
	ok(hll_decode(&d, buf, len) == 0 && close_to(&d, 300) &&
	    hll_estimate(&d) == hll_estimate(&a),
	    "sparse from dense: decode(encode) estimates the same");
	fill(&b, 1200, 20000);
	ok(b.dense != NULL, "20000 users: dense");
	len = hll_encode(&b, buf);
	is_int(len, 3075, "dense stored in 3075 bytes");
	hll_free(&d);
	ok(hll_decode(&d, buf, len) == 0 && d.dense != NULL &&
	    memcmp(d.dense, b.dense, HLL_M) == 0,
	    "dense: decode(encode) is the same sketch");
	hll_merge(&u, &a);
	hll_merge(&u, &b);
	ok(close_to(&u, 20100), "merge = union: 1000..1299 and 1200..21199: %.1f",
	    hll_estimate(&u));
	hll_merge(&a, &b);
	ok(memcmp(a.dense, u.dense, HLL_M) == 0, "merge is order-free");
	buf[2] = 7;
	ok(hll_decode(&d, buf, len) == -1, "an unknown form is refused");
	buf[2] = 1;
	ok(hll_decode(&d, buf, len - 1) == -1, "a short dense form is refused");
	buf[0] = 2;
	ok(hll_decode(&d, buf, len) == -1, "another format version is refused");
	hll_free(&a);
	hll_free(&b);
	hll_free(&u);
	hll_free(&d);
}

int
main(void)
{
	hash();
	estimates();
	forms();
	return tap_done();
}
