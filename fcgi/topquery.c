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

static utc_us
ceil_to(utc_us t, utc_us step)
{
	return utc_floor(t + step - 1, step);
}

/* (a, b] as whole hours and its edge intervals, into out[0..3). */
static void
hour_pieces(utc_us a, utc_us b, struct top_piece *out)
{
	utc_us	h1 = ceil_to(a, USEC_PER_HOUR), h2 = utc_floor(b, USEC_PER_HOUR);
	struct top_piece none = { TIER_FIVE, a, a };

	out[1] = out[2] = none;
	out[0] = (struct top_piece){ TIER_HOUR, a, a };
	if (h1 < h2) {
		out[0] = (struct top_piece){ TIER_HOUR, h1, h2 };
		out[1] = (struct top_piece){ TIER_FIVE, a, h1 };
		out[2] = (struct top_piece){ TIER_FIVE, h2, b };
	} else
		out[1] = (struct top_piece){ TIER_FIVE, a, b };
}

void
top_pieces(utc_us start, utc_us end, struct top_piece out[TOP_PIECES])
{
	utc_us	d1 = ceil_to(start, USEC_PER_DAY), d2 = utc_floor(end, USEC_PER_DAY);

	if (d1 < d2) {
		out[0] = (struct top_piece){ TIER_DAY, d1, d2 };
		hour_pieces(start, d1, &out[1]);
		hour_pieces(d2, end, &out[4]);
	} else {
		out[0] = (struct top_piece){ TIER_DAY, start, start };
		hour_pieces(start, end, &out[1]);
		hour_pieces(end, end, &out[4]);
	}
}

void
top_pieces_today(struct top_piece out[TOP_PIECES], utc_us complete)
{
	utc_us	midnight = utc_floor(complete, USEC_PER_DAY);
	int	i;

	for (i = 0; i < TOP_PIECES; i++)
		if (out[i].tier == TIER_HOUR && out[i].upto == complete &&
		    out[i].after == midnight && complete > midnight)
			out[i] = (struct top_piece){ TIER_DAY, midnight,
			    midnight + USEC_PER_DAY };
}
