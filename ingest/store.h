/* store.h: where one interval's rows go: the database, or --dry-run's lines */
#ifndef NETKPI_STORE_H
#define NETKPI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "db.h"
#include "dirscan.h"
#include "flowread.h"
#include "hllset.h"
#include "kpi.h"

/*
 * The top-N rows of one KPI over one period: top[0..n); the values of
 * its other keys follow them, in no order, up to top[nall).
 */
struct kpirows {
	const struct kpi *kpi;
	const struct kv	 *top;		/* value descending, ties by key */
	size_t		  n;
	size_t		  nall;
};

/*
 * One period, a five-minute interval or an hour: the top-N rows of each
 * KPI in effect, in registry order.
 */
struct period {
	utc_us		 start, end;
	enum kpi_interval interval;	/* five minutes or one hour */
	struct kpirows	*kpis;
	size_t		 nkpis;
};

/* Everything one interval writes. */
struct ivwrite {
	utc_us			 end;
	int64_t			 job_id;	/* 0: a new kpis_jobs row */
	/* Its hour was written before: its last interval was processed. */
	int			 hour_written;
	int64_t			 files_read;
	int64_t			 rows_ok, rows_bad, empty_counters;
	/* Its five minutes, then its hour when that is written too. */
	const struct period	*periods[2];
	int			 nperiods;
	const struct flowfile	*files;
	const struct fileresult	*res;
	size_t			 nfiles;
	/* Its users' sketches per cell (sketchw.h), or NULL. */
	const struct hllset	*users;
	/* The same encoded for their rows (sketchenc.h), or NULL. */
	const struct sketchenc	*users_enc;
};

/*
 * A store: the database writer (dbwrite.c) or the dry-run printer
 * (dryrun.c).  Both put the rows of an interval in the same order, the
 * one the API's order by id relies on: for each KPI in registry order
 * its five-minute rows, then its hourly rows; then the kpis_jobs row.
 */
struct store {
	/*
	 * Write w: the database writes its rows, its kpis_jobs row and the
	 * bookkeeping in one transaction (intervals without files may share
	 * one).  Returns -1 (rolled back) on a database error.
	 */
	int	(*write)(struct store *s, const struct ivwrite *w, char *err,
		    size_t errlen);
	/* Commit what is pending. */
	int	(*finish)(struct store *s, char *err, size_t errlen);
	/* Free; what was not committed is rolled back by the server. */
	void	(*free)(struct store *s);
	/* 1: write takes w->users (the printer does not: none are built). */
	int	takes_users;
};

/*
 * The writer on m, for the KPIs in kpis (their statements prepared
 * here), or NULL with err; the printer (JSON lines on stdout, never NULL).  The
 * caller frees either with its free.
 */
struct store *dbwrite_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen);
struct store *dryrun_new(void);

#endif
