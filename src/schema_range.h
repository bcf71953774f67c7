/* schema_range.h: the tables behind answers over a range (per-key totals, sketches) */
#ifndef NETKPI_SCHEMA_RANGE_H
#define NETKPI_SCHEMA_RANGE_H

#include <stddef.h>

/*
 * The tiers of netkpi_totals and netkpi_sketches: a row holds one key's
 * value over a five-minute interval, an hour or a day (UTC), named by
 * the period's end.
 */
enum range_tier { TIER_FIVE = 1, TIER_HOUR = 2, TIER_DAY = 3 };

/* The tables, by name and columns, for schema.c's CREATE TABLE. */
extern const char *const schema_range_tables[][2];
extern const size_t schema_range_ntables;

#endif
