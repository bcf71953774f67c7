/* hll_rice.c: the stored form version 2 of a sketch: gaps between the registers set in a Rice code, ranks in unary */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "hll.h"

#define FORMAT2		2
#define HEAD2		5

/*
 * Bits written to p[0..len), or read from in[0..len): acc holds the
 * n bits not yet written (its low bits), or the n bits read ahead (its
 * top bits); pos is the next byte.
 */
struct bits {
	uint8_t		*p;
	const uint8_t	*in;
	size_t		 len, pos;
	uint64_t	 acc;
	unsigned	 n;
};

/* Write the low n (at most 56) bits of v; 0, or -1 past the end. */
static int
put(struct bits *b, uint64_t v, unsigned n)
{
	b->acc = b->acc << n | (v & ((UINT64_C(1) << n) - 1));
	for (b->n += n; b->n >= 8; b->n -= 8) {
		if (b->pos >= b->len)
			return -1;
		b->p[b->pos++] = (uint8_t)(b->acc >> (b->n - 8));
	}
	return 0;
}

/* n one bits, then a zero bit unless stop is 0. */
static int
put_ones(struct bits *b, uint32_t n, int stop)
{
	for (; n > 32; n -= 32)
		if (put(b, UINT32_MAX, 32) == -1)
			return -1;
	if (put(b, (uint32_t)((UINT64_C(1) << n) - 1), n) == -1)
		return -1;
	return stop ? put(b, 0, 1) : 0;
}

/* The last bits, padded with zero bits to a whole byte. */
static int
flush(struct bits *b)
{
	return b->n > 0 ? put(b, 0, 8 - b->n) : 0;
}

/* The 8 bytes at p, big endian. */
static uint64_t
load_be64(const uint8_t *p)
{
	uint64_t	w;

	memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
#error "unknown byte order"
#endif
	return w;
}

/* At least 56 bits read ahead, or all that are left. */
static void
fill(struct bits *b)
{
	uint64_t	w;
	unsigned	take;

	if (b->n >= 56)
		return;
	if (b->pos + 8 <= b->len) {
		/* Whole bytes of the next 8, in one load. */
		w = load_be64(b->in + b->pos);
		take = (63 - b->n) / 8;
		b->acc |= w >> b->n & ~(UINT64_MAX >> (b->n + 8 * take));
		b->pos += take;
		b->n += 8 * take;
		return;
	}
	for (; b->n <= 56 && b->pos < b->len; b->n += 8)
		b->acc |= (uint64_t)b->in[b->pos++] << (56 - b->n);
}

/* Read n (at most 32) bits into *v; -1 past the end. */
static int
get(struct bits *b, unsigned n, uint32_t *v)
{
	fill(b);
	if (b->n < n)
		return -1;
	*v = n == 0 ? 0 : (uint32_t)(b->acc >> (64 - n));
	b->acc = n == 64 ? 0 : b->acc << n;
	b->n -= n;
	return 0;
}

/* One bits up to a zero bit (read too) or max of them, counted into *n. */
static int
get_ones(struct bits *b, uint32_t max, uint32_t *n)
{
	unsigned	run;

	fill(b);
	/* Most runs end inside the bits read ahead. */
	run = ~b->acc == 0 ? 64 : (unsigned)__builtin_clzll(~b->acc);
	if (run < b->n && run < max) {
		*n = run;
		b->acc = run + 1 == 64 ? 0 : b->acc << (run + 1);
		b->n -= run + 1;
		return 0;
	}
	for (*n = 0;;) {
		fill(b);
		if (b->n == 0)
			return -1;
		run = ~b->acc == 0 ? 64 : (unsigned)__builtin_clzll(~b->acc);
		if (run > b->n)
			run = b->n;
		if (run > max - *n)
			run = max - *n;
		*n += run;
		b->acc = run == 64 ? 0 : b->acc << run;
		b->n -= run;
		if (*n == max)
			return 0;
		if (b->n > 0)
			return get(b, 1, &run);
	}
}

/*
 * The Rice parameter that codes the gaps of regs in the fewest bits,
 * of the four around log2 of their mean (the best is among them for
 * gaps spread about geometrically).
 */
static unsigned
best_k(const uint32_t *regs, size_t n)
{
	uint64_t	sum = 0, cost[4] = { 0, 0, 0, 0 };
	uint32_t	gap, prev = 0;
	unsigned	k0 = 0, k, best = 0;
	size_t		i;

	/* The gaps add up to the registers before the last set, unset. */
	if (n > 0)
		sum = (regs[n - 1] >> 8) + 1 - n;
	while (n > 0 && k0 < HLL_P - 2 && sum / n >> (k0 + 1) != 0)
		k0++;
	k0 = k0 > 1 ? k0 - 2 : 0;
	/* (one shift by a variable, the others by constants) */
	for (i = 0; i < n; i++) {
		gap = ((regs[i] >> 8) - prev) >> k0;
		prev = (regs[i] >> 8) + 1;
		cost[0] += gap;
		cost[1] += gap >> 1;
		cost[2] += gap >> 2;
		cost[3] += gap >> 3;
	}
	for (k = 1; k < 4; k++)
		if (cost[k] + k * n < cost[best] + best * n)
			best = k;
	return k0 + best;
}

/*
 * The bits of one entry, gap in a Rice code of parameter k then rank r
 * in unary: q = gap >> k ones, a zero, the low k bits of gap, r - 1
 * ones, a zero (none past HLL_Q).  Their number into *n; the word when
 * they fit in 56 bits, else 0 (put_entry writes them in parts).
 */
static inline uint64_t
entry_word(uint32_t gap, unsigned k, uint32_t r, uint32_t *n)
{
	uint32_t	q = gap >> k, stop = r <= HLL_Q;
	uint64_t	v;

	*n = q + 1 + k + r - 1 + stop;
	if (*n > 56)
		return 0;
	v = ((UINT64_C(1) << q) - 1) << (1 + k) | (gap & ((1u << k) - 1));
	return (v << (r - 1) | ((UINT64_C(1) << (r - 1)) - 1)) << stop;
}

/* One entry (entry_word). */
static int
put_entry(struct bits *b, uint32_t gap, unsigned k, uint32_t r)
{
	uint32_t	n, stop = r <= HLL_Q;
	uint64_t	v = entry_word(gap, k, r, &n);

	if (n > 56)
		return put_ones(b, gap >> k, 1) == -1 || put(b, gap, k) == -1 ||
		    put_ones(b, r - 1, (int)stop) == -1 ? -1 : 0;
	return put(b, v, n);
}

/* v as 8 bytes at p, big endian. */
static void
store_be64(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, sizeof v);
}

/*
 * The entries of regs[0..n) (gaps from *prev) while 8 bytes are left
 * and each takes at most 56 bits: each added to the bits waiting
 * (fewer than 8), all of them stored as 8 bytes, and the position moved
 * by their whole bytes, with no branch on how many there were.  The
 * bytes past the bits are zero.  Returns the entries written.
 */
static size_t
fast_put(struct bits *b, const uint32_t *regs, size_t n, unsigned k,
    uint32_t *prev)
{
	uint64_t	acc = b->acc, v;
	uint32_t	at = *prev, len;
	unsigned	nb = b->n;
	size_t		i, pos = b->pos;

	for (i = 0; i < n && pos + 8 <= b->len; i++) {
		v = entry_word((regs[i] >> 8) - at, k, regs[i] & 0xff, &len);
		if (len > 56)
			break;
		acc = acc << len | v;
		nb += len;
		store_be64(b->p + pos, acc << (64 - nb));
		pos += nb / 8;
		nb %= 8;
		at = (regs[i] >> 8) + 1;
	}
	b->acc = acc;
	b->n = nb;
	b->pos = pos;
	*prev = at;
	return i;
}

size_t
hll_rice_encode(const uint32_t *regs, size_t n, uint8_t *out, size_t max)
{
	struct bits	b = { out, NULL, max, HEAD2, 0, 0 };
	uint32_t	gap, prev = 0;
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
		if ((i += fast_put(&b, regs + i, n - i, k, &prev)) == n)
			break;
		/* An entry past 56 bits, or the last 8 bytes. */
		gap = (regs[i] >> 8) - prev;
		prev = (regs[i] >> 8) + 1;
		if (put_entry(&b, gap, k, regs[i] & 0xff) == -1)
			return 0;
	}
	return flush(&b) == 0 && b.pos < max ? b.pos : 0;
}


/*
 * Entries of at most TBITS bits, read by a table per Rice parameter k
 * from the next TBITS bits: length << 8 | q << 4 | rank (the gap is q
 * << k and the k bits after q's zero), or 0 for bits that do not start
 * such an entry.  Most entries are ten bits or so: one load instead of
 * counting two runs, one after the other.
 */
#define TBITS	14
static uint16_t		 table[HLL_P][1u << TBITS];
static pthread_once_t	 table_once = PTHREAD_ONCE_INIT;

static void
table_init(void)
{
	uint32_t	q, low, r, len, code, x;
	unsigned	k;

	/* Each entry's code: the TBITS-bit values that start with it. */
	for (k = 0; k < HLL_P; k++)
		for (q = 0; q + 1 + k + 1 <= TBITS; q++)
			for (low = 0; low < 1u << k; low++)
				for (r = 0; (len = q + 1 + k + r + 1) <= TBITS;
				    r++) {
					code = ((1u << q) - 1) << (len - q) |
					    low << (r + 1) | ((1u << r) - 1) << 1;
					for (x = 0; x < 1u << (TBITS - len); x++)
						table[k][code << (TBITS - len) | x] =
						    (uint16_t)(len << 8 | q << 4 |
						    (r + 1));
				}
}

/*
 * The bits read ahead (*nb of them at the top of *acc) to 56 or more
 * from the input at *pos: the next 8 bytes in one load (the bits past
 * the whole bytes taken are the stream's own: loading them again is
 * harmless), or the last bytes with zeros after them.
 */
static inline void
refill(const struct bits *b, size_t *pos, uint64_t *acc, unsigned *nb)
{
	uint64_t	w = 0;
	unsigned	take = (63 - *nb) / 8;
	size_t		i;

	if (*pos + 8 <= b->len)
		w = load_be64(b->in + *pos);
	else {
		for (i = *pos; i < b->len; i++)
			w |= (uint64_t)b->in[i] << (56 - 8 * (i - *pos));
		if (take > b->len - *pos)
			take = (unsigned)(b->len - *pos);
	}
	*acc |= w >> *nb;
	*pos += take;
	*nb += 8 * take;
}

/* One entry decoded from the bits read ahead, or 0 (not all there). */
static inline uint32_t
peek_entry(uint64_t acc, unsigned nb, unsigned k, uint32_t *gap,
    uint32_t *rank)
{
	uint32_t	q, r, used;
	uint64_t	a;

	q = ~acc == 0 ? 64 : (uint32_t)__builtin_clzll(~acc);
	if (q >= 32)
		return 0;
	a = acc << (q + 1);
	*gap = q << k | (k > 0 ? (uint32_t)(a >> (64 - k)) : 0);
	a <<= k;
	r = ~a == 0 ? 64 : (uint32_t)__builtin_clzll(~a);
	r = r < HLL_Q ? r : HLL_Q;
	*rank = r + 1;
	used = q + 1 + k + r + (r < HLL_Q);
	return used <= nb ? used : 0;
}

/* One entry of a version 2 form at b into *e (prev: the next register). */
static int
get_entry(struct bits *b, unsigned k, uint32_t *prev, uint32_t *e)
{
	uint32_t	q, low, r, gap, rank, used;

	/* Most entries lie inside the bits read ahead: in one go. */
	fill(b);
	if ((used = peek_entry(b->acc, b->n, k, &gap, &rank)) > 0) {
		/* (64 bits read ahead, used whole: no shift by 64) */
		b->acc = used == 64 ? 0 : b->acc << used;
		b->n -= used;
	} else if (get_ones(b, HLL_M, &q) == -1 || get(b, k, &low) == -1 ||
	    get_ones(b, HLL_Q, &r) == -1)
		return -1;
	else {
		gap = q << k | low;
		rank = r + 1;
	}
	if (gap >= HLL_M - *prev)
		return -1;
	*prev += gap;
	*e = *prev << 8 | rank;
	(*prev)++;
	return 0;
}

/*
 * The entries of a version 2 form: the bits read ahead refilled, then
 * up to 4 entries by the table (56 bits hold 4 of TBITS) and one more
 * by counting its runs.  Stops early at anything else (get_entry
 * decodes it); returns the entries decoded, or -1 for a register past
 * the last.
 */
static int
fast_entries(struct bits *b, const uint16_t *t, unsigned k, uint32_t *prev,
    uint32_t *regs, size_t n)
{
	uint64_t	acc = b->acc;
	uint32_t	e, gap, rank, used, at = *prev;
	unsigned	nb = b->n, j;
	size_t		got = 0, pos = b->pos;
	int		rc = 0;

	while (got < n && rc == 0) {
		refill(b, &pos, &acc, &nb);
		for (j = 0; j < 4 && got < n; j++) {
			e = t[acc >> (64 - TBITS)];
			if (e == 0 || (e >> 8) > nb)
				break;
			gap = (e >> 4 & 0xf) << k | (uint32_t)(acc <<
			    (e >> 4 & 0xf) << 1 >> 1 >> (63 - k));
			if (gap >= HLL_M - at) {
				rc = -1;
				break;
			}
			acc <<= e >> 8;
			nb -= e >> 8;
			at += gap;
			regs[got++] = at << 8 | (e & 0xf);
			at++;
		}
		if (j == 4 || got == n || rc == -1)
			continue;
		/* Not in the table: counted, or by get_entry. */
		if ((used = peek_entry(acc, nb, k, &gap, &rank)) == 0) {
			if (j == 0)
				break;
			continue;
		}
		if (gap >= HLL_M - at) {
			rc = -1;
			break;
		}
		acc = used == 64 ? 0 : acc << used;
		nb -= used;
		at += gap;
		regs[got++] = at << 8 | rank;
		at++;
	}
	/* Give back the bits read ahead past nb: the slow path reloads them. */
	b->acc = nb == 0 ? 0 : acc & ~(UINT64_MAX >> nb);
	b->n = nb;
	b->pos = pos;
	*prev = at;
	return rc == -1 ? -1 : (int)got;
}

int
hll_rice_decode(const uint8_t *buf, size_t len, uint32_t *regs)
{
	struct bits	b = { NULL, buf, len, HEAD2, 0, 0 };
	uint32_t	prev = 0;
	size_t		i, n;
	int		got;

	if (len < HEAD2 || buf[0] != FORMAT2 || buf[1] != HLL_P ||
	    buf[2] >= HLL_P || (n = (size_t)buf[3] << 8 | buf[4]) > HLL_M)
		return -1;
	pthread_once(&table_once, table_init);
	for (i = 0; i < n; i++) {
		if ((got = fast_entries(&b, table[buf[2]], buf[2], &prev,
		    regs + i, n - i)) == -1)
			return -1;
		if ((i += (size_t)got) == n)
			break;
		if (get_entry(&b, buf[2], &prev, &regs[i]) == -1)
			return -1;
	}
	/* Canonical: fewer than 8 bits left, all zero; no byte more. */
	fill(&b);
	if (b.pos != len || b.n >= 8 || b.acc != 0)
		return -1;
	return (int)n;
}
