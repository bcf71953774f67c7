/* kpidb.h: a worker's database connection, statements and KPI queries */
#ifndef NETKPI_KPIDB_H
#define NETKPI_KPIDB_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "dbgate.h"
#include "filter.h"
#include "kpi.h"
#include "rowbin.h"
#include "rows.h"
#include "rowsnap.h"

struct rowstore;

/*
 * The largest answer read whole and sorted by id here, not by the
 * database.  Sorting in the database is a filesort: every row's fields
 * packed into a sort buffer, sorted, unpacked, about a fifth of a
 * 5,000-row answer's time.  The rows come sorted by an index, by time,
 * and are nearly in id order already; sorting them here costs little.
 * Larger answers are sorted by the database and streamed, so a
 * worker's memory stays under 460 KB of rows (56 bytes each).
 */
#define KPIDB_SORT_MAX	8192

/*
 * The data version a KPI's answers derive from: netkpi_version (the
 * ingest advances it in every transaction that writes KPI rows) and
 * the largest id of the KPI's table (rows others insert).  known is 0
 * when the API user may not read netkpi_version: answers then carry no
 * validators.
 */
struct kpi_version {
	int	known;
	int64_t	version;
	int64_t	max_id;
	utc_us	committed;	/* when that version was committed */
	utc_us	read_at;	/* when this was read */
	/*
	 * The expiry's version, when it was committed, and the newest
	 * interval end it deleted (expired_to 0: nothing deleted, or a
	 * database not migrated since: the expiry bumps version then).
	 */
	int64_t	expired_version;
	utc_us	expired_committed;
	utc_us	expired_to;
};

/* The KPIs one connection keeps versions of (as many as a kpi_mask). */
#define KPIDB_MAX_KPIS	32

/* The kinds of statement a connection keeps prepared. */
enum kpidb_stmt_kind {
	KPIDB_STMT_ROWS,	/* a KPI's rows under a set of conditions, the
				   first KPIDB_SORT_MAX + 1 in index order */
	KPIDB_STMT_ROWS_BY_ID,	/* the same, all of them, sorted by id */
	KPIDB_STMT_VERSION,	/* a KPI's data version */
	KPIDB_STMT_STATUS,	/* the ingest status (no KPI) */
	KPIDB_STMT_TOP,		/* a KPI's top keys over a range (kpidb_top.c) */
	KPIDB_STMT_TOP_COUNT,	/* the intervals with data of a range */
	KPIDB_STMT_TOP_NEWEST,	/* the newest interval with data */
	KPIDB_STMT_TOP_HOURS,	/* a KPI's newest hour of totals or sketches */
	KPIDB_STMT_ALL		/* all of a KPI's rows, by id (the store) */
};

/* What names a prepared statement in a connection's cache. */
struct kpidb_stmt_key {
	enum kpidb_stmt_kind kind;
	const struct kpi *kpi;		/* NULL for KPIDB_STMT_STATUS */
	unsigned	 present;	/* the conditions (filter.h) of the
					   KPIDB_STMT_ROWS kinds; 1 for the
					   version query without the
					   expiry's columns; else 0 */
};

struct kpidb_stmt {
	struct kpidb_stmt_key key;
	MYSQL_STMT	*st;
};

/*
 * A connection made on first use and again after it failed; its
 * prepared statements are cached per KPI and set of conditions.
 */
struct kpidb {
	struct db_params p;		/* points into the config */
	kpi_mask	 kpis;		/* the KPIs in effect */
	MYSQL		*m;
	struct kpidb_stmt *stmts;	/* owned; closed with the connection */
	size_t		 nstmts;
	struct kpi_fetched fetched;	/* the statement's result binds */
	struct rowbin	 bin;		/* or its rows decoded straight */
	struct kpi_row	 one;		/* the row fetched, packed */
	const struct kpi_row *row;	/* the row kpidb_fetch gave */
	struct rows	 batch;		/* an answer read whole, by id */
	MYSQL_STMT	*cur;		/* the statement being fetched */
	struct dbgate	*gate;		/* shared by the workers, or NULL */
	int		 probe;		/* this request holds gate->probing */
	int		 unversioned;	/* this connection cannot read versions */
	int		 no_expired;	/* netkpi_version has no expired_* */
	struct kpi_version versions[KPIDB_MAX_KPIS]; /* read this second */
	struct rowstore	*store;		/* shared by the workers, or NULL */
	const struct rowsnap *snap;	/* an answer read from it, held */
	struct rowsnap_bounds bounds;	/* that answer's conditions */
	size_t		 snap_at;	/* its next row to look at */
};

/*
 * kpis: the KPIs in effect (conf.kpis), whose tables must be migrated.
 * gate may be NULL (one request, or a check): no gating.
 */
void	kpidb_init(struct kpidb *d, const struct db_params *p, kpi_mask kpis,
	    struct dbgate *gate);
void	kpidb_close(struct kpidb *d);

/*
 * Connect (when not connected) and check that the database was
 * migrated for the API: every KPI in effect has the indexes --migrate
 * adds for the filters.  Returns 0, or -1 with a message in err.
 */
int	kpidb_connect(struct kpidb *d, char *err, size_t errlen);

/*
 * The statement cache of a connection (kpidb_stmt.c).  kpidb_cached:
 * the statement under key, or NULL.  kpidb_prepare: sql prepared and
 * kept under key (which has none yet) until the connection closes.
 * kpidb_prepared: the one or the other.  NULL when preparing failed:
 * err, and *errnum (when not NULL) the server's error number, or 0
 * when the connection failed before one.  kpidb_stmts_close closes
 * them all.
 */
MYSQL_STMT *kpidb_cached(const struct kpidb *d,
	    const struct kpidb_stmt_key *key);
MYSQL_STMT *kpidb_prepare(struct kpidb *d, const struct kpidb_stmt_key *key,
	    const char *sql, unsigned *errnum, char *err, size_t errlen);
MYSQL_STMT *kpidb_prepared(struct kpidb *d, const struct kpidb_stmt_key *key,
	    const char *sql, unsigned *errnum, char *err, size_t errlen);
void	kpidb_stmts_close(struct kpidb *d);

/*
 * The row queries (kpidb_rows.c).  Run the query of kpi with f,
 * reconnecting once when the connection turns out to be dead.  Rows
 * come from kpidb_fetch into d->row, in id order.  An answer of up
 * to KPIDB_SORT_MAX rows is read whole here, so that a database that
 * fails while it is read fails the select (a 503, not an answer cut
 * short).  While the gate says the database is down and another
 * worker is trying it, fails at once.  The gate logs when the
 * database goes away and comes back; err says why this request
 * failed.
 */
int	kpidb_select(struct kpidb *d, const struct kpi *kpi,
	    const struct filter_values *f, char *err, size_t errlen);
/*
 * The data version of kpi's answers into *v (kpidb_version.c),
 * through the gate and with the reconnect of kpidb_select.  Read it
 * before the rows: a version older than the rows only costs a client
 * a refetch later, a newer one would let it keep rows it does not
 * have.  A version read in the current second is used again without
 * asking the database (its answers' lifetime in nginx's cache ends
 * with that second anyway).
 */
int	kpidb_version(struct kpidb *d, const struct kpi *kpi,
	    struct kpi_version *v, char *err, size_t errlen);
/*
 * 1: a row in *d->row (valid until the next call); 0: no more rows;
 * -1: error (message in err).
 */
int	kpidb_fetch(struct kpidb *d, char *err, size_t errlen);
/* Discard the rest of the result (HEAD, a client that went away). */
void	kpidb_done(struct kpidb *d);

/*
 * Shared by the row queries and the store's reading (kpidb_rows.c):
 * bind st's result (the columns of a row, the interval left out when
 * fixed) to d->one; fetch the next row into it (mysql_stmt_fetch's 0,
 * MYSQL_NO_DATA, or 1: an error); why the fetch failed, into err.
 */
int	kpidb_row_bind(struct kpidb *d, MYSQL_STMT *st, int fixed, char *err,
	    size_t errlen);
int	kpidb_row_fetch(struct kpidb *d);
void	kpidb_row_error(const struct kpidb *d, char *err, size_t errlen);

/*
 * The answers from the store (kpidb_store.c): 1 when the store answers
 * kpi with f at the data version v (kpidb_version), reading the KPI's
 * rows first when the store says so; its rows then come from
 * kpidb_fetch, as kpidb_select's do (an answer of up to KPIDB_SORT_MAX
 * rows copied and sorted, a larger one read from the store's rows in
 * id order, held until kpidb_fetch ends it or kpidb_done).  0 when the
 * database must answer: kpidb_select.
 */
int	kpidb_store_select(struct kpidb *d, const struct kpi *kpi,
	    const struct filter_values *f, const struct kpi_version *v);

/*
 * The attempt logic (kpidb.c): one query on d's connection
 * (kpidb_select's and kpidb_version's, and those of other modules,
 * such as kpidb_status.c).  op connects (kpidb_connect) and runs it;
 * it returns 0, -1 when the connection failed, or KPIDB_REFUSED when
 * the server answered with an error (a missing grant or table: the
 * connection is fine).  A connection that failed is closed, and op
 * runs once more when it failed at once (a server restarted since
 * the last request).  Through the gate: -1 at once while the
 * database is known down and another worker is trying it.  Returns
 * op's result; err says why it failed.
 */
#define KPIDB_REFUSED	1
typedef int (*kpidb_op)(struct kpidb *d, const void *arg, char *err,
    size_t errlen);
int	kpidb_attempt(struct kpidb *d, kpidb_op op, const void *arg,
	    char *err, size_t errlen);

#endif
