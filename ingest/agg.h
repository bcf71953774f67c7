/* agg.h: per-key KPI aggregation: partitions, feeds, merge, results */
#ifndef NETKPI_AGG_H
#define NETKPI_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "kpi.h"

/* One key and its value, for top-N. */
struct kv {
	int64_t	key;
	int64_t	value;
};

/* qsort's order of struct kv by key, ascending. */
int	kv_by_key(const void *x, const void *y);

/*
 * The aggregates (enum kpi_agg) of a set of KPIs over flow rows, each
 * computed by the operations of its kind (agg_ops.h): sums of bytes
 * are kept per feed and added up when it is done (agg_sum.c); distinct
 * counts keep their (key, msisdn) pairs split by msisdn into
 * partitions that threads fill at once (agg_distinct.c).
 */
struct agg;
struct agg_feed;

/*
 * A new, empty aggregate of what the KPIs in kpis need, with nparts
 * partitions; free with agg_free.
 */
struct agg *agg_new(int nparts, kpi_mask kpis);
void	agg_free(struct agg *a);

/*
 * A feed: one thread's way into a.  Rows added are visible in a once
 * agg_feed_done returned (it frees f).  Any number of feeds may run at
 * once.
 */
struct agg_feed *agg_feed_new(struct agg *a);
void	agg_feed_add(struct agg_feed *f, const struct flow_row *rows, size_t n);
void	agg_feed_done(struct agg_feed *f);

/* Add everything of src to dst (made with the same nparts and kpis). */
void	agg_merge(struct agg *dst, const struct agg *src);

/*
 * The per-key values of aggregate which (one that a's KPIs need), in
 * no order: an array of *n entries the caller frees.  *saturated is
 * set when a value passed 2^63-1 and is given as 2^63-1.
 */
struct kv *agg_result(const struct agg *a, enum kpi_agg which, size_t *n,
	    int *saturated);

/*
 * Hand every distinct (key, msisdn) pair of partition part (0 to
 * agg_nparts) of distinct count which (one that a's KPIs need) to fn,
 * in no order, a run of n at a time (key[i], msisdn[i]).  No user is in
 * two partitions: threads may take one each.
 */
typedef void agg_pairs_fn(void *ctx, const int64_t *key,
	    const uint64_t *msisdn, size_t n);
void	agg_pairs(const struct agg *a, enum kpi_agg which, int part,
	    agg_pairs_fn *fn, void *ctx);
int	agg_nparts(const struct agg *a);

/*
 * What the tables of an aggregate hold: its keys, and a distinct
 * count's users (0: not counted, when they have no table of their own:
 * agg_distinct.c) and (key, user) pairs.  agg_reserve makes room in a
 * new aggregate for as many as agg_measure found in one like it: a run
 * that reads interval after interval, much alike, then makes each
 * table once instead of doubling it from empty, every key inserted
 * again at each step.
 */
struct agg_count {
	size_t	keys, users, pairs;
};
struct agg_size {
	struct agg_count of[KPI_AGG_MAX];	/* by enum kpi_agg */
};
void	agg_measure(const struct agg *a, struct agg_size *s);
void	agg_reserve(struct agg *a, const struct agg_size *s);
/*
 * Sizes passed from one run to the next (netkpi_runs): *s, every
 * aggregate, from c; *c, the largest count of each, from s.
 */
void	agg_size_from(struct agg_size *s, const struct agg_count *c);
void	agg_size_largest(const struct agg_size *s, struct agg_count *c);
/* Every count of s at most n (rows: flowfile_rows_max). */
void	agg_size_cap(struct agg_size *s, size_t n);

#endif
