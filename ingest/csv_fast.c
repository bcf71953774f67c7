/* csv_fast.c: the flow reader's fast path for plain rows, straight from the buffer */
#include "config.h"

#include "csv.h"
#include "delim.h"
#include "num.h"

/* Per role: the most digits and the largest value num_scan takes. */
static const struct {
	int	digits;
	int64_t	max;
} limit[] = {
	[COL_MSISDN] = { 15, CSV_MSISDN_MAX },
	[COL_UP] = { 18, INT64_MAX },
	[COL_DOWN] = { 18, INT64_MAX },
	[COL_SERVICE] = { 18, INT32_MAX },
	[COL_CELL] = { 18, INT32_MAX },
};

/* The row's values, as csv_row sets them; 0 when up + down overflows. */
static int
row_set(const int64_t *v, struct flow_row *row)
{
	if (v[COL_UP] > INT64_MAX - v[COL_DOWN])
		return 0;
	row->msisdn = (uint64_t)v[COL_MSISDN];
	row->bytes = (uint64_t)(v[COL_UP] + v[COL_DOWN]);
	row->service = (uint32_t)v[COL_SERVICE];
	row->cell = (uint32_t)v[COL_CELL];
	return 1;
}

/* A field at a time: a delimiter search or a number each. */
static const char *
row_fields(const struct csv_cols *cols, const char *p, struct flow_row *row)
{
	int64_t		v[COL_CELL + 1] = { 0 };
	size_t		i, last = cols->nfields - 1;
	enum csv_role	r;

	for (i = 0; i <= last; i++, p++) {
		if ((r = cols->role[i]) == COL_OTHER) {
			if (*(p = delim_next(p)) == '"')
				return NULL;
		} else {
			p = num_scan(p, limit[r].digits, limit[r].max, &v[r]);
			if (p == NULL)
				return NULL;
			if (i == last && p[0] == '\r' && p[1] == '\n')
				p++;
		}
		if (*p != (i == last ? '\n' : ','))
			return NULL;
	}
	return row_set(v, row) ? p - 1 : NULL;
}

#if defined(__SSE2__) && defined(NUM_HAVE_DIGITS8)
#include <emmintrin.h>

#define ROW_WIDTH	64
_Static_assert(CSV_PAD >= ROW_WIDTH && CSV_PAD >= DELIM_PAD,
    "the buffer's padding covers the wide reads");

/* The same for the 16 bytes at p + at, as bits at to at + 15. */
static inline void
row_masks16(const char *p, unsigned at, uint64_t *comma, uint64_t *stop,
    uint64_t *digit)
{
	const __m128i	c = _mm_set1_epi8(','), nl = _mm_set1_epi8('\n'),
			quote = _mm_set1_epi8('"'), zero = _mm_set1_epi8('0'),
			nine = _mm_set1_epi8(9);
	__m128i		v, d;

	v = _mm_loadu_si128((const __m128i *)(const void *)(p + at));
	*comma |= (uint64_t)(unsigned)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(v, c)) << at;
	*stop |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, quote))) << at;
	/* (a digit: v - '0' is at most 9, unsigned) */
	d = _mm_sub_epi8(v, zero);
	*digit |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
	    _mm_min_epu8(d, nine), d)) << at;
}

/*
 * Of the 64 bytes at p, a bit for each (bit i: byte i): in *comma each
 * ',', in *stop each '\n' or '"', in *digit each digit.
 */
static inline void
row_masks(const char *p, uint64_t *comma, uint64_t *stop, uint64_t *digit)
{
	*comma = *stop = *digit = 0;
	row_masks16(p, 0, comma, stop, digit);
	row_masks16(p, 16, comma, stop, digit);
	row_masks16(p, 32, comma, stop, digit);
	row_masks16(p, 48, comma, stop, digit);
}

/*
 * The whole row from masks of its first 64 bytes: it ends at the first
 * newline or quote, which must be a newline after nfields - 1 commas;
 * a value's bytes must all be digits.  Returns the newline, NULL for a
 * row csv_row must judge, or p itself for a row that does not end
 * within the 64 bytes (row_fields takes it; a row's newline comes after
 * its commas, never at p).
 */
static const char *
row_wide(const struct csv_cols *cols, const char *p, struct flow_row *row)
{
	int64_t		v[COL_CELL + 1] = { 0 };
	uint64_t	comma, stop, digit, val, part;
	size_t		i, last = cols->nfields - 1;
	unsigned	start = 0, end, nl, len, n;
	enum csv_role	r;

	row_masks(p, &comma, &stop, &digit);
	if (stop == 0)
		return p;
	nl = (unsigned)__builtin_ctzll(stop);
	if (p[nl] != '\n')
		return NULL;
	comma &= (UINT64_C(1) << nl) - 1;
	for (i = 0; i <= last; i++, start = end + 1, comma &= comma - 1) {
		/* (nfields - 1 commas: none left for the last field) */
		if (i == last ? comma != 0 : comma == 0)
			return NULL;
		end = i == last ? nl : (unsigned)__builtin_ctzll(comma);
		if ((r = cols->role[i]) == COL_OTHER)
			continue;
		len = end - start;
		if (i == last && len > 1 && p[end - 1] == '\r')
			len--;
		if (len == 0 || len > (unsigned)limit[r].digits ||
		    (~digit >> start & ((UINT64_C(1) << len) - 1)) != 0)
			return NULL;
		/* The first len % 8 digits (or 8), then 8 at a time. */
		n = (len - 1) % 8 + 1;
		num_digits_n(p + start, n, &val);
		for (; n < len; n += 8) {
			num_digits_n(p + start + n, 8, &part);
			val = val * 100000000 + part;
		}
		if (val > (uint64_t)limit[r].max)
			return NULL;
		v[r] = (int64_t)val;
	}
	return row_set(v, row) ? p + nl : NULL;
}

const char *
csv_fast_row(const struct csv_cols *cols, const char *p, struct flow_row *row)
{
	const char	*nl = row_wide(cols, p, row);

	return nl == p ? row_fields(cols, p, row) : nl;
}
#else
const char *
csv_fast_row(const struct csv_cols *cols, const char *p, struct flow_row *row)
{
	return row_fields(cols, p, row);
}
#endif
