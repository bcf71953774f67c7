/* store.h: write one interval's rows in one transaction (or print them) */
#ifndef NETKPI_STORE_H
#define NETKPI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "db.h"
#include "dirscan.h"
#include "flowread.h"

/* The top-N rows of one KPI period. */
struct kpiset {
	utc_us		 start, end;
	int		 interval;	/* 1: five minutes, 2: one hour */
	const struct kv	*svc;
	size_t		 nsvc;
	const struct kv	*cell;
	size_t		 ncell;
};

/* Everything one interval writes. */
struct ivwrite {
	utc_us			 end;
	int64_t			 job_id;	/* 0: a new kpis_jobs row */
	int64_t			 files_read;
	int64_t			 rows_ok, rows_bad, empty_counters;
	struct kpiset		 five;
	int			 have_hour;
	struct kpiset		 hour;
	const struct flowfile	*files;
	const struct fileresult	*res;
	size_t			 nfiles;
};

struct store;

/* A store on m, or a dry-run printer (JSON lines on stdout) when m is NULL. */
struct store *store_new(MYSQL *m, char *err, size_t errlen);
/*
 * Write w: its 5-minute rows, the hourly rows, its kpis_jobs row and
 * the bookkeeping, all in one transaction.  Intervals without files
 * may share a transaction.  Returns -1 (rolled back) on a database error.
 */
int	store_write(struct store *s, const struct ivwrite *w, char *err,
	    size_t errlen);
/* Commit what is pending. */
int	store_finish(struct store *s, char *err, size_t errlen);
/* Free; what was not committed is rolled back by the server. */
void	store_free(struct store *s);

#endif
