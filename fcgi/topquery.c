/* topquery.c: the parameters of /api/KPIs/<id>/top/ and the pieces a range is read in */
#include "config.h"

#include <string.h>

#include "datetime.h"
#include "num.h"
#include "range.h"
#include "topquery.h"

#define INTERVAL	(5 * USEC_PER_MIN)

const char *const top_param_names[TOP_NPARAMS] = { "start", "end", "n" };

/* A datetime on a five-minute boundary into *t; NULL, or why not. */
static const char *
read_time(const char *v, size_t len, utc_us *t)
{
	if (datetime_parse(v, len, t) == -1)
		return "Enter a valid date/time.";
	if (utc_floor(*t, INTERVAL) != *t)
		return "Enter a time on a five-minute boundary.";
	return NULL;
}

/* n into *n; NULL, or why not (Django REST framework's messages). */
static const char *
read_n(const char *v, size_t len, int64_t *n)
{
	const char	*err;

	if (num_parse(v, len, 0, INT64_MAX, n, &err) == 0) {
		if (*n < 1)
			return "Ensure this value is greater than or equal to 1.";
		if (*n > TOP_N_MAX)
			return "Ensure this value is less than or equal to 1000.";
		return NULL;
	}
	if (err != NULL && strcmp(err, "too large") == 0)
		return "Ensure this value is less than or equal to 1000.";
	return "A valid integer is required.";
}

unsigned
top_read(const struct query *q, struct top_params *p,
    const char *why[TOP_NPARAMS])
{
	const char	*v;
	unsigned	 bad = 0;
	size_t		 len, i;

	memset(p, 0, sizeof *p);
	p->n = TOP_N_DEFAULT;
	for (i = 0; i < TOP_NPARAMS; i++) {
		why[i] = NULL;
		if ((v = query_get(q, top_param_names[i], &len)) == NULL ||
		    len == 0)
			continue;
		p->given |= 1u << i;
		why[i] = i == TOP_N ? read_n(v, len, &p->n) :
		    read_time(v, len, i == TOP_START ? &p->start : &p->end);
		if (why[i] != NULL)
			bad |= 1u << i;
	}
	if ((p->given & ~bad & 3u) == 3u) {
		if (p->start >= p->end)
			why[TOP_END] = "Ensure end is after start.";
		else if (p->end - p->start > TOP_SPAN_MAX)
			why[TOP_END] = "Ensure end is at most 366 days after"
			    " start.";
		if (why[TOP_END] != NULL)
			bad |= 1u << TOP_END;
	}
	return bad;
}

void
top_defaults(struct top_params *p, utc_us newest, utc_us now)
{
	switch (p->given & 3u) {
	case 1u << TOP_START:
		p->end = p->start + TOP_SPAN_DEFAULT;
		break;
	case 1u << TOP_END:
		p->start = p->end - TOP_SPAN_DEFAULT;
		break;
	case 0:
		p->end = newest >= 0 ? newest : utc_floor(now, INTERVAL);
		p->start = p->end - TOP_SPAN_DEFAULT;
		break;
	}
}

/* The tiers a range is read in, the longest periods first. */
static const struct {
	int	tier;
	utc_us	len;
} rungs[] = {
	{ TIER_SPAN(5), RANGE_SPAN_US(5) },
	{ TIER_SPAN(4), RANGE_SPAN_US(4) },
	{ TIER_SPAN(3), RANGE_SPAN_US(3) },
	{ TIER_SPAN(2), RANGE_SPAN_US(2) },
	{ TIER_SPAN(1), RANGE_SPAN_US(1) },
	{ TIER_DAY, USEC_PER_DAY },
	{ TIER_QUARTER, RANGE_QUARTER_US },
	{ TIER_HOUR, USEC_PER_HOUR },
	{ TIER_FIVE, INTERVAL },
};
#define NRUNGS	(sizeof rungs / sizeof rungs[0])

_Static_assert(TOP_PIECES == 2 * NRUNGS - 1, "a piece per rung and side");

void
top_stored_all(struct top_stored *st, int upto)
{
	int	t;

	for (t = 0; t < TOP_TIERS; t++) {
		st->first[t] = t <= upto ? INT64_MIN : INT64_MAX;
		st->last[t] = t <= upto ? INT64_MAX : INT64_MIN;
	}
}

/*
 * (a, b] as pieces of rung r and finer, appended to out (*n of them):
 * the whole periods of rung r that are stored, then what is left on
 * either side, of the finer rungs.  What is left on the left ends on a
 * period of rung r, and so on: at most one piece of each finer rung on
 * either side.
 */
static void
ladder(utc_us a, utc_us b, size_t r, const struct top_stored *st,
    struct top_piece *out, size_t *n)
{
	int	t = rungs[r].tier;
	utc_us	lo, hi, len = rungs[r].len;

	if (a >= b)
		return;
	if (r == NRUNGS - 1) {
		out[(*n)++] = (struct top_piece){ TIER_FIVE, a, b };
		return;
	}
	lo = utc_ceil(a, len);
	hi = utc_floor(b, len);
	if (st->first[t] != INT64_MIN && st->first[t] - len > lo)
		lo = st->first[t] - len;
	if (st->last[t] < hi)
		hi = st->last[t];
	if (lo >= hi) {
		ladder(a, b, r + 1, st, out, n);
		return;
	}
	out[(*n)++] = (struct top_piece){ t, lo, hi };
	ladder(a, lo, r + 1, st, out, n);
	ladder(hi, b, r + 1, st, out, n);
}

void
top_pieces(utc_us start, utc_us end, const struct top_stored *st,
    struct top_piece out[TOP_PIECES])
{
	size_t	n = 0;

	ladder(start, end, 0, st, out, &n);
	for (; n < TOP_PIECES; n++)
		out[n] = (struct top_piece){ TIER_FIVE, start, start };
}

/* Whether p is a run of quarters or hours inside (midnight, upto]. */
static int
in_today(const struct top_piece *p, utc_us midnight, utc_us upto)
{
	return (p->tier == TIER_HOUR || p->tier == TIER_QUARTER) &&
	    p->after >= midnight && p->upto <= upto;
}

void
top_pieces_today(struct top_piece out[TOP_PIECES], utc_us upto)
{
	utc_us	midnight = utc_floor(upto, USEC_PER_DAY), covered = 0;
	size_t	i, first = TOP_PIECES;

	for (i = 0; i < TOP_PIECES; i++)
		if (in_today(&out[i], midnight, upto)) {
			covered += out[i].upto - out[i].after;
			first = first < i ? first : i;
		}
	if (upto == midnight || covered != upto - midnight)
		return;
	for (i = first + 1; i < TOP_PIECES; i++)
		if (in_today(&out[i], midnight, upto))
			out[i] = (struct top_piece){ TIER_FIVE, midnight,
			    midnight };
	out[first] = (struct top_piece){ TIER_DAY, midnight,
	    midnight + USEC_PER_DAY };
}
