/* sketchspan.c: the spans of days of netkpi_sketches (tiers 5 to 9), merged from the days as the hours that end them are written, and back from the first */
#include "config.h"

#include <string.h>

#include "range.h"
#include "sketchio.h"
#include "sketchspan.h"

/*
 * The spans of days (range.h) as stored: level 0 the days, level k
 * span k; each level's first and last period end (0: none).  A span's
 * tier holds every span from its first to its last: a span is written
 * once the hour that ends it is, or later (the spans missed while no
 * hour was, as those before the first, one with rows an hour, back to
 * the first day), and merged again when a late file changes one of its
 * days.
 */
struct levels {
	utc_us	lo[RANGE_SPANS + 1], hi[RANGE_SPANS + 1];
};

static utc_us
level_len(int k)
{
	return k == 0 ? USEC_PER_DAY : RANGE_SPAN_US(k);
}

/* The levels of the tiers' extents (sketchio_extents). */
static void
levels_of(const utc_us *first, const utc_us *last, struct levels *lv)
{
	int	k;

	for (k = 0; k <= RANGE_SPANS; k++) {
		lv->lo[k] = first[k == 0 ? TIER_DAY : TIER_SPAN(k)];
		lv->hi[k] = last[k == 0 ? TIER_DAY : TIER_SPAN(k)];
	}
}

/*
 * Whether span k ending at e can be merged from level k - 1: it starts
 * no earlier than that level's first period, and (spans) ends no later
 * than its last.
 */
static int
covered(const struct levels *lv, int k, utc_us e)
{
	return lv->lo[k - 1] != 0 &&
	    e - level_len(k) >= lv->lo[k - 1] - level_len(k - 1) &&
	    (k == 1 || e <= lv->hi[k - 1]);
}

/*
 * Span k ending at e merged again from level k - 1's periods in it; 1
 * when it has rows, 0 when there were none to merge, -1 with err.
 */
static int
build_span(struct sketchio *io, struct levels *lv, int k, utc_us e,
    char *err, size_t errlen)
{
	struct hllset	s;
	int		rc;

	memset(&s, 0, sizeof s);
	rc = sketchio_merge(io, k == 1 ? TIER_DAY : TIER_SPAN(k - 1),
	    e - level_len(k), e, &s, err, errlen) == -1 ||
	    sketchio_replace(io, TIER_SPAN(k), e, &s, err, errlen) == -1 ?
	    -1 : s.n > 0;
	hllset_free(&s);
	if (lv->lo[k] == 0 || e < lv->lo[k])
		lv->lo[k] = e;
	if (e > lv->hi[k])
		lv->hi[k] = e;
	return rc;
}

/*
 * Span k after hour h: those that end by h after the newest (or with
 * none, the newest that ends by h), then back from the oldest to the
 * first that has rows.  A span of days without rows leaves no row for
 * the next hour to start from, so going back it does not count.
 */
static int
add_level(struct sketchio *io, struct levels *lv, int k, utc_us h,
    char *err, size_t errlen)
{
	utc_us	len = level_len(k), e;
	int	rc = 0;

	e = lv->hi[k] != 0 ? lv->hi[k] + len : utc_floor(h, len);
	for (; e <= h && covered(lv, k, e) && rc != -1; e += len)
		rc = build_span(io, lv, k, e, err, errlen);
	for (e = lv->lo[k] - len; rc != -1 && lv->lo[k] != 0 &&
	    covered(lv, k, e); e -= len)
		if ((rc = build_span(io, lv, k, e, err, errlen)) == 1)
			break;
	return rc == -1 ? -1 : 0;
}

int
sketchspan_add(struct sketchio *io, const utc_us *first, const utc_us *last,
    utc_us h, char *err, size_t errlen)
{
	struct levels	lv;
	int		k, rc = 0;

	levels_of(first, last, &lv);
	for (k = 1; k <= RANGE_SPANS && rc == 0; k++)
		rc = add_level(io, &lv, k, h, err, errlen);
	return rc;
}

int
sketchspan_redo(struct sketchio *io, const utc_us *first,
    const utc_us *last, utc_us d, char *err, size_t errlen)
{
	struct levels	lv;
	utc_us		e;
	int		k, rc = 0;

	levels_of(first, last, &lv);
	for (k = 1; k <= RANGE_SPANS && rc == 0; k++) {
		e = utc_ceil(d, level_len(k));
		if (lv.lo[k] != 0 && e >= lv.lo[k] && e <= lv.hi[k])
			rc = build_span(io, &lv, k, e, err, errlen) == -1 ?
			    -1 : 0;
	}
	return rc;
}
