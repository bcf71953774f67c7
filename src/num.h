/* num.h: the one range-checked integer parser, and integers written out */
#ifndef NETKPI_NUM_H
#define NETKPI_NUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Parse the decimal integer s[0..len) into *out, within [min, max].
 * Digits only, with a leading '-' allowed when min < 0; no spaces, no
 * '+', no base prefixes.  Returns 0, or -1 with *errstr set to a static
 * reason ("empty", "not a number", "too small", "too large").
 */
int	num_parse(const char *s, size_t len, int64_t min, int64_t max,
	    int64_t *out, const char **errstr);
/* The same for a NUL-terminated string. */
int	num_parse_str(const char *s, int64_t min, int64_t max, int64_t *out,
	    const char **errstr);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NUM_HAVE_DIGITS8	1
/*
 * The value of the n (1 to 8) digits at s, which reads the 8 bytes at
 * s: shifted to the top of a word, three multiplies join them.
 */
static inline void
num_digits_n(const char *s, unsigned n, uint64_t *v)
{
	uint64_t	w, d;

	memcpy(&w, s, 8);
	d = (w & UINT64_C(0x0f0f0f0f0f0f0f0f)) << (8 * (8 - n));
	d = (d * 2561) >> 8 & UINT64_C(0x00ff00ff00ff00ff);
	d = (d * 6553601) >> 16 & UINT64_C(0x0000ffff0000ffff);
	*v = (d * UINT64_C(42949672960001)) >> 32;
}

/*
 * The leading digits of the 8 bytes at s: their count (0 to 8), their
 * value in *v.  Eight at a time, little-endian: no byte carries into
 * the next in the digit test.
 */
static inline unsigned
num_digits8(const char *s, uint64_t *v)
{
	const uint64_t	lo = UINT64_C(0x0f0f0f0f0f0f0f0f), hi = ~lo;
	uint64_t	w, bad;
	unsigned	n;

	memcpy(&w, s, 8);
	bad = ((w & hi) ^ UINT64_C(0x3030303030303030)) |
	    (((w & lo) + UINT64_C(0x0606060606060606)) & hi);
	n = bad == 0 ? 8 : (unsigned)__builtin_ctzll(bad) >> 3;
	*v = 0;
	if (n > 0)
		num_digits_n(s, n, v);
	return n;
}
#endif

/* num_digits8 where it runs, else a digit at a time. */
static inline unsigned
num_digits8_any(const char *s, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return num_digits8(s, v);
#else
	unsigned	n;

	for (n = 0, *v = 0; n < 8 && (unsigned char)s[n] - '0' <= 9; n++)
		*v = *v * 10 + ((unsigned char)s[n] - '0');
	return n;
#endif
}

/*
 * The unsigned decimal number at s, of 1 to maxdigits digits (at most
 * 18, so that it cannot overflow) and at most max, into *out: returns
 * the first byte after the digits, or NULL when there is no digit, too
 * many, or the value is over max.  The digits must be followed by a
 * non-digit, then 8 readable bytes.  The flow reader's fast path takes
 * its values with it, straight from the file's buffer; what it refuses
 * goes through num_parse.
 */
static inline const char *
num_scan(const char *s, int maxdigits, int64_t max, int64_t *out)
{
	static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000 };
	const char	*p = s;
	uint64_t	 v, part;
	unsigned	 n;

	p += n = num_digits8_any(p, &v);
	/* Most values have fewer than 8 digits: one step. */
	while (n == 8 && p - s <= maxdigits) {
		p += n = num_digits8_any(p, &part);
		v = v * pow10[n] + part;
	}
	if (p == s || p - s > maxdigits || v > (uint64_t)max)
		return NULL;
	*out = (int64_t)v;
	return p;
}

/* The longest num_format text: "-9223372036854775808". */
#define NUM_FORMAT_LEN	20

/*
 * v in decimal at buf (NUM_FORMAT_LEN bytes at least, no NUL written);
 * returns the length.  The API writes four of these per row it sends.
 */
size_t	num_format(int64_t v, char *buf);

#endif
