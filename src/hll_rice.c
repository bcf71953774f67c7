/* hll_rice.c: the stored form version 2 of a sketch: gaps between the registers set in a Rice code, ranks in unary */
#include "config.h"

#include <string.h>

#include "hll.h"

#define FORMAT2		2
#define HEAD2		5

/* Bits written or read at bit offset pos of p[0..len). */
struct bits {
	uint8_t		*p;
	const uint8_t	*in;
	size_t		 len, pos;
};

/* Write the low n bits of v; 0, or -1 past the end. */
static int
put(struct bits *b, uint32_t v, unsigned n)
{
	while (n-- > 0) {
		if (b->pos / 8 >= b->len)
			return -1;
		if (v >> n & 1)
			b->p[b->pos / 8] |= (uint8_t)(0x80 >> b->pos % 8);
		b->pos++;
	}
	return 0;
}

/* n one bits, then a zero bit unless stop is 0. */
static int
put_ones(struct bits *b, uint32_t n, int stop)
{
	for (; n > 0; n--)
		if (put(b, 1, 1) == -1)
			return -1;
	return stop ? put(b, 0, 1) : 0;
}

/* One bit into *v; -1 past the end. */
static int
get(struct bits *b, uint32_t *v)
{
	if (b->pos / 8 >= b->len)
		return -1;
	*v = b->in[b->pos / 8] >> (7 - b->pos % 8) & 1;
	b->pos++;
	return 0;
}

/* One bits up to a zero bit or max of them, counted into *n. */
static int
get_ones(struct bits *b, uint32_t max, uint32_t *n)
{
	uint32_t	v = 1;

	for (*n = 0; *n < max && (get(b, &v) == 0 && v == 1); (*n)++)
		;
	return *n < max && v != 0 ? -1 : 0;
}

/* The Rice parameter that codes the gaps of regs in the fewest bits. */
static unsigned
best_k(const uint32_t *regs, size_t n)
{
	uint64_t	cost, least = UINT64_MAX;
	uint32_t	gap, prev;
	unsigned	k, best = 0;
	size_t		i;

	for (k = 0; k < HLL_P; k++) {
		for (i = 0, cost = 0, prev = 0; i < n; i++) {
			gap = (regs[i] >> 8) - prev;
			prev = (regs[i] >> 8) + 1;
			cost += (gap >> k) + 1 + k;
		}
		if (cost < least) {
			least = cost;
			best = k;
		}
	}
	return best;
}

size_t
hll_rice_encode(const uint32_t *regs, size_t n, uint8_t *out, size_t max)
{
	struct bits	b = { out, NULL, max, 8 * HEAD2 };
	uint32_t	gap, prev = 0, r;
	unsigned	k = best_k(regs, n);
	size_t		i;

	if (max <= HEAD2)
		return 0;
	memset(out, 0, max);
	out[0] = FORMAT2;
	out[1] = HLL_P;
	out[2] = (uint8_t)k;
	out[3] = (uint8_t)(n >> 8);
	out[4] = (uint8_t)n;
	for (i = 0; i < n; i++) {
		gap = (regs[i] >> 8) - prev;
		prev = (regs[i] >> 8) + 1;
		r = regs[i] & 0xff;
		if (put_ones(&b, gap >> k, 1) == -1 ||
		    put(&b, gap & ((1u << k) - 1), k) == -1 ||
		    put_ones(&b, r - 1, r <= HLL_Q) == -1)
			return 0;
	}
	return (b.pos + 7) / 8 < max ? (b.pos + 7) / 8 : 0;
}

/* Entry i of a version 2 form at b into *e (prev: the next register). */
static int
get_entry(struct bits *b, unsigned k, uint32_t *prev, uint32_t *e)
{
	uint32_t	q, low = 0, bit, r;
	unsigned	i;

	if (get_ones(b, HLL_M, &q) == -1)
		return -1;
	for (i = 0; i < k; i++) {
		if (get(b, &bit) == -1)
			return -1;
		low = low << 1 | bit;
	}
	if ((q << k | low) >= HLL_M - *prev ||
	    get_ones(b, HLL_Q, &r) == -1)
		return -1;
	*prev += q << k | low;
	*e = *prev << 8 | (r + 1);
	(*prev)++;
	return 0;
}

int
hll_rice_decode(const uint8_t *buf, size_t len, uint32_t *regs)
{
	struct bits	b = { NULL, buf, len, 8 * HEAD2 };
	uint32_t	prev = 0;
	size_t		i, n;

	if (len < HEAD2 || buf[0] != FORMAT2 || buf[1] != HLL_P ||
	    buf[2] >= HLL_P || (n = (size_t)buf[3] << 8 | buf[4]) > HLL_M)
		return -1;
	for (i = 0; i < n; i++)
		if (get_entry(&b, buf[2], &prev, &regs[i]) == -1)
			return -1;
	/* Canonical: zero bits to the end of the last byte, no more bytes. */
	if ((b.pos + 7) / 8 != len || (b.pos % 8 != 0 &&
	    (buf[len - 1] & (0xff >> b.pos % 8)) != 0))
		return -1;
	return (int)n;
}
