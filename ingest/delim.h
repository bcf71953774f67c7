/* delim.h: find the next comma, newline or double quote, many bytes at a time */
#ifndef NETKPI_DELIM_H
#define NETKPI_DELIM_H

#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Each returns the first byte at or after p that is ',', '\n' or '"'.
 * There must be one, and DELIM_PAD readable bytes after it: the wide
 * versions read whole words past it.  delim_next is the widest one the
 * compiler has; the others stay for the tests (and other machines).
 */
#define DELIM_PAD	16

static inline const char *
delim_bytes(const char *p)
{
	while (*p != ',' && *p != '\n' && *p != '"')
		p++;
	return p;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define DELIM_HAVE_SWAR	1
/* The high bit of each byte of x that is c (times 0x01..): exact up to the first. */
static inline uint64_t
delim_eq8(uint64_t x, uint64_t c)
{
	x ^= c;
	return (x - UINT64_C(0x0101010101010101)) & ~x &
	    UINT64_C(0x8080808080808080);
}

/* Eight bytes at a time (the has-zero-byte trick), little-endian. */
static inline const char *
delim_swar(const char *p)
{
	const uint64_t	ones = UINT64_C(0x0101010101010101);
	uint64_t	w, m;

	for (;; p += 8) {
		memcpy(&w, p, 8);
		m = delim_eq8(w, ones * ',') | delim_eq8(w, ones * '\n') |
		    delim_eq8(w, ones * '"');
		if (m != 0)
			return p + (__builtin_ctzll(m) >> 3);
	}
}
#endif

#ifdef __SSE2__
/* Sixteen bytes at a time. */
static inline const char *
delim_sse2(const char *p)
{
	const __m128i	comma = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'),
			quote = _mm_set1_epi8('"');
	__m128i		v;
	int		m;

	for (;; p += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, nl)),
		    _mm_cmpeq_epi8(v, quote)));
		if (m != 0)
			return p + __builtin_ctz((unsigned)m);
	}
}
#define delim_next	delim_sse2
#elif defined(DELIM_HAVE_SWAR)
#define delim_next	delim_swar
#else
#define delim_next	delim_bytes
#endif

#endif
