/* kpidb_status.h: what the ingest last did, read from netkpi's own tables */
#ifndef NETKPI_KPIDB_STATUS_H
#define NETKPI_KPIDB_STATUS_H

#include <stdint.h>

#include "kpidb.h"
#include "status_retention.h"
#include "utctime.h"

/* The last interval processed and the last run (has_* 0: none). */
struct ingest_status {
	int64_t	 schema_version;
	int	 has_interval;		/* netkpi_intervals has a row */
	utc_us	 interval_end;		/* its end_date */
	utc_us	 processed;		/* when it was written */
	int64_t	 files, rows, rejected_rows, empty_counters;
	int	 has_run;		/* netkpi_runs has a row */
	utc_us	 run_started;
	int	 has_finished;		/* 0: running, or it died */
	utc_us	 run_finished;
	int64_t	 exit_status;		/* when has_finished */
	struct retention_status ret;
};

#define KPIDB_STATUS_DOWN	-1	/* the database does not answer */
#define KPIDB_STATUS_REFUSED	-2	/* it answered with an error */

/*
 * Read the ingest status over d's connection (one prepared statement,
 * through the gate of kpidb_select: while the database is down and
 * another worker tries it, fails at once).  Returns 0, or
 * KPIDB_STATUS_DOWN or KPIDB_STATUS_REFUSED (for example the API user
 * lacks SELECT on netkpi_intervals; the database still counts as up)
 * with a message in err.
 */
int	kpidb_status(struct kpidb *d, struct ingest_status *s, char *err,
	    size_t errlen);

#endif
