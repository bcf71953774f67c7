/* runs.h: netkpi_runs, one row per run that took the lock */
#ifndef NETKPI_RUNS_H
#define NETKPI_RUNS_H

#include <stdint.h>

#include "agg.h"
#include "db.h"
#include "dirscan.h"

/* What a run did, for its netkpi_runs row. */
struct runrow {
	int			 exit_status;
	int64_t			 intervals;
	int64_t			 files, files_rejected, files_bad_rows;
	const struct skipcount	*skipped;
	/* What its expiry deleted (expire.c). */
	int64_t			 expired_files, expired_bytes, expired_rows;
	/* input_dir's flow files after it, bytes over the size (-1: NULL). */
	int64_t			 flow_files, flow_bytes, over_size;
	/* The largest tables of the last interval it read (pairs 0: none). */
	struct agg_count	 last;
};

/*
 * Prune rows older than 30 days, then insert this run's row (started
 * now, not finished); *id gets its id.
 */
int	runs_begin(MYSQL *m, int64_t *id, char *err, size_t errlen);
/*
 * Fill in the row of run id: finished now, its exit status and counts,
 * and the table sizes when it read an interval (a database without
 * their columns goes without).
 */
int	runs_end(MYSQL *m, int64_t id, const struct runrow *r, char *err,
	    size_t errlen);
/*
 * The table sizes of the newest run that recorded them, into *c (all 0:
 * none, or a database without their columns): the next run makes its
 * first interval's tables that large.  0, or -1 with err.
 */
int	runs_sizes(MYSQL *m, struct agg_count *c, char *err, size_t errlen);

#endif
