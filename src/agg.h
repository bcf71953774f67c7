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

struct agg;

/* A new, empty aggregate; free with agg_free. */
struct agg *agg_new(void);
void	agg_free(struct agg *a);
/* Empty a, keeping its memory. */
void	agg_reset(struct agg *a);
int	agg_empty(const struct agg *a);

/* Add n rows (any n; batches of AGG_BATCH are fastest). */
#define AGG_BATCH	64
void	agg_add(struct agg *a, const struct flow_row *rows, size_t n);

/* Add everything of src to dst (src unchanged). */
void	agg_merge(struct agg *dst, const struct agg *src);

/*
 * The per-key values: service_id -> total bytes (saturated at 2^63-1,
 * *saturated set), or cell_id -> distinct msisdn.  Returns an array
 * of *n entries the caller frees.
 */
struct kv *agg_services(const struct agg *a, size_t *n, int *saturated);
struct kv *agg_cells(const struct agg *a, size_t *n);

#endif
