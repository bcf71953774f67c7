/* rowstore.h: the KPIs' rows kept in memory between requests, shared by the workers */
#ifndef NETKPI_ROWSTORE_H
#define NETKPI_ROWSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "kpidb.h"
#include "rowsnap.h"
#include "utctime.h"

/*
 * A worker that answers a KPI's rows asks the store first.  The store
 * holds, per KPI, one snapshot of all the KPI's rows (rowsnap.h),
 * tagged with the data version it was read at (kpidb_version): a
 * request at that version is answered from memory, with no query; any
 * other version is answered by the database.  A snapshot is read again
 * when the version moves on and, for rows changed by hand (which move
 * no version), when it is older than ROWSTORE_TTL.
 *
 * Reading a snapshot costs about as much as answering ROWSTORE_ROWS_PER
 * rows: a KPI is read only while it is asked at least once a second per
 * that many rows (and ROWSTORE_MIN_ASKED times), so rare questions and
 * large tables asked seldom stay with the database.  One worker reads,
 * the others keep answering meanwhile (from the database, or from the
 * previous snapshot while only its age ran out).  The snapshots
 * together take at most the budget (the [api] row_cache key), and a KPI
 * whose rows would not fit, or have a row the store cannot hold (a
 * NULL), is tried again after ROWSTORE_RETRY.
 */
#define ROWSTORE_TTL		USEC_PER_SEC
#define ROWSTORE_ROWS_PER	2000
#define ROWSTORE_MIN_ASKED	4
#define ROWSTORE_RETRY		(60 * USEC_PER_SEC)

struct rowstore;

/* A store of at most budget bytes (NULL when budget is 0: no store). */
struct rowstore *rowstore_new(int64_t budget);
void	rowstore_free(struct rowstore *s);

/* What rowstore_get tells a request. */
enum rowstore_say {
	ROWSTORE_HIT,		/* *snap is its rows: rowstore_release it */
	ROWSTORE_READ,		/* read the rows (at most *max_rows), then
				   rowstore_put them */
	ROWSTORE_MISS		/* ask the database */
};

/*
 * For a request at version v of the KPI with index i (in kpi_registry),
 * at time now.
 */
enum rowstore_say rowstore_get(struct rowstore *s, size_t i,
	    const struct kpi_version *v, utc_us now,
	    const struct rowsnap **snap, size_t *max_rows);
/*
 * After ROWSTORE_READ: the rows read (taken over), or NULL when reading
 * failed (the database was down: the KPI is read again ROWSTORE_TTL
 * later); unfit when they cannot be kept (more than *max_rows, or a row
 * the store cannot hold: tried again ROWSTORE_RETRY later).  Returns
 * the new snapshot for the request (rowstore_release it), or NULL.
 */
const struct rowsnap *rowstore_put(struct rowstore *s, size_t i,
	    const struct kpi_version *v, utc_us now, struct rowsnap *rows,
	    int unfit);
void	rowstore_release(struct rowstore *s, const struct rowsnap *snap);

/* What the store did so far (for the metrics). */
struct rowstore_stats {
	int64_t	bytes;		/* of the snapshots held */
	int64_t	rows;		/* in them */
	int64_t	hits;		/* answers from memory */
	int64_t	reads;		/* snapshots read */
};

void	rowstore_stats(struct rowstore *s, struct rowstore_stats *st);

#endif
