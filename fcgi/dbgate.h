/* dbgate.h: while the database is down, one worker at a time tries it */
#ifndef NETKPI_DBGATE_H
#define NETKPI_DBGATE_H

#include <stdatomic.h>

/*
 * What the workers of one process know of the database: while its last
 * attempt failed, one worker at a time tries it again and the others
 * answer at once instead of each waiting up to db_timeout.  A hung
 * database then holds one worker, not all of them.
 */
struct dbgate {
	atomic_int	down;		/* the last attempt failed */
	atomic_int	probing;	/* a worker is trying it now */
	atomic_int	unversioned;	/* netkpi_version unreadable (logged) */
};

/*
 * May a request use the database?  0 when it is not known to be down,
 * or when no other worker is trying it (this one then does: *probe set
 * to 1); -1 otherwise.  g may be NULL: no gating.
 */
int	dbgate_enter(struct dbgate *g, int *probe);

/*
 * Record how an attempt went (ok, or err), and let go of the probe.
 * With a gate, only the changes are logged (the database went away, it
 * is back): a burst of requests against a dead database writes two
 * lines, not one per request.  Without (g NULL), every failure is.
 */
void	dbgate_leave(struct dbgate *g, int *probe, int ok, const char *err);

#endif
