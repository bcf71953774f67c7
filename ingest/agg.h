/* agg.h: per-key KPI aggregation (service bytes, distinct users per cell) */
#ifndef NETKPI_AGG_H
#define NETKPI_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"

/* One key and its value, for top-N. */
struct kv {
	int64_t	key;
	int64_t	value;
};

/*
 * An aggregate.  The (cell, msisdn) pairs are split by msisdn into
 * partitions that threads fill at once through feeds, each partition
 * under its own lock; no two partitions share a user, so distinct
 * counts add up across them.
 */
struct agg;
struct agg_feed;

/* A new, empty aggregate with nparts partitions; free with agg_free. */
struct agg *agg_new(int nparts);
void	agg_free(struct agg *a);

/*
 * A feed: one thread's way into a.  Rows added are visible in a once
 * agg_feed_done returned.  Any number of feeds may run at once.
 */
struct agg_feed *agg_feed_new(struct agg *a);
void	agg_feed_add(struct agg_feed *f, const struct flow_row *rows, size_t n);
void	agg_feed_done(struct agg_feed *f);

/* Add n rows from one thread (a feed of its own). */
void	agg_add(struct agg *a, const struct flow_row *rows, size_t n);

/* Add everything of src to dst (the same number of partitions). */
void	agg_merge(struct agg *dst, const struct agg *src);

/*
 * The per-key values: service_id -> total bytes (saturated at 2^63-1,
 * *saturated set), or cell_id -> distinct msisdn.  Returns an array
 * of *n entries the caller frees.
 */
struct kv *agg_services(const struct agg *a, size_t *n, int *saturated);
struct kv *agg_cells(const struct agg *a, size_t *n);

#endif
