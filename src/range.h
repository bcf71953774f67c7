/* range.h: what answers over a range keep: the tiers of netkpi_totals, and which KPIs keep every key */
#ifndef NETKPI_RANGE_H
#define NETKPI_RANGE_H

#include "kpi.h"
#include "utctime.h"

/*
 * The tiers of netkpi_totals and netkpi_sketches (src/tables.c): a row
 * holds one key's value over a five-minute interval, an hour or a day
 * (UTC), named by the period's end; netkpi_sketches also over a quarter
 * of a day (six hours, ending at 06:00, 12:00, 18:00 and midnight),
 * which shortens a range's edges, and over spans of 2, 4, 8, 16 and 32
 * days (tiers 5 to 9: span k of 2^k days, aligned on 1970-01-01), which
 * shorten its middle: 7 whole days are read as 3 rows a key, not 7.
 */
enum range_tier { TIER_FIVE = 1, TIER_HOUR = 2, TIER_DAY = 3, TIER_QUARTER = 4 };
#define RANGE_QUARTER_US	(6 * USEC_PER_HOUR)
#define RANGE_SPANS		5
#define TIER_SPAN(k)		(TIER_QUARTER + (k))
#define TIER_LAST		TIER_SPAN(RANGE_SPANS)
#define RANGE_SPAN_US(k)	(USEC_PER_DAY << (k))

/*
 * The first and last period end of each tier 1 .. TIER_LAST of
 * netkpi_sketches for one KPI (its kpi_id bound to all 18 parameters):
 * one row of 18 columns, MIN and MAX of tier 1, then of tier 2...,
 * each two dives into the primary key (a GROUP BY `tier` reads every
 * row of the KPI: 2.4 s at 8 days).
 */
#define RANGE_ENDS_(t) \
	"(SELECT MIN(`period_end`) FROM `netkpi_sketches` WHERE `kpi_id` = ?" \
	" AND `tier` = " #t "), (SELECT MAX(`period_end`) FROM" \
	" `netkpi_sketches` WHERE `kpi_id` = ? AND `tier` = " #t ")"
#define RANGE_EXTENTS_SQL \
	"SELECT " RANGE_ENDS_(1) ", " RANGE_ENDS_(2) ", " RANGE_ENDS_(3) \
	", " RANGE_ENDS_(4) ", " RANGE_ENDS_(5) ", " RANGE_ENDS_(6) \
	", " RANGE_ENDS_(7) ", " RANGE_ENDS_(8) ", " RANGE_ENDS_(9)
#define RANGE_EXTENTS_COLS	(2 * TIER_LAST)
_Static_assert(TIER_LAST == 9, "RANGE_EXTENTS_SQL names tiers 1 to 9");

/* 1 when KPI k keeps every key's byte total (a bytes aggregate). */
int	range_bytes_kpi(const struct kpi *k);
/* 1 when KPI k keeps every key's sketch of users (a distinct count). */
int	range_sketch_kpi(const struct kpi *k);

#endif
