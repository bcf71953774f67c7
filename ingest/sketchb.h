/* sketchb.h: every cell's sketch of users over an interval, built from the aggregate's (cell, user) pairs */
#ifndef NETKPI_SKETCHB_H
#define NETKPI_SKETCHB_H

#include "agg.h"
#include "hllset.h"
#include "kpi.h"

/* The KPI of kpis whose values are sketched (range_sketch_kpi), or NULL. */
const struct kpi *sketch_kpi(kpi_mask kpis);

/*
 * What building sketches keeps from one interval to the next (arrays
 * that would be new pages each time); one thread's at a time.
 */
struct sketchb *sketchb_new(void);
void	sketchb_free(struct sketchb *sb);

/*
 * The sketches of the distinct count of the KPIs in kpis (KPI 2, per
 * cell) over the rows of a, into out (empty when no such KPI is in
 * effect).  A cell's sketch is sparse while a quarter of its registers
 * or fewer are set (HLL_SPARSE_BULK).
 */
void	sketch_interval(struct sketchb *sb, const struct agg *a, kpi_mask kpis,
	    struct hllset *out);

#endif
