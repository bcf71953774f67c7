/* rollup.h: every key's total per interval, hour and day (netkpi_totals), in the interval's transaction */
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
 * bytes KPI in effect, and bring its hour and day up to date: a new
 * interval's totals are added to them; a redone interval (w->job_id
 * set) replaces its rows, and its hour and day are summed again from
 * the finer tier.  Runs inside the caller's transaction.
 */
int	rollup_write(struct rollup *ru, const struct ivwrite *w, char *err,
	    size_t errlen);

#endif
