/* range.h: what answers over a range keep: the tiers of netkpi_totals, and which KPIs keep every key */
#ifndef NETKPI_RANGE_H
#define NETKPI_RANGE_H

#include "kpi.h"

/*
 * The tiers of netkpi_totals (src/tables.c): a row holds one key's
 * value over a five-minute interval, an hour or a day (UTC), named by
 * the period's end.
 */
enum range_tier { TIER_FIVE = 1, TIER_HOUR = 2, TIER_DAY = 3 };

/* 1 when KPI k keeps every key's byte total (a bytes aggregate). */
int	range_bytes_kpi(const struct kpi *k);
/* 1 when KPI k keeps every key's sketch of users (a distinct count). */
int	range_sketch_kpi(const struct kpi *k);

#endif
