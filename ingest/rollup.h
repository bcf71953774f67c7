/* rollup.h: every key's total per interval, complete hour and day (netkpi_totals), in the interval's transaction */
#ifndef NETKPI_ROLLUP_H
#define NETKPI_ROLLUP_H

#include <stddef.h>

#include <mysql.h>

#include "kpi.h"

struct ivwrite;

/* The statements of one connection; NULL with err when preparing failed. */
struct rollup *rollup_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen);
void	rollup_free(struct rollup *ru);

/*
 * Write the totals of every key of w's five-minute period for each
 * bytes KPI in effect (a redone interval, w->job_id set, replaces its
 * rows).  An hour's rows are written with the hour (w->nperiods 2),
 * summed from its intervals, and added to its day; when the hour had
 * rows before, or w is redone, the day is summed again from its hours.
 * A day's rows thus hold its complete hours, and an hour not complete
 * has none: a range reads its intervals (fcgi/kpidb_top.c).  Runs
 * inside the caller's transaction.
 */
int	rollup_write(struct rollup *ru, const struct ivwrite *w, char *err,
	    size_t errlen);
/*
 * The five-minute totals kept for their hours (rollup_write sums an
 * hour of intervals it wrote itself in memory) forgotten: after a
 * transaction that did not commit.
 */
void	rollup_forget(struct rollup *ru);

#endif
