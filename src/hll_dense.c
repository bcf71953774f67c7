/* hll_dense.c: the dense stored forms of a sketch: version 1 (6 bits a register) and version 3 (4 bits and the registers past 14) */
#include "config.h"

#include <string.h>

#include "hll.h"

#define FORMAT1		1
#define DENSE1		1
#define FORMAT3		3
#define ESCAPE		15	/* a version 3 register of rank 15 or more */
#define OVER_MAX	255	/* such registers in a version 3 form */
#define HALF		(HLL_M / 2)
#define LEN3(over)	(HLL_HEAD + HALF + 3 * (size_t)(over))

/* The registers of regs[0 .. n) (hll_regs) of rank ESCAPE or more. */
static size_t
over(const uint32_t *regs, size_t n)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++)
		k += (regs[i] & 0xff) >= ESCAPE;
	return k;
}

size_t
hll_dense_len(const uint32_t *regs, size_t n)
{
	size_t	k = over(regs, n);

	return k <= OVER_MAX ? LEN3(k) : HLL_ENCODED_MAX;
}

static size_t
encode1(const uint32_t *regs, size_t n, uint8_t *out)
{
	size_t	i, bit;

	out[0] = FORMAT1;
	out[1] = HLL_P;
	out[2] = DENSE1;
	memset(out + HLL_HEAD, 0, HLL_ENCODED_MAX - HLL_HEAD);
	for (i = 0; i < n; i++) {
		/* 6 bits at bit offset bit: across at most two bytes. */
		unsigned v = (regs[i] & 0xff) << 10 >> ((bit = 6 *
		    (size_t)(regs[i] >> 8)) % 8);

		out[HLL_HEAD + bit / 8] |= (uint8_t)(v >> 8);
		if (bit % 8 > 2)
			out[HLL_HEAD + bit / 8 + 1] |= (uint8_t)v;
	}
	return HLL_ENCODED_MAX;
}

static size_t
encode3(const uint32_t *regs, size_t n, size_t k, uint8_t *out)
{
	uint8_t	*nib = out + HLL_HEAD, *e = nib + HALF;
	uint32_t j, r;
	size_t	 i;

	out[0] = FORMAT3;
	out[1] = HLL_P;
	out[2] = (uint8_t)k;
	memset(nib, 0, HALF);
	for (i = 0; i < n; i++) {
		j = regs[i] >> 8;
		r = regs[i] & 0xff;
		nib[j % HALF] |= (uint8_t)((r < ESCAPE ? r : ESCAPE) <<
		    (j < HALF ? 4 : 0));
		if (r >= ESCAPE) {
			e[0] = (uint8_t)(j >> 10);
			e[1] = (uint8_t)(j >> 2);
			e[2] = (uint8_t)(j << 6 | r);
			e += 3;
		}
	}
	return LEN3(k);
}

size_t
hll_dense_encode(const uint32_t *regs, size_t n, size_t len, uint8_t *out)
{
	/* len: LEN3 of the registers past 14, or version 1's */
	return len < HLL_ENCODED_MAX ? encode3(regs, n, (len - LEN3(0)) / 3,
	    out) : encode1(regs, n, out);
}

/*
 * The HLL_M registers of version 1's 6-bit fields p into r: 6 bytes
 * hold 8 registers, spread to a byte each within one 64-bit word (24
 * bits to each half, 12 to each quarter, 6 to each byte).  Returns 0,
 * or -1 when one is past HLL_Q + 1 (53: adding 10 to 54 .. 63 sets
 * bit 6).
 */
static int
decode1(const uint8_t *p, uint8_t *r)
{
	uint64_t	x, bad = 0;
	size_t		i;

	for (i = 0; i < HLL_M; i += 8, p += 6) {
		/* 8 bytes in one load but at the end (the last 2 past it) */
		if (i + 8 < HLL_M) {
			memcpy(&x, p, sizeof x);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			x = __builtin_bswap64(x);
#endif
			x >>= 16;
		} else
			x = (uint64_t)p[0] << 40 | (uint64_t)p[1] << 32 |
			    (uint64_t)p[2] << 24 | (uint64_t)p[3] << 16 |
			    (uint64_t)p[4] << 8 | p[5];
		x = x >> 24 | (x & 0xffffff) << 32;
		x = (x >> 12 & UINT64_C(0x00000fff00000fff)) |
		    (x & UINT64_C(0x00000fff00000fff)) << 16;
		x = (x >> 6 & UINT64_C(0x003f003f003f003f)) |
		    (x & UINT64_C(0x003f003f003f003f)) << 8;
		bad |= (x + UINT64_C(0x0a0a0a0a0a0a0a0a)) &
		    UINT64_C(0x4040404040404040);
		/* register i + j in byte j of x, the lowest first */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap64(x);
#endif
		memcpy(r + i, &x, sizeof x);
	}
	return bad != 0 ? -1 : 0;
}

/*
 * Whether version 3 from byte 3 of buf (len bytes in all, k registers
 * past 14) is canonical: exactly k nibbles of ESCAPE, each register
 * listed once, in register order, with its rank (ESCAPE .. HLL_Q + 1).
 */
static int
check3(const uint8_t *buf, size_t len, size_t k)
{
	const uint8_t	*nib = buf + HLL_HEAD, *e = nib + HALF;
	uint64_t	 w, escapes = 0;
	uint32_t	 j, rank;
	size_t		 i;
	int		 prev = -1;

	if (len != LEN3(k))
		return -1;
	/*
	 * The nibbles of 15: all four bits set, 16 nibbles at a time (most
	 * words have none: no count).
	 */
	for (i = 0; i < HALF; i += 8) {
		memcpy(&w, nib + i, sizeof w);
		if ((w &= w >> 1 & w >> 2 & w >> 3 &
		    UINT64_C(0x1111111111111111)) != 0)
			escapes += (uint64_t)__builtin_popcountll(w);
	}
	if (escapes != k)
		return -1;
	for (i = 0; i < k; i++, e += 3) {
		j = (uint32_t)e[0] << 10 | (uint32_t)e[1] << 2 | e[2] >> 6;
		rank = e[2] & 0x3f;
		if (j >= HLL_M || (int)j <= prev ||
		    (nib[j % HALF] >> (j < HALF ? 4 : 0) & 0xf) != ESCAPE ||
		    rank < ESCAPE || rank > HLL_Q + 1)
			return -1;
		prev = (int)j;
	}
	return 0;
}

#if defined(__GNUC__)
/* 16 registers at a time: the compilers' vectors (SSE2, NEON, or not). */
typedef uint8_t	vec __attribute__((vector_size(16)));
#define VLEN	16
#else
typedef uint64_t vec;
#define VLEN	1
#endif

static vec
vmax(vec a, vec b)
{
#if VLEN > 1
	vec	m = (vec)(a > b);

	return (a & m) | (b & ~m);
#else
	return a > b ? a : b;
#endif
}

static vec
vload(const uint8_t *p)
{
	vec	v;
#if VLEN == 1
	v = *p;
#else
	memcpy(&v, p, sizeof v);
#endif
	return v;
}

static void
vstore(uint8_t *p, vec v)
{
#if VLEN == 1
	*p = (uint8_t)v;
#else
	memcpy(p, &v, sizeof v);
#endif
}

void
hll_dense_max(uint8_t *dst, const uint8_t *src)
{
	size_t	i;

	for (i = 0; i < HLL_M; i += VLEN)
		vstore(dst + i, vmax(vload(dst + i), vload(src + i)));
}

/* Version 3's nibbles merged into dense; then its registers past 14. */
static void
merge3(const uint8_t *buf, size_t k, uint8_t *dense)
{
	const uint8_t	*nib = buf + HLL_HEAD, *e = nib + HALF;
	uint32_t	 j;
	size_t		 i;
	vec		 v;

	for (i = 0; i < HALF; i += VLEN) {
		v = vload(nib + i);
		vstore(dense + i, vmax(vload(dense + i), v >> 4));
		vstore(dense + HALF + i, vmax(vload(dense + HALF + i), v & 0xf));
	}
	for (i = 0; i < k; i++, e += 3) {
		j = (uint32_t)e[0] << 10 | (uint32_t)e[1] << 2 | e[2] >> 6;
		if (dense[j] < (e[2] & 0x3f))
			dense[j] = e[2] & 0x3f;
	}
}

int
hll_dense_merge(const uint8_t *buf, size_t len, uint8_t *dense)
{
	uint8_t	regs[HLL_M];

	if (len < HLL_HEAD || buf[1] != HLL_P)
		return -1;
	if (buf[0] == FORMAT3) {
		if (check3(buf, len, buf[2]) == -1)
			return -1;
		merge3(buf, buf[2], dense);
		return 0;
	}
	if (buf[0] != FORMAT1 || buf[2] != DENSE1 || len != HLL_ENCODED_MAX ||
	    decode1(buf + HLL_HEAD, regs) == -1)
		return -1;
	hll_dense_max(dense, regs);
	return 0;
}
