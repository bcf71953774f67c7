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
	int			 own_version;	/* netkpi_version.expired_* */
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
/*
 * The rows of the answers over a range (netkpi_totals, _sketches) of
 * tiers lo to hi whose period ended before cut, a period of a KPI a
 * transaction (expire_range.c); with x->dry_run, their counts printed.
 */
int	expire_range(struct expiry *x, int lo, int hi, utc_us cut, char *err,
	    size_t errlen);

/* The transactions of the row part and the range tables (expire_tx.c). */
/* Run sql with the integers, then the times, given as parameters. */
int	expire_sql(MYSQL *m, const char *sql, const utc_us *times,
	    size_t ntimes, const int64_t *ints, size_t nints,
	    int64_t *affected, char *err, size_t errlen);
/*
 * End a transaction that deleted rows ending at or before upto: with
 * rc 0, the expiry's version bumped (netkpi_version.expired_version,
 * _committed, and expired_to raised to upto: the answers whose range
 * starts before it change their validators, no other) and COMMIT;
 * else (or when that fails) a rollback.  Returns rc or -1.
 */
int	expire_commit(struct expiry *x, int rc, utc_us upto, char *err,
	    size_t errlen);
/* Rest secs seconds, as long as a transaction took. */
void	expire_pace(double secs);

#endif
