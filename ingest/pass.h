/* pass.h: one catch-up pass: read, aggregate and store each planned interval */
#ifndef NETKPI_PASS_H
#define NETKPI_PASS_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "dirscan.h"
#include "flowread.h"
#include "plan.h"
#include "state.h"
#include "store.h"

struct pass {
	const struct dbstate	*state;
	const struct flowdir	*dir;
	struct flowread		*reader;
	struct store		*store;
	int			 top_n;
	kpi_mask		 kpis;		/* the KPIs in effect */
	/* What the pass wrote (or printed), for netkpi_runs: */
	int64_t			 intervals;
	int64_t			 files_read;	/* as in total_file_count */
	int64_t			 files_rejected;
	int64_t			 files_bad_rows;
	/* The tables of the last interval read (zeroed: none yet). */
	struct agg_size		 last;
};

/*
 * Make the first interval's tables for c's keys, users and pairs (the
 * last run's: runs_sizes), as each next one's are made for the last.
 */
void	pass_start_sizes(struct pass *ps, const struct agg_count *c);
/* The largest of the last interval's tables into *c (all 0: none read). */
void	pass_last_sizes(const struct pass *ps, struct agg_count *c);

/* Process every item of p in order; returns -1 with err on a store error. */
int	pass_run(struct pass *ps, const struct plan *p, char *err,
	    size_t errlen);

#endif
