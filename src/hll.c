/* hll.c: HyperLogLog sketches of distinct users: hash, sparse and dense forms, merge, estimate, encoding */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"
#include "xmalloc.h"

#define FORMAT		1
#define SPARSE		0
#define DENSE		1

uint64_t
hll_hash(uint64_t msisdn)
{
	uint64_t	z = msisdn + UINT64_C(0x9e3779b97f4a7c15);

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void
hll_free(struct hll *h)
{
	free(h->dense);
	free(h->sparse);
	memset(h, 0, sizeof *h);
}

/* To the dense form. */
static void
densify(struct hll *h)
{
	size_t	i;

	h->dense = xcalloc(HLL_M, 1);
	for (i = 0; i < h->n; i++)
		h->dense[h->sparse[i] >> 8] = (uint8_t)(h->sparse[i] & 0xff);
	free(h->sparse);
	h->sparse = NULL;
	h->n = h->cap = 0;
}

/* Register j to at least rank. */
static void
set_reg(struct hll *h, uint32_t j, uint8_t rank)
{
	size_t	lo = 0, hi = h->n, mid;

	if (h->dense != NULL) {
		if (h->dense[j] < rank)
			h->dense[j] = rank;
		return;
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (h->sparse[mid] >> 8 < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->n && h->sparse[lo] >> 8 == j) {
		if ((h->sparse[lo] & 0xff) < rank)
			h->sparse[lo] = j << 8 | rank;
		return;
	}
	if (h->n == HLL_SPARSE_MAX) {
		densify(h);
		h->dense[j] = rank;
		return;
	}
	if (h->n == h->cap)
		h->sparse = xreallocarray(h->sparse, h->cap = h->cap * 2 + 8,
		    sizeof *h->sparse);
	memmove(&h->sparse[lo + 1], &h->sparse[lo],
	    (h->n - lo) * sizeof *h->sparse);
	h->sparse[lo] = j << 8 | rank;
	h->n++;
}

void
hll_add(struct hll *h, uint64_t hash)
{
	uint64_t	low = hash & ((UINT64_C(1) << HLL_Q) - 1);

	set_reg(h, (uint32_t)(hash >> HLL_Q),
	    (uint8_t)(__builtin_ctzll(low | UINT64_C(1) << HLL_Q) + 1));
}

void
hll_merge(struct hll *dst, const struct hll *src)
{
	size_t	i;

	if (src->dense == NULL) {
		for (i = 0; i < src->n; i++)
			set_reg(dst, src->sparse[i] >> 8,
			    (uint8_t)(src->sparse[i] & 0xff));
		return;
	}
	if (dst->dense == NULL)
		densify(dst);
	/* Branch-free: the compiler makes it a vector maximum. */
	for (i = 0; i < HLL_M; i++)
		dst->dense[i] = dst->dense[i] > src->dense[i] ? dst->dense[i] :
		    src->dense[i];
}

/* Ertl's sigma and tau (as in Redis's hyperloglog.c). */
static double
sigma(double x)
{
	double	y = 1, z = x, zl;

	if (x == 1.)
		return INFINITY;
	do {
		x *= x;
		zl = z;
		z += x * y;
		y += y;
	} while (zl != z);
	return z;
}

static double
tau(double x)
{
	double	y = 1, z = 1 - x, zl;

	if (x == 0. || x == 1.)
		return 0.;
	do {
		x = sqrt(x);
		zl = z;
		y *= 0.5;
		z -= pow(1 - x, 2) * y;
	} while (zl != z);
	return z / 3;
}

double
hll_estimate(const struct hll *h)
{
	double	m = HLL_M, z;
	int	histo[HLL_Q + 2] = { 0 }, k;
	size_t	i;

	if (h->dense != NULL)
		for (i = 0; i < HLL_M; i++)
			histo[h->dense[i]]++;
	else {
		histo[0] = (int)(HLL_M - h->n);
		for (i = 0; i < h->n; i++)
			histo[h->sparse[i] & 0xff]++;
	}
	z = m * tau((m - histo[HLL_Q + 1]) / m);
	for (k = HLL_Q; k >= 1; k--) {
		z += histo[k];
		z *= 0.5;
	}
	z += m * sigma(histo[0] / m);
	return 0.5 / log(2) * m * m / z;
}

size_t
hll_regs(const struct hll *h, uint32_t *regs)
{
	size_t	i, n = 0;

	if (h->dense == NULL) {
		memcpy(regs, h->sparse, h->n * sizeof *regs);
		return h->n;
	}
	/* Branch-free: every register written, kept when it is set. */
	for (i = 0; i < HLL_M; i++) {
		regs[n] = (uint32_t)i << 8 | h->dense[i];
		n += h->dense[i] != 0;
	}
	return n;
}

size_t
hll_encode(const struct hll *h, uint8_t *out)
{
	uint32_t	regs[HLL_M];
	size_t		i, bit, len;

	if ((len = hll_rice_encode(regs, hll_regs(h, regs), out,
	    HLL_ENCODED_MAX)) > 0)
		return len;
	out[0] = FORMAT;
	out[1] = HLL_P;
	out[2] = DENSE;
	memset(out + HLL_HEAD, 0, HLL_ENCODED_MAX - HLL_HEAD);
	for (i = 0, bit = 0; i < HLL_M; i++, bit += 6) {
		/* 6 bits at bit offset bit: across at most two bytes. */
		unsigned v = (unsigned)h->dense[i] << 10 >> (bit % 8);

		out[HLL_HEAD + bit / 8] |= (uint8_t)(v >> 8);
		if (bit % 8 > 2)
			out[HLL_HEAD + bit / 8 + 1] |= (uint8_t)v;
	}
	return HLL_ENCODED_MAX;
}

/* Register i of a dense encoding p. */
static uint8_t
dense_reg(const uint8_t *p, size_t i)
{
	size_t		bit = 6 * i;
	unsigned	v = (unsigned)p[bit / 8] << 8;

	if (bit % 8 > 2)
		v |= p[bit / 8 + 1];
	return (uint8_t)(v >> (10 - bit % 8) & 0x3f);
}

/* 0 when buf[0..len) is a stored sketch (hll.h), else -1. */
static int
check(const uint8_t *buf, size_t len)
{
	size_t		i;
	uint32_t	e, prev = 0;

	if (len < HLL_HEAD || buf[0] != FORMAT || buf[1] != HLL_P ||
	    buf[2] > DENSE || (buf[2] == DENSE && len != HLL_ENCODED_MAX) ||
	    (buf[2] == SPARSE && (len - HLL_HEAD) % 3 != 0))
		return -1;
	if (buf[2] == DENSE) {
		for (i = 0; i < HLL_M; i++)
			if (dense_reg(buf + HLL_HEAD, i) > HLL_Q + 1)
				return -1;
		return 0;
	}
	for (i = HLL_HEAD; i < len; i += 3) {
		e = (uint32_t)buf[i] << 16 | (uint32_t)buf[i + 1] << 8 | buf[i + 2];
		if (e >> 18 != 0 || (e & 0x3f) == 0 || (e & 0x3f) > HLL_Q + 1 ||
		    (i > HLL_HEAD && e >> 6 <= prev))
			return -1;
		prev = e >> 6;
	}
	return 0;
}

int
hll_decode(struct hll *h, const uint8_t *buf, size_t len)
{
	uint32_t	regs[HLL_M], e;
	size_t		i;
	uint8_t		r;
	int		n;

	if (len > 0 && buf[0] != FORMAT) {
		if ((n = hll_rice_decode(buf, len, regs)) == -1)
			return -1;
		/* Too many for the sparse list: no sorted inserts first. */
		if (h->dense == NULL && (size_t)n + h->n > HLL_SPARSE_MAX)
			densify(h);
		for (i = 0; i < (size_t)n; i++)
			set_reg(h, regs[i] >> 8, (uint8_t)(regs[i] & 0xff));
		return 0;
	}
	if (check(buf, len) == -1)
		return -1;
	if (buf[2] == SPARSE) {
		for (i = HLL_HEAD; i < len; i += 3) {
			e = (uint32_t)buf[i] << 16 | (uint32_t)buf[i + 1] << 8 |
			    buf[i + 2];
			set_reg(h, e >> 6, (uint8_t)(e & 0x3f));
		}
		return 0;
	}
	if (h->dense == NULL)
		densify(h);
	for (i = 0; i < HLL_M; i++) {
		r = dense_reg(buf + HLL_HEAD, i);
		h->dense[i] = h->dense[i] > r ? h->dense[i] : r;
	}
	return 0;
}
