/* test_hll.c: HyperLogLog sketches: the hash, estimates on known sets, merge, sparse and dense, the stored forms (versions 1 and 2) */
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
	ok(buf[0] == 2 && len < 3 + 2 * a.n,
	    "and stored in version 2, %zu bytes (version 1: %zu)", len, 3 + 3 * a.n);
	ok(hll_decode(&d, buf, len) == 0 && d.dense == NULL && d.n == a.n &&
	    memcmp(d.sparse, a.sparse, a.n * sizeof *a.sparse) == 0,
	    "sparse: decode(encode) is the same sketch");
	hll_free(&d);
	fill(&a, 1050, 250);
	ok(a.dense != NULL, "300 users: dense in memory");
	len = hll_encode(&a, buf);
	ok(buf[0] == 2 && len < 600, "but stored sparse, the shorter: %zu bytes", len);
	ok(hll_decode(&d, buf, len) == 0 && close_to(&d, 300) &&
	    hll_estimate(&d) == hll_estimate(&a),
	    "sparse from dense: decode(encode) estimates the same");
	fill(&b, 1200, 1000000);
	ok(b.dense != NULL, "1000000 users: dense");
	len = hll_encode(&b, buf);
	ok(len == 3075 && buf[0] == 1 && buf[2] == 1,
	    "stored dense, version 1, in 3075 bytes");
	hll_free(&d);
	ok(hll_decode(&d, buf, len) == 0 && d.dense != NULL &&
	    memcmp(d.dense, b.dense, HLL_M) == 0,
	    "dense: decode(encode) is the same sketch");
	hll_merge(&u, &a);
	hll_merge(&u, &b);
	ok(close_to(&u, 1000100), "merge = union: 1000..1299 and 1200..1001199: %.1f",
	    hll_estimate(&u));
	hll_merge(&a, &b);
	ok(memcmp(a.dense, u.dense, HLL_M) == 0, "merge is order-free");
	buf[2] = 7;
	ok(hll_decode(&d, buf, len) == -1, "an unknown form is refused");
	buf[2] = 1;
	ok(hll_decode(&d, buf, len - 1) == -1, "a short dense form is refused");
	buf[0] = 3;
	ok(hll_decode(&d, buf, len) == -1, "another format version is refused");
	hll_free(&a);
	hll_free(&b);
	hll_free(&u);
	hll_free(&d);
}

/* Version 1's sparse form of h (hll.h), as older versions stored it. */
static size_t
encode_v1(const struct hll *h, uint8_t *out)
{
	uint32_t	regs[HLL_M], e;
	size_t		i, n = hll_regs(h, regs);

	out[0] = 1;
	out[1] = HLL_P;
	out[2] = 0;
	for (i = 0; i < n; i++) {
		e = (regs[i] >> 8) << 6 | (regs[i] & 0x3f);
		out[3 + 3 * i] = (uint8_t)(e >> 16);
		out[4 + 3 * i] = (uint8_t)(e >> 8);
		out[5 + 3 * i] = (uint8_t)e;
	}
	return 3 + 3 * n;
}

/* 1 when a and b hold the same registers. */
static int
same(const struct hll *a, const struct hll *b)
{
	uint32_t	ra[HLL_M], rb[HLL_M];
	size_t		n = hll_regs(a, ra);

	return n == hll_regs(b, rb) && memcmp(ra, rb, n * sizeof *ra) == 0;
}

/* Version 2 round trips from 0 to every register set, and rank 53. */
static void
round_trips(void)
{
	static const uint64_t sizes[] = { 0, 1, 7, 100, 1000, 2500, 4000,
	    8000, 50000 };
	struct hll	a, d;
	uint8_t		buf[HLL_ENCODED_MAX + 1];
	uint32_t	regs[HLL_M];
	size_t		i, len;
	int		good = 1;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		memset(&a, 0, sizeof a);
		memset(&d, 0, sizeof d);
		fill(&a, 77000 + i * 104729, sizes[i]);
		/* the top rank, and the first and last registers */
		hll_add(&a, 0);
		hll_add(&a, UINT64_C(0xfff) << HLL_Q | 1);
		len = hll_encode(&a, buf);
		good = hll_decode(&d, buf, len) == 0 && same(&a, &d) &&
		    hll_estimate(&a) == hll_estimate(&d);
		ok(good, "%llu users: %zu bytes (version %d), decode(encode) is"
		    " the same sketch", (unsigned long long)sizes[i], len, buf[0]);
		if (buf[0] == 2 && len > 6) {
			ok(hll_decode(&d, buf, len - 1) == -1, "cut short: refused");
			buf[len] = 0;
			ok(hll_decode(&d, buf, len + 1) == -1, "a byte more: refused");
			/* 20 entries take at least 40 bits: more than the padding */
			buf[3] = (uint8_t)((hll_regs(&a, regs) + 20) >> 8);
			buf[4] = (uint8_t)(hll_regs(&a, regs) + 20);
			ok(hll_decode(&d, buf, len) == -1, "a count past the bits: refused");
		}
		hll_free(&a);
		hll_free(&d);
	}
}

/* Version 1 and version 2 merge alike, and estimate the same. */
static void
versions(void)
{
	struct hll	a, b, m1, m2;
	uint8_t		v1[HLL_ENCODED_MAX], v2[HLL_ENCODED_MAX];
	size_t		l1, l2;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&m1, 0, sizeof m1);
	memset(&m2, 0, sizeof m2);
	fill(&a, 500000, 400);
	fill(&b, 500200, 700);
	l1 = encode_v1(&a, v1);
	l2 = hll_encode(&b, v2);
	ok(v2[0] == 2 && l2 < l1 * 2 / 3, "700 users: version 2 %zu bytes,"
	    " version 1 %zu for 400", l2, l1);
	ok(hll_decode(&m1, v1, l1) == 0 && same(&m1, &a), "version 1 sparse still decodes");
	ok(hll_decode(&m1, v2, l2) == 0, "and merges with version 2");
	hll_merge(&m2, &b);
	hll_merge(&m2, &a);
	ok(same(&m1, &m2) && hll_estimate(&m1) == hll_estimate(&m2),
	    "decode(v1) + decode(v2) = a merged with b: %.1f",
	    hll_estimate(&m1));
	ok(close_to(&m1, 900), "the union of 500000..500399 and 500200..500899");
	hll_free(&a);
	hll_free(&b);
	hll_free(&m1);
	hll_free(&m2);
}

/*
 * The stored form never changes (SQL users and later versions read old
 * sketches): the bytes hll_encode writes for these sets hash to what
 * the first version 2 encoder wrote (FNV-1a over all of them).
 */
static void
stable_bytes(void)
{
	static const uint64_t sizes[] = { 0, 1, 100, 3000, 8000, 40000 };
	uint8_t		buf[HLL_ENCODED_MAX];
	uint64_t	f = UINT64_C(0xcbf29ce484222325), j;
	size_t		i, len, total = 0;
	struct hll	h;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		memset(&h, 0, sizeof h);
		for (j = 0; j < sizes[i]; j++)
			hll_add(&h, hll_hash(1000000 * i + j));
		hll_add(&h, 0);		/* the top rank: an entry of 53 bits */
		len = hll_encode(&h, buf);
		total += len;
		for (j = 0; j < len; j++)
			f = (f ^ buf[j]) * UINT64_C(0x100000001b3);
		hll_free(&h);
	}
	ok(total == 5865 && f == UINT64_C(0x8e35911a3055fe54), "the stored"
	    " bytes of six sketches are those of the first encoder: %zu bytes,"
	    " hash %016llx", total, (unsigned long long)f);
}

int
main(void)
{
	hash();
	estimates();
	forms();
	round_trips();
	versions();
	stable_bytes();
	return tap_done();
}
