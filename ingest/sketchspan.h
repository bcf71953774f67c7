/* sketchspan.h: the spans of days of netkpi_sketches (tiers 5 to 9), merged from the days as the hours that end them are written, and back from the first */
#ifndef NETKPI_SKETCHSPAN_H
#define NETKPI_SKETCHSPAN_H

#include <stddef.h>

#include "sketchio.h"
#include "utctime.h"

/*
 * first and last: the tiers' extents (sketchio_extents) as the hour's
 * rows left them.
 *
 * After hour h is written (its day's row too): for each length, finer
 * first, the spans that end by h after the newest written (with none
 * written: the newest that ends by h), then one with rows before the
 * oldest, each merged from the finer tier's rows in it, when that tier
 * has them all (range.h, netkpi-sql(7)).  Inside the caller's
 * transaction.
 */
int	sketchspan_add(struct sketchio *io, const utc_us *first,
	    const utc_us *last, utc_us h, char *err, size_t errlen);

/*
 * The spans written that hold the day ending at d, merged again from
 * the finer tiers, finer first: after a late file changed the day.
 */
int	sketchspan_redo(struct sketchio *io, const utc_us *first,
	    const utc_us *last, utc_us d, char *err, size_t errlen);

#endif
