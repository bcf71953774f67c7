/* hour.h: the exact values of the hours a run writes (plan.h decides which) */
#ifndef NETKPI_HOUR_H
#define NETKPI_HOUR_H

#include <stddef.h>

#include "agg.h"
#include "dirscan.h"
#include "flowread.h"
#include "kpi.h"
#include "plan.h"
#include "state.h"

/*
 * The exact values of an hour are those of all rows of its files
 * (README: Ingest, Exact hourly values): the intervals of the hour that
 * the run read are added up as it goes, and when the interval that
 * writes the hour is done, the hour's other intervals are read again
 * from their files.
 */
struct hour;

/*
 * Gather the hours of plan p (which must outlive it) for the KPIs in
 * kpis, through reader fr, from the files of d that state s knows of.
 */
struct hour *hour_new(const struct plan *p, kpi_mask kpis,
	    struct flowread *fr, const struct flowdir *d,
	    const struct dbstate *s);
void	hour_free(struct hour *h);

/*
 * Item i of the plan was read into a: h takes a (and frees it when
 * the hour does not need it).
 */
void	hour_add(struct hour *h, size_t i, struct agg *a);

/* Item i of the plan cannot be redone: its hour is left as it was too. */
void	hour_broken(struct hour *h, size_t i);

/*
 * For item i that writes its hour: read the hour's intervals not read
 * yet and return the hour's aggregate (h keeps it), or NULL when a file
 * read before is gone (logged: the hour is left as it was).
 */
const struct agg *hour_complete(struct hour *h, size_t i);

#endif
