/* test_hll.c: HyperLogLog sketches: the hash, estimates on known sets, merge, sparse and dense, the stored forms (versions 1 and 2), the choice between them, malformed forms */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"
#include "hllsame.h"
#include "tap.h"

#define SE	0.01625

/* A buffer of exactly len bytes (at least 1). */
static uint8_t *
xmalloc_exact(size_t len)
{
	uint8_t	*p = malloc(len > 0 ? len : 1);

	if (p == NULL)
		abort();
	return p;
}

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

/*
 * The registers of n users from 7000 on into regs, and the words they
 * are in into words (hll_from_regs); returns how many are set.
 */
static size_t
users_regs(uint64_t n, uint8_t *regs, uint64_t *words)
{
	uint64_t	i, x;
	size_t		set = 0;
	uint32_t	j;

	memset(words, 0, HLL_WORDS * sizeof *words);
	for (i = 0; i < n; i++) {
		x = hll_hash(7000 + i);
		j = hll_reg(x);
		set += regs[j] == 0;
		if (regs[j] < hll_rank(x))
			regs[j] = hll_rank(x);
		words[j / 8 / 64] |= UINT64_C(1) << (j / 8 % 64);
	}
	return set;
}

/*
 * hll_from_regs: the sketch of n users built a register array at a
 * time is the one hll_add builds (the same registers, hll_regs), in
 * the form its count of registers says, whether it reads every word or
 * those marked; the array is zeroed again.
 */
static void
from_regs(uint64_t n)
{
	struct hll	a, b;
	static uint8_t	regs[HLL_M];
	static uint32_t	ra[HLL_M], rb[HLL_M];
	uint64_t	words[HLL_WORDS];
	size_t		set, na, nb, k;
	int		zeroed = 1;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	fill(&a, 7000, n);
	na = hll_regs(&a, ra);
	set = users_regs(n, regs, words);
	hll_from_regs(&b, regs, set, NULL);
	nb = hll_regs(&b, rb);
	ok(na == set && nb == na && memcmp(ra, rb, na * sizeof *ra) == 0,
	    "from_regs, %llu users, every word: the registers hll_add sets"
	    " (%zu)", (unsigned long long)n, set);
	(void)users_regs(n, regs, words);
	hll_from_regs(&b, regs, set, words);
	nb = hll_regs(&b, rb);
	ok(na == set && nb == na && memcmp(ra, rb, na * sizeof *ra) == 0,
	    "from_regs, %llu users: the registers hll_add sets (%zu)",
	    (unsigned long long)n, set);
	ok((b.dense == NULL) == (set <= HLL_SPARSE_BULK) && (set > 0 ||
	    b.n == 0), "from_regs, %llu users: %s", (unsigned long long)n,
	    set <= HLL_SPARSE_BULK ? "sparse" : "dense");
	for (k = 0; k < HLL_M; k++)
		zeroed &= regs[k] == 0;
	ok(zeroed, "from_regs, %llu users: the array is zeroed again",
	    (unsigned long long)n);
	/* A list longer than HLL_SPARSE_MAX takes more registers. */
	fill(&b, 900000, 2000);
	fill(&a, 900000, 2000);
	na = hll_regs(&a, ra);
	nb = hll_regs(&b, rb);
	ok(nb == na && memcmp(ra, rb, na * sizeof *ra) == 0,
	    "from_regs, %llu users: 2,000 more added alike",
	    (unsigned long long)n);
	hll_free(&a);
	hll_free(&b);
}

/* Only the words marked are read: a register outside them stays. */
static void
from_marked(void)
{
	static uint8_t	regs[HLL_M];
	uint64_t	words[HLL_WORDS];
	struct hll	h;

	memset(&h, 0, sizeof h);
	memset(words, 0, sizeof words);
	regs[9] = 5;			/* word 1, not marked */
	regs[17] = 3;			/* word 2 */
	words[0] = UINT64_C(1) << 2;
	hll_from_regs(&h, regs, 1, words);
	ok(h.dense == NULL && h.n == 1 && h.sparse[0] == (17u << 8 | 3) &&
	    regs[17] == 0 && regs[9] == 5,
	    "from_regs: only the words marked are read, and zeroed");
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
	ok(buf[0] == 3 && buf[2] > 0 && len == 2051 + 3 * (size_t)buf[2],
	    "stored dense, version 3, in 2051 + 3 * %u bytes (registers past 14)",
	    buf[2]);
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
	buf[0] = 7;
	ok(hll_decode(&d, buf, len) == -1, "an unknown form is refused");
	buf[0] = 3;
	ok(hll_decode(&d, buf, len - 1) == -1, "a short dense form is refused");
	buf[0] = 4;
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
		good = hll_decode(&d, buf, len) == 0 && hll_same(&a, &d) &&
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
	ok(hll_decode(&m1, v1, l1) == 0 && hll_same(&m1, &a), "version 1 sparse still decodes");
	ok(hll_decode(&m1, v2, l2) == 0, "and merges with version 2");
	hll_merge(&m2, &b);
	hll_merge(&m2, &a);
	ok(hll_same(&m1, &m2) && hll_estimate(&m1) == hll_estimate(&m2),
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
 * the first version 2 encoder wrote for the five it stores in version
 * 2 (FNV-1a over all of them), and the first version 3 encoder for the
 * last, which that encoder stores dense.
 */
static void
stable_bytes(void)
{
	static const uint64_t sizes[] = { 0, 1, 100, 3000, 8000, 40000 };
	uint8_t		buf[HLL_ENCODED_MAX];
	uint64_t	f = UINT64_C(0xcbf29ce484222325), f2 = 0, j;
	size_t		i, len, total = 0;
	struct hll	h;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		if (i == 5) {
			f2 = f;
			f = UINT64_C(0xcbf29ce484222325);
		}
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
	ok(total - len == 2972 && f2 == UINT64_C(0x8b70584583b1c877),
	    "the stored bytes of five sketches are those of the first version"
	    " 2 encoder: %zu bytes, hash %016llx", total - len,
	    (unsigned long long)f2);
	ok(len == 2057 && f == UINT64_C(0x46ea34cc36e2e5b3), "and of the"
	    " sixth, dense, those of the first version 3 encoder: %zu bytes,"
	    " hash %016llx", len, (unsigned long long)f);
}

/* A sketch with registers 0, step, 2 step, ... (n of them), rank 1 + j % 4. */
static void
spread(struct hll *h, size_t n, size_t step)
{
	size_t	i, j;

	for (i = 0; i < n; i++) {
		j = i * step % HLL_M;
		hll_add(h, (uint64_t)j << HLL_Q | UINT64_C(1) << (j % 4));
	}
}

/* hll_encode_from: HLL_DENSE_FROM registers set or more, version 1
 * dense, else version 2; hll_encode: the shorter. */
static void
dense_from(void)
{
	struct hll	a, b, d;
	uint8_t		buf[HLL_ENCODED_MAX];
	size_t		len;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&d, 0, sizeof d);
	spread(&a, HLL_DENSE_FROM - 1, 1);
	len = hll_encode_from(&a, buf, HLL_DENSE_FROM);
	ok(buf[0] == 2 && hll_decode(&d, buf, len) == 0 && hll_same(&a, &d),
	    "%d registers set: version 2, %zu bytes", HLL_DENSE_FROM - 1, len);
	hll_free(&d);
	spread(&b, HLL_DENSE_FROM, 3);
	len = hll_encode(&b, buf);
	ok(buf[0] == 2 && len < HLL_ENCODED_MAX / 2,
	    "%d: hll_encode, version 2 (%zu bytes)", HLL_DENSE_FROM, len);
	len = hll_encode_from(&b, buf, HLL_DENSE_FROM);
	ok(buf[0] == 3 && buf[2] == 0 && len == 2051 &&
	    hll_decode(&d, buf, len) == 0 && hll_same(&b, &d),
	    "hll_encode_from: version 3 dense, decode(encode) the same");
	/* version 2 into a dense sketch: the register-wise maximum */
	len = hll_encode(&a, buf);
	ok(hll_decode(&d, buf, len) == 0, "version 2 merges into a dense sketch");
	hll_merge(&a, &b);
	ok(hll_same(&a, &d), "as hll_merge does");
	hll_free(&a);
	hll_free(&b);
	hll_free(&d);
}

/* Register j of h to at least rank r. */
static void
set_rank(struct hll *h, uint32_t j, unsigned r)
{
	hll_add(h, (uint64_t)j << HLL_Q | UINT64_C(1) << (r - 1));
}

/* Buf (len bytes, a sketch of d) changed by edit: refused, d unchanged. */
static void
refused(struct hll *d, const uint8_t *buf, size_t len, size_t at,
    uint8_t to, const char *what)
{
	uint8_t	bad[HLL_ENCODED_MAX], keep[HLL_M];

	memcpy(bad, buf, len);
	bad[at] = to;
	memcpy(keep, d->dense, HLL_M);
	ok(hll_decode(d, bad, len) == -1 && memcmp(keep, d->dense, HLL_M) == 0,
	    "%s: refused, the sketch unchanged", what);
}

/*
 * The dense forms: version 3 (4 bits, the registers past 14 listed
 * after), version 1 when more than 255 are; each checked for the
 * canonical form.
 */
static void
dense_forms(void)
{
	struct hll	a, d;
	uint8_t		buf[HLL_ENCODED_MAX];
	size_t		len, e;
	uint32_t	j;

	memset(&a, 0, sizeof a);
	memset(&d, 0, sizeof d);
	for (j = 0; j < HLL_M; j++)
		set_rank(&a, j, 1 + j % 14);
	set_rank(&a, 7, 15);
	set_rank(&a, 100, 53);
	set_rank(&a, 4095, 20);
	len = hll_encode_from(&a, buf, HLL_DENSE_FROM);
	ok(buf[0] == 3 && buf[2] == 3 && len == 2051 + 9,
	    "version 3: 3 registers past 14, %zu bytes", len);
	ok(hll_decode(&d, buf, len) == 0 && hll_same(&a, &d),
	    "version 3: decode(encode) the same");
	e = 2051;	/* the first register past 14: 7, rank 15 */
	ok(buf[e] == 0 && buf[e + 1] == 7 >> 2 && buf[e + 2] == (7 << 6 | 15) % 256,
	    "version 3: register 7 listed as 7 << 6 | 15");
	refused(&d, buf, len, 2, 4, "a count past the list");
	refused(&d, buf, len, e + 2, (uint8_t)(7 << 6 | 14),
	    "a listed rank under 15");
	refused(&d, buf, len, e + 2, (uint8_t)(7 << 6 | 54), "a rank past 53");
	refused(&d, buf, len, e + 1, 8 >> 2, "a listed register not 15");
	refused(&d, buf, len, e + 4, 0, "a list out of order");
	refused(&d, buf, len, e + 3, 4, "a register past 4095");
	refused(&d, buf, len, HLL_HEAD, 0xff, "a 15 not listed");
	hll_free(&d);
	set_rank(&d, 9, 3);
	buf[2] = 4;
	ok(hll_decode(&d, buf, len) == -1 && d.dense == NULL && d.n == 1,
	    "a refused dense form leaves a sparse sketch sparse");
	buf[2] = 3;
	ok(hll_decode(&d, buf, len) == 0 && d.dense != NULL && hll_same(&a, &d),
	    "an accepted one makes it dense: the union");
	hll_free(&d);
	/* 300 registers past 14: version 1 */
	for (j = 0; j < 300; j++)
		set_rank(&a, j * 13, 16 + j % 30);
	len = hll_encode_from(&a, buf, HLL_DENSE_FROM);
	ok(buf[0] == 1 && buf[2] == 1 && len == HLL_ENCODED_MAX,
	    "300 registers past 14: version 1 dense, 3075 bytes");
	ok(hll_decode(&d, buf, len) == 0 && hll_same(&a, &d),
	    "version 1: decode(encode) the same");
	refused(&d, buf, len, len - 1, buf[len - 1] | 0x3f,
	    "a version 1 register of 63");
	hll_free(&a);
	hll_free(&d);
}

/*
 * hll_merge of two sparse sketches, merged in one pass: the union's
 * registers, sparse up to HLL_SPARSE_MAX of them, dense past; a sketch
 * merged into an empty one is copied, however long its list.
 */
static void
sparse_merges(void)
{
	static const struct {
		uint64_t	 a0, an, b0, bn;
		const char	*what;
	} c[] = {
		{ 1000, 0, 2000, 40, "into an empty sketch" },
		{ 1000, 30, 1000, 30, "the same users" },
		{ 1000, 20, 5000, 40, "apart, 60 registers" },
		{ 1000, 40, 1020, 40, "overlapping, 60 users" },
		{ 1000, 50, 9000, 50, "apart, 100 registers" },
	};
	struct hll	a, b, u;
	uint8_t		regs[HLL_M], enc[HLL_ENCODED_MAX];
	uint32_t	r[HLL_M];
	size_t		i, set, len;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		memset(&u, 0, sizeof u);
		fill(&a, c[i].a0, c[i].an);
		fill(&b, c[i].b0, c[i].bn);
		fill(&u, c[i].a0, c[i].an);
		fill(&u, c[i].b0, c[i].bn);
		hll_merge(&a, &b);
		set = hll_regs(&u, r);
		ok(hll_same(&a, &u) &&
		    (a.dense == NULL) == (set <= HLL_SPARSE_MAX),
		    "sparse merge, %s: the union, %zu registers, %s", c[i].what,
		    set, a.dense == NULL ? "sparse" : "dense");
		hll_free(&a);
		hll_free(&b);
		hll_free(&u);
	}
	/* an empty sketch (no list at all) encoded, decoded: empty */
	len = hll_encode(&a, enc);
	ok(a.sparse == NULL && len > 0 && hll_decode(&b, enc, len) == 0 &&
	    b.dense == NULL && b.n == 0, "an empty sketch: %zu bytes, decoded"
	    " empty", len);
	hll_free(&b);
	/* the same registers at other ranks: the higher */
	set_rank(&a, 5, 3);
	set_rank(&a, 9, 7);
	set_rank(&b, 5, 6);
	set_rank(&b, 7, 1);
	set_rank(&b, 9, 2);
	hll_merge(&a, &b);
	ok(a.dense == NULL && a.n == 3 && a.sparse[0] == (5u << 8 | 6) &&
	    a.sparse[1] == (7u << 8 | 1) && a.sparse[2] == (9u << 8 | 7),
	    "sparse merge: each register at the higher rank");
	hll_free(&a);
	hll_free(&b);
	/* a list of 600 (hll_from_regs) copied, then one more merged */
	fill(&u, 70000, 700);
	memcpy(regs, u.dense, HLL_M);
	for (set = 0, i = 0; i < HLL_M; i++)
		set += regs[i] != 0;
	hll_from_regs(&b, regs, set, NULL);
	hll_merge(&a, &b);
	ok(a.dense == NULL && a.n == set && hll_same(&a, &u),
	    "a list of %zu merged into an empty sketch: copied, sparse", set);
	hll_free(&b);
	fill(&b, 90000, 10);
	fill(&u, 90000, 10);
	hll_merge(&a, &b);
	ok(a.dense != NULL && hll_same(&a, &u),
	    "and a sketch of 10 users more: the union, dense");
	hll_free(&a);
	hll_free(&b);
	hll_free(&u);
}

/* Version 2 of n registers (every step-th, ranks spread) decoded from a
 * buffer of its exact length (reads past it are caught by ASan). */
static void
rice_case(size_t n, size_t step, uint64_t seed)
{
	uint32_t	regs[HLL_M], back[HLL_M];
	uint8_t		out[HLL_M * 8], *buf;
	size_t		i, len, cut;
	int		good = 1, got;

	for (i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		regs[i] = (uint32_t)(i * step) << 8 | (uint32_t)(1 + (seed >> 33) % 53);
	}
	len = hll_rice_encode(regs, n, out, sizeof out);
	buf = xmalloc_exact(len);
	memcpy(buf, out, len);
	got = hll_rice_decode(buf, len, back);
	ok(len > 0 && got == (int)n && memcmp(regs, back, n * sizeof *regs) == 0,
	    "version 2 of %zu registers, ranks 1 to 53: %zu bytes, round trip",
	    n, len);
	for (cut = 0; cut < len && good; cut++)
		good = hll_rice_decode(buf, cut, back) == -1;
	ok(good, "every shorter prefix refused");
	/* every byte changed: refused or decoded in range, never past buf */
	for (i = 5; i < len && good; i++) {
		buf[i] ^= 0xa5;
		got = hll_rice_decode(buf, len, back);
		good = got == -1 || (got >= 0 && got <= (int)HLL_M);
		buf[i] ^= 0xa5;
	}
	ok(good, "a changed byte anywhere: refused or in range");
	free(buf);
}

static void
rice_sizes(void)
{
	rice_case(1500, 2, 1);
	rice_case(3000, 1, 2);
	rice_case(HLL_M, 1, 3);
	rice_case(40, 97, 4);
	/* Rice parameters up to the largest: gaps of 7 to 2047 */
	rice_case(500, 8, 5);
	rice_case(100, 37, 6);
	rice_case(16, 255, 7);
	rice_case(4, 1023, 8);
	rice_case(2, 2047, 9);
}

int
main(void)
{
	hash();
	estimates();
	forms();
	from_regs(0);
	from_regs(1);
	from_regs(200);
	from_regs(1500);
	from_regs(100000);
	from_marked();
	round_trips();
	versions();
	stable_bytes();
	dense_from();
	dense_forms();
	sparse_merges();
	rice_sizes();
	return tap_done();
}
