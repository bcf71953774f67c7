/* test_topquery.c: a range read as spans of days, days, quarters, hours and intervals covers each of its intervals once */
#include "config.h"

#include <stdint.h>

#include "fcgi/topquery.h"
#include "range.h"
#include "tap.h"

#define IV	(5 * USEC_PER_MIN)

/* The length of tier's periods. */
static utc_us
tier_len(int tier)
{
	return tier > TIER_QUARTER ? RANGE_SPAN_US(tier - TIER_QUARTER) :
	    tier == TIER_DAY ? USEC_PER_DAY :
	    tier == TIER_QUARTER ? RANGE_QUARTER_US :
	    tier == TIER_HOUR ? USEC_PER_HOUR : IV;
}

/* The end of the period of tier that holds the interval ending at e. */
static utc_us
period_of(int tier, utc_us e)
{
	utc_us	step = tier_len(tier);

	return utc_floor(e - 1, step) + step;
}

/* How many pieces hold the interval ending at e. */
static int
holders(const struct top_piece *pc, utc_us e)
{
	utc_us	p;
	int	i, n = 0;

	for (i = 0; i < TOP_PIECES; i++) {
		p = period_of(pc[i].tier, e);
		n += p > pc[i].after && p <= pc[i].upto;
	}
	return n;
}

/* The rows a key has in the pieces: its periods. */
static utc_us
rows(const struct top_piece *pc, int n)
{
	utc_us	r = 0;
	int	i;

	for (i = 0; i < n; i++)
		r += (pc[i].upto - pc[i].after) / tier_len(pc[i].tier);
	return r;
}

/*
 * The same as every interval of (s, e] held once and none around it,
 * from the pieces' ends: the periods (after, upto] holds, each of its
 * tier's length, cover the intervals from the first one's start to the
 * last one's end; sorted, these runs must follow each other from s to
 * e.  A check of a year's range in a few steps, not 100,000.
 */
static int
runs_cover(const struct top_piece *pc, utc_us s, utc_us e)
{
	utc_us	from[TOP_PIECES], to[TOP_PIECES], step, first, last, at = s;
	int	i, k, n = 0, next;

	for (i = 0; i < TOP_PIECES; i++) {
		step = tier_len(pc[i].tier);
		first = period_of(pc[i].tier, pc[i].after + 1);
		last = period_of(pc[i].tier, pc[i].upto + 1) - step;
		if (pc[i].upto > pc[i].after && first <= last) {
			from[n] = first - step;
			to[n++] = last;
		}
	}
	/* (a run that starts where the last ended, each once) */
	for (k = 0; k < n; k++) {
		for (next = -1, i = 0; i < n; i++)
			if (from[i] == at && to[i] > at)
				next = next == -1 ? i : -2;
		if (next < 0)
			return 0;
		at = to[next];
		from[next] = -1;
	}
	return n > 0 ? at == e : s == e;
}

/*
 * Every interval of (s, e] once, none around it, no period of a tier
 * that st does not have, and at most the rows of its whole days and 2
 * edges of 3 quarters, 5 hours and 11 intervals (23 hours and 11
 * intervals without quarters); returns 1 when so.
 */
static int
covers_from(utc_us s, utc_us e, const struct top_stored *st)
{
	struct top_piece pc[TOP_PIECES];
	utc_us	t, days = (utc_floor(e, USEC_PER_DAY) - (utc_floor(s - 1,
		    USEC_PER_DAY) + USEC_PER_DAY)) / USEC_PER_DAY;
	int	i, quarters = st->first[TIER_QUARTER] <= s &&
		    st->last[TIER_QUARTER] >= e;

	top_pieces(s, e, st, pc);
	for (i = 0; i < TOP_PIECES; i++)
		if (pc[i].upto > pc[i].after && pc[i].tier != TIER_FIVE &&
		    (pc[i].after + tier_len(pc[i].tier) <
		    st->first[pc[i].tier] ||
		    pc[i].upto > st->last[pc[i].tier]))
			return 0;
	if (!runs_cover(pc, s, e))
		return 0;
	/* Ranges up to 5 days interval by interval too: the same answer. */
	for (t = s - USEC_PER_DAY; e - s <= 5 * USEC_PER_DAY &&
	    t <= e + USEC_PER_DAY; t += IV)
		if (holders(pc, t) != (t > s && t <= e))
			return 0;
	return rows(pc, TOP_PIECES) <= (days > 0 ? days : 0) +
	    2 * (quarters ? 3 + 5 + 11 : 23 + 11);
}

/* Quarters and spans stored from first to last, the others all. */
static void
stored(struct top_stored *st, utc_us first, utc_us last)
{
	int	t;

	top_stored_all(st, TIER_DAY);
	for (t = TIER_QUARTER; t <= TIER_LAST; t++) {
		st->first[t] = utc_ceil(first, tier_len(t)) + tier_len(t);
		st->last[t] = utc_floor(last, tier_len(t));
	}
}

static int
covers(utc_us s, utc_us e)
{
	struct top_stored st;

	top_stored_all(&st, TIER_DAY);
	if (!covers_from(s, e, &st))
		return 0;
	top_stored_all(&st, TIER_LAST);
	return covers_from(s, e, &st);
}

/*
 * top_pieces_today: (s, complete] with complete the newest hour, then
 * the intervals (complete, e]; the day row of complete's day holds its
 * intervals up to complete only (byte totals), or with quarter only up
 * to complete's quarter (users).  Every interval of (s, e] once, none
 * around it; *today: its last day was read as the day row.
 */
static int
covers_today(utc_us s, utc_us complete, utc_us e, int quarter, int *today)
{
	struct top_piece pc[TOP_PIECES + 1];
	struct top_stored st;
	utc_us	t, last = utc_floor(complete, USEC_PER_DAY) + USEC_PER_DAY, p;
	utc_us	upto = quarter ? utc_floor(complete, RANGE_QUARTER_US) :
		    complete;
	int	i, n;

	top_stored_all(&st, TIER_LAST);
	top_pieces(s, complete, &st, pc);
	top_pieces_today(pc, upto);
	pc[TOP_PIECES] = (struct top_piece){ TIER_FIVE, complete, e };
	*today = 0;
	for (i = 0; i < TOP_PIECES; i++)
		*today |= pc[i].tier == TIER_DAY && pc[i].upto == last;
	for (t = s - USEC_PER_DAY; t <= e + USEC_PER_DAY; t += IV) {
		for (n = 0, i = 0; i <= TOP_PIECES; i++) {
			p = period_of(pc[i].tier, t);
			if (pc[i].tier == TIER_DAY && p == last && t > upto)
				continue;	/* not written yet */
			n += p > pc[i].after && p <= pc[i].upto;
		}
		if (n != (t > s && t <= e))
			return 0;
	}
	return 1;
}

int
main(void)
{
	/* 2026-11-27T00:00:00Z */
	const utc_us	day = INT64_C(1795737600) * USEC_PER_SEC;
	uint64_t	x = 88172645463325252u;
	int		i, bad = 0, bad_from = 0;

	ok(covers(day, day + USEC_PER_DAY), "one whole day");
	ok(covers(day + 10 * IV, day + 11 * IV), "one interval");
	ok(covers(day - 7 * IV, day + 3 * IV), "across midnight");
	ok(covers(day + USEC_PER_HOUR, day + 3 * USEC_PER_HOUR), "whole hours");
	ok(covers(day - 5 * IV, day + 2 * USEC_PER_DAY + 9 * IV),
	    "two days, edges inside hours");
	for (i = 0; i < 2000; i++) {
		struct top_stored st;
		utc_us	s, len, first;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s = day + (utc_us)(x % 2000) * IV;
		len = (utc_us)(1 + (x >> 20) % 1500) * IV;
		bad += !covers(s, s + len);
		first = day + (utc_us)((x >> 40) % 20) * RANGE_QUARTER_US;
		stored(&st, first, INT64_MAX / 2);
		bad_from += !covers_from(s, s + len, &st);
	}
	is_int(bad, 0, "2000 random ranges up to 5 days: each interval once");
	is_int(bad_from, 0, "the same, quarters and spans from a random one"
	    " on: each interval once, none before");
	for (bad = 0, i = 0; i < 2000; i++) {
		struct top_stored st;
		utc_us	s, len, first, last;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s = day + (utc_us)(x % 20000) * USEC_PER_HOUR / 4;
		len = (utc_us)(1 + (x >> 20) % 105408) * IV;
		first = day + (utc_us)((x >> 40) % 400) * USEC_PER_DAY;
		last = first + (utc_us)((x >> 50) % 400) * USEC_PER_DAY;
		stored(&st, first, last);
		bad += !covers_from(s, s + len, &st) ||
		    !covers(s, s + len);
	}
	is_int(bad, 0, "2000 random ranges up to 366 days, spans and"
	    " quarters from and to random ones: each interval once, none"
	    " outside");
	{
		struct top_piece pc[TOP_PIECES];
		struct top_stored st;
		/* 2026-11-20T10:30Z to 2026-11-27T10:00Z, days 20777 to 20784 */
		utc_us	s = day - 7 * USEC_PER_DAY + 10 * USEC_PER_HOUR + 6 * IV;
		utc_us	e = day + 10 * USEC_PER_HOUR;

		top_stored_all(&st, TIER_LAST);
		top_pieces(s, e, &st, pc);
		top_pieces_today(pc, e);
		is_int((int)rows(pc, TOP_PIECES), 6 + 1 + 2 + 2 + 1,
		    "a week up to the newest hour from inside an hour: 6"
		    " intervals, an hour, 2 quarters, 2 spans (days 20778 and"
		    " 20779, 20780 to 20783) and the day's row");
		top_stored_all(&st, TIER_QUARTER);
		top_pieces(s, e, &st, pc);
		top_pieces_today(pc, e);
		is_int((int)rows(pc, TOP_PIECES), 6 + 1 + 2 + 6 + 1,
		    "without spans: 6 days");
		top_stored_all(&st, TIER_DAY);
		top_pieces(s, e, &st, pc);
		is_int((int)rows(pc, TOP_PIECES), 6 + 13 + 6 + 10,
		    "nor quarters nor the day's row: 13 hours, and 10 of the"
		    " last day");
		top_stored_all(&st, TIER_LAST);
		top_pieces(day - 20 * USEC_PER_DAY, day + 10 * USEC_PER_DAY,
		    &st, pc);
		is_int((int)rows(pc, TOP_PIECES), 4, "30 whole days: 4 rows"
		    " (spans of 4, 16, 8 and 2 days)");
	}
	ok(covers_today(day - 5 * IV, day + 10 * USEC_PER_HOUR,
	    day + 10 * USEC_PER_HOUR + 7 * IV, 0, &i) && i,
	    "up to the newest hour: its day's hours read as the day's row");
	ok(covers_today(day - 5 * IV, day, day + 7 * IV, 0, &i) && !i,
	    "the newest hour ends a day: no row of the next day");
	ok(covers_today(day, day + 3 * USEC_PER_HOUR, day + 3 * USEC_PER_HOUR,
	    0, &i) && i, "a range from midnight: the day's row alone");
	ok(covers_today(day + 30 * IV, day + 3 * USEC_PER_HOUR,
	    day + 3 * USEC_PER_HOUR, 0, &i) && !i,
	    "a range from inside the day: its hours, not the row");
	ok(covers_today(day - 5 * IV, day + 10 * USEC_PER_HOUR,
	    day + 10 * USEC_PER_HOUR + 7 * IV, 1, &i) && i,
	    "users: the day's row up to the newest hour's quarter, then its"
	    " hours");
	ok(covers_today(day - 5 * IV, day + 5 * USEC_PER_HOUR,
	    day + 5 * USEC_PER_HOUR + 7 * IV, 1, &i) && !i,
	    "users, before the day's first quarter ends: its hours, no row");
	for (bad = 0, i = 0; i < 2000; i++) {
		utc_us	s, c;
		int	today;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s = day + (utc_us)(x % 2000) * IV;
		c = utc_floor(s, USEC_PER_HOUR) +
		    (utc_us)(1 + (x >> 20) % 120) * USEC_PER_HOUR;
		bad += !covers_today(s, c, c + (utc_us)((x >> 40) % 12) * IV,
		    0, &today) ||
		    !covers_today(s, c, c + (utc_us)((x >> 40) % 12) * IV,
		    1, &today);
	}
	is_int(bad, 0, "2000 random ranges up to the newest hour, the day's"
	    " row up to that hour and up to its quarter: each interval once");
	return tap_done();
}
