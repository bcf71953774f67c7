/* sketchio.h: the rows of netkpi_sketches of one KPI: merged into sketches, written, deleted, and each tier's extent */
#ifndef NETKPI_SKETCHIO_H
#define NETKPI_SKETCHIO_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

#include "hllset.h"
#include "range.h"
#include "utctime.h"

/* The statements of one connection; NULL with err when preparing failed. */
struct sketchio *sketchio_new(MYSQL *m, int64_t kpi, char *err,
	    size_t errlen);
void	sketchio_free(struct sketchio *io);

/*
 * Merge the stored sketches of tier with ends in (after, upto] into s,
 * each key's into its own (made when new); a row that is not a sketch
 * is left out with a warning.
 */
int	sketchio_merge(struct sketchio *io, int64_t tier, utc_us after,
	    utc_us upto, struct hllset *s, char *err, size_t errlen);

/*
 * Write every sketch of s as the rows of period (tier, end), in key
 * order, replacing those of its keys that are there; encoded by two
 * threads while the rows are sent.  Hours and days are stored dense
 * from HLL_DENSE_FROM registers set, quarters and spans from a quarter
 * of that, intervals in their shortest form.
 */
int	sketchio_put(struct sketchio *io, int64_t tier, utc_us end,
	    const struct hllset *s, char *err, size_t errlen);

/*
 * The rows of period (tier, end) replaced by s's: those of keys s has
 * not deleted too (a period merged again may have lost keys).
 */
int	sketchio_replace(struct sketchio *io, int64_t tier, utc_us end,
	    const struct hllset *s, char *err, size_t errlen);

/*
 * sketchio_replace of an interval's sketches (tier 1) encoded ahead
 * (sketchenc_make, from HLL_M + 1): the same rows.
 */
struct sketchenc;
int	sketchio_replace_encoded(struct sketchio *io, utc_us end,
	    const struct sketchenc *e, char *err, size_t errlen);

/*
 * The first and last period end of each tier 1 .. TIER_LAST into
 * first[tier] and last[tier] (0: it has no row).
 */
int	sketchio_extents(struct sketchio *io, utc_us first[TIER_LAST + 1],
	    utc_us last[TIER_LAST + 1], char *err, size_t errlen);

#endif
