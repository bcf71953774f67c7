/* agg_ops.h: the operations of each kind of aggregate (agg.c's table) */
#ifndef NETKPI_AGG_OPS_H
#define NETKPI_AGG_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "csv.h"

/* The field of a flow row that an aggregate is per. */
enum agg_key { BY_SERVICE, BY_CELL };

static inline uint64_t
agg_key_of(const struct flow_row *r, enum agg_key by)
{
	return by == BY_CELL ? r->cell : r->service;
}

/*
 * One kind of aggregate.  Its state (made by new for nparts threads
 * at once, per key of by) takes rows through feeds: a feed is one
 * thread's, and what it was given is in the state once feed_done
 * returned (feed_done frees the feed; feeds of one state may run at
 * once).  merge adds src to dst (made alike), result gives the value
 * per key, in no order (*saturated: a value passed 2^63-1); pairs
 * hands over a distinct count's pairs (agg_pairs); measure and reserve
 * are agg_measure's and agg_reserve's for one aggregate.
 */
struct aggops {
	void	*(*new)(int nparts, enum agg_key by);
	void	 (*free)(void *state);
	void	*(*feed_new)(void *state);
	void	 (*feed_add)(void *feed, const struct flow_row *rows, size_t n);
	void	 (*feed_done)(void *feed);
	void	 (*merge)(void *dst, const void *src);
	struct kv *(*result)(const void *state, size_t *n, int *saturated);
	/*
	 * Each distinct (key, msisdn) pair of partition part (0 to the
	 * nparts of new) to fn, in runs (NULL: not a distinct count).
	 */
	void	 (*pairs)(const void *state, int part, agg_pairs_fn *fn,
		    void *ctx);
	void	 (*measure)(const void *state, struct agg_count *c);
	void	 (*reserve)(void *state, const struct agg_count *c);
};

/* Σ (up + down) bytes per key (agg_sum.c). */
extern const struct aggops agg_sum_ops;
/* Distinct msisdn per key (agg_distinct.c). */
extern const struct aggops agg_distinct_ops;

#endif
