/* topn.h: the top N keys of a KPI, value descending, ties by key ascending */
#ifndef NETKPI_TOPN_H
#define NETKPI_TOPN_H

#include <stddef.h>

#include "agg.h"

/*
 * Reorder v[0..n) so that its first min(n, k) entries are the top k in
 * order (value descending, then key ascending), the others after them
 * in no order; returns that count.
 */
size_t	topn(struct kv *v, size_t n, size_t k);

#endif
