/* kpidb.h: one thread's database connection and its KPI queries */
#ifndef NETKPI_KPIDB_H
#define NETKPI_KPIDB_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "res.h"

/* The filters of a KPI request; has_* 0 means "not given". */
struct kpi_filter {
	int	has_start, has_end;
	utc_us	start, end;
	int	interval;		/* 0: any */
};

/* One fetched row. */
struct kpi_row {
	int64_t		id, interval, key, value;
	MYSQL_TIME	start, end;
};

/*
 * What the workers of one process know of the database: while its last
 * attempt failed, one worker at a time tries it again and the others
 * answer at once instead of each waiting up to db_timeout.  A hung
 * database then holds one worker, not all of them.
 */
struct dbgate {
	atomic_int	down;		/* the last attempt failed */
	atomic_int	probing;	/* a worker is trying it now */
};

#define KPIDB_NKPI	2
#define KPIDB_NMASK	8

/*
 * A connection made on first use and again after it failed; its
 * prepared statements are cached per KPI and filter combination.
 */
struct kpidb {
	struct db_params p;		/* points into the config */
	MYSQL		*m;
	MYSQL_STMT	*st[KPIDB_NKPI][KPIDB_NMASK];
	struct kpi_row	 row;
	MYSQL_STMT	*cur;		/* the statement being fetched */
	struct dbgate	*gate;		/* shared by the workers, or NULL */
	int		 probe;		/* this request holds gate->probing */
};

/* gate may be NULL (one request, or a check): no gating. */
void	kpidb_init(struct kpidb *d, const struct db_params *p,
	    struct dbgate *gate);
void	kpidb_close(struct kpidb *d);

/*
 * Connect (when not connected) and check that the database was
 * migrated for the API.  Returns 0, or -1 with a message in err.
 */
int	kpidb_connect(struct kpidb *d, char *err, size_t errlen);

/*
 * Run the query of kpi with f, reconnecting once when the connection
 * turns out to be dead.  Rows come from kpidb_fetch into d->row.  While
 * the gate says the database is down and another worker is trying it,
 * fails at once.  The gate logs when the database goes away and comes
 * back; err says why this request failed.
 */
int	kpidb_select(struct kpidb *d, const struct kpi_desc *kpi,
	    const struct kpi_filter *f, char *err, size_t errlen);
/* 1: a row in d->row; 0: no more rows; -1: error (message in err). */
int	kpidb_fetch(struct kpidb *d, char *err, size_t errlen);
/* Discard the rest of the result (HEAD, a client that went away). */
void	kpidb_done(struct kpidb *d);

/*
 * watch11: the gate around other queries on d (kpidb_status.c).
 * enter: 0 may go on, -1 another worker is trying the database.
 * leave: how it went (ok 0: err says why; logged on a change).
 */
int	kpidb_gate_enter(struct kpidb *d);
void	kpidb_gate_leave(struct kpidb *d, int ok, const char *err);

#endif
