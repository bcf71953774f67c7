/* sketchw.h: every cell's sketch of users per interval, hour, day, quarter day and span of days (netkpi_sketches), in the interval's transaction */
#ifndef NETKPI_SKETCHW_H
#define NETKPI_SKETCHW_H

#include <stddef.h>

#include <mysql.h>

#include "agg.h"
#include "hllset.h"
#include "kpi.h"

struct ivwrite;

/* The statements of one connection; NULL with err when preparing failed. */
struct sketchw *sketchw_new(MYSQL *m, kpi_mask kpis, char *err,
	    size_t errlen);
void	sketchw_free(struct sketchw *sw);

/*
 * Write w's sketches (w->users) as the rows of its interval.  When w
 * writes its hour (a second period), merge the hour's sketches from its
 * intervals'.  The intervals that sw wrote before in the same hour, one
 * after the other, are merged from memory; the others are read back.
 * An hour's rows are thus written once the hour is complete: a range's
 * newest hour that is not is read from its intervals (kpidb_top.c).  A
 * quarter's rows (range.h) are written once, with its last hour, merged
 * from its hours (those this connection wrote one after the other from
 * memory), and merged into its day's (the day row this connection
 * wrote last from memory, else read back): a day's row holds its
 * quarters up to the newest written, and is written 4 times a day, not
 * 24.  The quarters after the newest written whose last hour was not
 * come with the next hour, from their hours, and go into their days
 * too.  A redone hour (w->job_id set) has its day merged again from
 * its hours up to the newest hour's quarter, and its quarter from its
 * hours when quarters were written from before it to after it.  The
 * spans of days follow each hour, and a redone hour's day
 * (sketchspan.h).  Runs inside the caller's transaction.
 */
int	sketchw_write(struct sketchw *sw, const struct ivwrite *w, char *err,
	    size_t errlen);

/*
 * Forget what sw kept of the periods it wrote (sketchw_write merges the
 * hour and the day from it): when the transaction that wrote them is
 * rolled back.
 */
void	sketchw_forget(struct sketchw *sw);

#endif
