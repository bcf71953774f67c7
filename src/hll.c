/* hll.c: HyperLogLog sketches of distinct users: hash, sparse and dense forms, merge, estimate, encoding */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hll.h"
#include "xmalloc.h"

#define FORMAT		1
#define SPARSE		0
#define FORMAT2		2

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
	if (h->n >= HLL_SPARSE_MAX) {	/* hll_from_regs makes longer lists */
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

#define LOW7	UINT64_C(0x7f7f7f7f7f7f7f7f)
_Static_assert(HLL_Q + 1 < 128, "take_word: a rank is below 128");

/*
 * The registers set of the 8 at regs + i appended to h's list (n
 * entries), and zeroed.
 */
static size_t
take_word(struct hll *h, uint8_t *regs, size_t i, size_t n)
{
	uint64_t	w;
	size_t		j;

	memcpy(&w, regs + i, sizeof w);
	if (w == 0)
		return n;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The top bit of each byte not 0 (a rank is below 128), in order. */
	for (w = (((w & LOW7) + LOW7) | w) & ~LOW7; w != 0; w &= w - 1) {
		j = i + (size_t)__builtin_ctzll(w) / 8;
		h->sparse[n++] = (uint32_t)j << 8 | regs[j];
	}
#else
	for (j = i; j < i + 8; j++)
		if (regs[j] != 0)
			h->sparse[n++] = (uint32_t)j << 8 | regs[j];
#endif
	memset(regs + i, 0, 8);
	return n;
}

void
hll_from_regs(struct hll *h, uint8_t *regs, size_t set, const uint64_t *words)
{
	uint64_t	bits;
	size_t		i, k, n = 0;

	hll_free(h);
	if (set > HLL_SPARSE_BULK) {
		h->dense = xmalloc(HLL_M);
		memcpy(h->dense, regs, HLL_M);
		memset(regs, 0, HLL_M);
	} else if (set > 0) {
		h->sparse = xreallocarray(NULL, set, sizeof *h->sparse);
		h->cap = set;
		/* Eight registers at a time: most words are all 0. */
		for (k = 0; k < HLL_WORDS && n < set; k++)
			for (bits = words != NULL ? words[k] : UINT64_MAX;
			    bits != 0 && n < set; bits &= bits - 1) {
				i = (k * 64 + (size_t)__builtin_ctzll(bits)) * 8;
				n = take_word(h, regs, i, n);
			}
		h->n = n;
	}
}

void
hll_add(struct hll *h, uint64_t hash)
{
	set_reg(h, hll_reg(hash), hll_rank(hash));
}

/*
 * Two sparse lists merged in one pass, into a new list: dense once that
 * has more than HLL_SPARSE_MAX entries (a copy when dst is empty,
 * however long src's).
 */
static void
merge_sparse(struct hll *dst, const struct hll *src)
{
	uint32_t	*m, a, b;
	size_t		 i = 0, j = 0, n = 0;
	int		 copy = dst->n == 0;

	m = xreallocarray(NULL, dst->n + src->n, sizeof *m);
	while (i < dst->n && j < src->n) {
		a = dst->sparse[i];
		b = src->sparse[j];
		/* the same register: the higher rank is the larger entry */
		m[n++] = a >> 8 == b >> 8 ? (a > b ? a : b) : a < b ? a : b;
		i += a >> 8 <= b >> 8;
		j += b >> 8 <= a >> 8;
	}
	for (; i < dst->n; i++)
		m[n++] = dst->sparse[i];
	for (; j < src->n; j++)
		m[n++] = src->sparse[j];
	free(dst->sparse);
	dst->sparse = m;
	dst->cap = dst->n + src->n;
	dst->n = n;
	if (n > HLL_SPARSE_MAX && !copy)
		densify(dst);
}

/*
 * A sparse list into dense registers, each to the higher rank, without
 * a branch (an hour's sketches take 2,000 cells' lists an interval).
 */
static void
max_sparse(uint8_t *dense, const uint32_t *e, size_t n)
{
	size_t	i;
	uint8_t	r, *d;

	for (i = 0; i < n; i++) {
		d = &dense[e[i] >> 8];
		r = (uint8_t)(e[i] & 0xff);
		*d = *d > r ? *d : r;
	}
}

void
hll_merge(struct hll *dst, const struct hll *src)
{
	if (src->dense == NULL) {
		if (dst->dense != NULL)
			max_sparse(dst->dense, src->sparse, src->n);
		else if (src->n > 0)
			merge_sparse(dst, src);
		return;
	}
	if (dst->dense == NULL)
		densify(dst);
	hll_dense_max(dst->dense, src->dense);
}

void
hll_merge_prefetch(const struct hll *dst, const struct hll *src)
{
	size_t	i;

	if (dst->dense != NULL && src->dense == NULL)
		for (i = 0; i < src->n; i++)
			__builtin_prefetch(&dst->dense[src->sparse[i] >> 8], 1);
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
	int	histo[HLL_Q + 2] = { 0 }, part[4][64] = { { 0 } }, k;
	size_t	i;

	if (h->dense != NULL) {
		/* Four counts a rank: neighbours of one rank do not wait on
		 * each other's increment. */
		for (i = 0; i < HLL_M; i += 4) {
			part[0][h->dense[i] & 63]++;
			part[1][h->dense[i + 1] & 63]++;
			part[2][h->dense[i + 2] & 63]++;
			part[3][h->dense[i + 3] & 63]++;
		}
		for (k = 0; k < HLL_Q + 2; k++)
			histo[k] = part[0][k] + part[1][k] + part[2][k] +
			    part[3][k];
	} else {
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
		/* (an empty sketch has no list: no memcpy from NULL) */
		if (h->n > 0)
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
	return hll_encode_from(h, out, HLL_M + 1);
}

size_t
hll_encode_from(const struct hll *h, uint8_t *out, size_t dense_from)
{
	uint32_t	 regs[HLL_M];
	const uint32_t	*r = regs;
	size_t		 n, len, dense;

	/* A sparse list is in hll_regs's form already: not copied. */
	if (h->dense == NULL) {
		r = h->sparse;
		n = h->n;
	} else
		n = hll_regs(h, regs);
	dense = hll_dense_len(r, n);
	if (n < dense_from && (len = hll_rice_encode(r, n, out, dense)) > 0)
		return len;
	return hll_dense_encode(r, n, dense, out);
}

/* 0 when buf[0..len) is a stored sparse sketch of version 1, else -1. */
static int
check_sparse(const uint8_t *buf, size_t len)
{
	size_t		i;
	uint32_t	e, prev = 0;

	if ((len - HLL_HEAD) % 3 != 0)
		return -1;
	for (i = HLL_HEAD; i < len; i += 3) {
		e = (uint32_t)buf[i] << 16 | (uint32_t)buf[i + 1] << 8 | buf[i + 2];
		if (e >> 18 != 0 || (e & 0x3f) == 0 || (e & 0x3f) > HLL_Q + 1 ||
		    (i > HLL_HEAD && e >> 6 <= prev))
			return -1;
		prev = e >> 6;
	}
	return 0;
}

/* Version 2 (hll_rice.c) merged into h. */
static int
decode_rice(struct hll *h, const uint8_t *buf, size_t len)
{
	uint32_t	regs[HLL_M];
	uint8_t		r, o, *d;
	size_t		i;
	int		n;

	if ((n = hll_rice_decode(buf, len, regs)) == -1)
		return -1;
	/* Too many for the sparse list: no sorted inserts first. */
	if (h->dense == NULL && (size_t)n + h->n > HLL_SPARSE_MAX)
		densify(h);
	if (h->dense == NULL) {
		for (i = 0; i < (size_t)n; i++)
			set_reg(h, regs[i] >> 8, (uint8_t)(regs[i] & 0xff));
		return 0;
	}
	/* Branch-free: the registers' order of size is random. */
	for (d = h->dense, i = 0; i < (size_t)n; i++) {
		r = (uint8_t)(regs[i] & 0xff);
		o = d[regs[i] >> 8];
		d[regs[i] >> 8] = o > r ? o : r;
	}
	return 0;
}

int
hll_decode(struct hll *h, const uint8_t *buf, size_t len)
{
	uint8_t		regs[HLL_M];
	uint32_t	e;
	size_t		i;

	if (len > 0 && buf[0] == FORMAT2)
		return decode_rice(h, buf, len);
	if (len >= HLL_HEAD && buf[0] == FORMAT && buf[1] == HLL_P &&
	    buf[2] == SPARSE) {
		if (check_sparse(buf, len) == -1)
			return -1;
		for (i = HLL_HEAD; i < len; i += 3) {
			e = (uint32_t)buf[i] << 16 | (uint32_t)buf[i + 1] << 8 |
			    buf[i + 2];
			set_reg(h, e >> 6, (uint8_t)(e & 0x3f));
		}
		return 0;
	}
	if (h->dense != NULL)
		return hll_dense_merge(buf, len, h->dense);
	/* A sparse h: made dense only once buf is found to be a sketch. */
	memset(regs, 0, sizeof regs);
	if (hll_dense_merge(buf, len, regs) == -1)
		return -1;
	densify(h);
	hll_dense_max(h->dense, regs);
	return 0;
}
