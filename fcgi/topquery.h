/* topquery.h: the parameters of /api/KPIs/<id>/top/ and the pieces a range is read in */
#ifndef NETKPI_TOPQUERY_H
#define NETKPI_TOPQUERY_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "range.h"
#include "utctime.h"

/* The parameters, in the order of a 400 answer's keys. */
enum { TOP_START, TOP_END, TOP_N, TOP_NPARAMS };

extern const char *const top_param_names[TOP_NPARAMS];

#define TOP_N_DEFAULT	10
#define TOP_N_MAX	1000
#define TOP_SPAN_MAX	(366 * USEC_PER_DAY)
#define TOP_SPAN_DEFAULT USEC_PER_DAY

/* One request's range and n; bit i of given: top_param_names[i] was. */
struct top_params {
	unsigned	given;
	utc_us		start, end;
	int64_t		n;
};

/*
 * Read q's start, end and n into p (an empty value is none, the last of
 * a repeated one counts).  Returns the set of invalid ones, bit i with
 * why[i] its message: 0 when all are valid.  start and end are
 * datetimes as the filters take them, on five-minute boundaries, start
 * before end and at most TOP_SPAN_MAX apart; n 1 to TOP_N_MAX.
 */
unsigned top_read(const struct query *q, struct top_params *p,
	    const char *why[TOP_NPARAMS]);

/*
 * The range of p when start or end was not given: a missing one is
 * TOP_SPAN_DEFAULT from the other; with neither, the range ends at
 * newest (the newest interval with data, or when there is none the
 * five-minute boundary at or before now).
 */
void	top_defaults(struct top_params *p, utc_us newest, utc_us now);

/*
 * The periods stored of each tier (range.h): those ending from
 * first[tier] to last[tier].  Quarters and spans of days are written
 * from a version on, and spans backwards from the first written too.
 */
#define TOP_TIERS	(TIER_LAST + 1)
struct top_stored {
	utc_us	first[TOP_TIERS], last[TOP_TIERS];
};
/* Every period of the tiers up to upto stored, none of the others. */
void	top_stored_all(struct top_stored *st, int upto);

/*
 * A range (start, end] read as at most one run of whole spans of 32
 * days, then on either side of it one run of each shorter span, of
 * whole days, of whole quarters (range.h), of whole hours and of
 * five-minute intervals, each piece holding the periods of its tier
 * whose end is in (after, upto] (empty when after == upto); of each
 * tier only the periods st has.
 */
#define TOP_PIECES	17
struct top_piece {
	int	tier;		/* range.h */
	utc_us	after, upto;
};
void	top_pieces(utc_us start, utc_us end, const struct top_stored *st,
	    struct top_piece out[TOP_PIECES]);

/*
 * For pieces of a range (start, complete] whose end complete is the
 * newest hour written (so that no hour after it is), and upto what the
 * row of complete's day holds, (midnight, upto] (byte totals: every
 * hour to complete, added as each is written; users: every quarter to
 * complete's, merged as each is written): the quarters and hours of
 * (midnight, upto] become that day's row, when the pieces have them
 * all: one row per key instead of up to 3 quarters and 5 hours.  Other
 * pieces are left as they are.
 */
void	top_pieces_today(struct top_piece out[TOP_PIECES], utc_us upto);

#endif
