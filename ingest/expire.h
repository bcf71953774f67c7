/* expire.h: retention: what an ingest run deletes after it writes */
#ifndef NETKPI_EXPIRE_H
#define NETKPI_EXPIRE_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "db.h"
#include "kpi.h"
#include "retention.h"
#include "utctime.h"

/* Seconds an expiry may take; the next run does what is left. */
#define EXPIRE_SECONDS	60

struct expiry {
	MYSQL			*m;
	const struct retention	*r;
	const char		*input_dir;
	utc_us			 now;
	int			 dry_run;	/* print, delete nothing */
	int			 top_n;
	kpi_mask		 kpis;
	double			 deadline;	/* utc_mono() to stop at */
	/* What it did (or would do): */
	int64_t			 files, bytes, rows;
	/* input_dir's flow files after it (-1: not measured). */
	int64_t			 dir_files, dir_bytes;
	int64_t			 over_size;	/* bytes that could not go */
};

/*
 * Expire flow files, then rows, as x->r says; counts in x.  Returns
 * -1 on a database or directory error (logged; err is room for it):
 * what was done stays done, and the next run finishes the rest.
 */
int	expire_run(struct expiry *x, char *err, size_t errlen);

struct runrow;

/*
 * The expiry of an ingest run (after its intervals, or alone with
 * --expire) as c's [retention] says, at now; its counts go to row.
 * Returns -1 on an error (logged).
 */
int	expire_ingest(MYSQL *m, const struct conf *c, utc_us now, int dry_run,
	    struct runrow *row);

/* The flow-file part (expire_files.c). */
int	expire_files(struct expiry *x, char *err, size_t errlen);
/*
 * The bookkeeping of the intervals up to to, whose files are gone
 * (netkpi_intervals but its newest row, netkpi_files), in short
 * transactions (expire_rows.c).
 */
int	expire_books(struct expiry *x, utc_us to, char *err, size_t errlen);
/* The row part (expire_rows.c). */
int	expire_rows(struct expiry *x, char *err, size_t errlen);

#endif
