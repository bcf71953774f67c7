/* plan.h: which intervals a run processes, and which hours it writes */
#ifndef NETKPI_PLAN_H
#define NETKPI_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "dirscan.h"
#include "state.h"

struct plan_item {
	utc_us	 end;
	int64_t	 job_id;	/* its kpis_jobs row when processed before, else 0 */
	int	 late;		/* processed before: new or changed files */
	int	 hour;		/* write the hourly rows of its hour with it */
};

struct plan {
	struct plan_item *items;	/* oldest first */
	size_t		  n;
};

/*
 * The intervals due at now (end + delay <= now) that need processing:
 * those after the last processed one (or from the earliest file on an
 * empty database), and earlier ones with new or changed files.  Files
 * at or before the floor are skipped and counted in *skipped.
 */
void	plan_make(const struct dbstate *s, const struct flowdir *d, utc_us now,
	    int delay, struct skipcount *skipped, struct plan *p);
void	plan_free(struct plan *p);

/*
 * f belongs to an interval whose files were expired: when new or
 * changed, count it in *skipped and name it in a warning.
 */
void	plan_expired_file(const struct dbstate *s, const struct flowfile *f,
	    struct skipcount *skipped);

/* 1 when f differs from what an earlier run recorded of it (or is new). */
int	plan_file_changed(const struct dbstate *s, const struct flowfile *f);

/*
 * The first recorded, usable file of interval e that is no longer in
 * d, or NULL when all are there.
 */
const struct recfile *plan_missing(const struct dbstate *s,
	    const struct flowdir *d, utc_us e);

#endif
