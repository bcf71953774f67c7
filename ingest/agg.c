/* agg.c: per-key KPI aggregation: each kind's operations, by enum kpi_agg */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "agg_ops.h"
#include "log.h"
#include "xmalloc.h"

/*
 * How each aggregate of kpi.h is computed: the operations of its kind
 * and the row's field that is its key.  A new aggregate is its name in
 * enum kpi_agg and one row here; a new kind of aggregate, its
 * struct aggops too.
 */
static const struct aggdef {
	const struct aggops *ops;
	enum agg_key	 by;
} aggdefs[KPI_AGG_MAX] = {
	[KPI_AGG_SERVICE_BYTES] = { &agg_sum_ops, BY_SERVICE },
	[KPI_AGG_CELL_USERS] = { &agg_distinct_ops, BY_CELL },
	[KPI_AGG_CELL_BYTES] = { &agg_sum_ops, BY_CELL },
};

struct agg {
	enum kpi_agg	 ids[KPI_AGG_MAX];	/* the aggregates computed */
	int		 n;
	int		 nparts;		/* of each distinct count */
	void		*state[KPI_AGG_MAX];	/* of each, by id; else NULL */
};

struct agg_feed {
	struct agg	*a;
	void		*feed[KPI_AGG_MAX];	/* by index in a->ids */
};

/* Compute aggregate id in a too. */
static void
agg_on(struct agg *a, enum kpi_agg id, int nparts)
{
	if (a->state[id] != NULL)
		return;
	if (aggdefs[id].ops == NULL) {
		log_error("aggregate %d has no definition in agg.c", (int)id);
		abort();
	}
	a->ids[a->n++] = id;
	a->state[id] = aggdefs[id].ops->new(nparts, aggdefs[id].by);
}

int
kv_by_key(const void *x, const void *y)
{
	int64_t	a = ((const struct kv *)x)->key, b = ((const struct kv *)y)->key;

	return (a > b) - (a < b);
}

struct agg *
agg_new(int nparts, kpi_mask kpis)
{
	struct agg	*a = xcalloc(1, sizeof *a);
	size_t		 i;

	a->nparts = nparts > 0 ? nparts : 1;
	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_on(kpis, &kpi_registry[i]))
			agg_on(a, kpi_registry[i].agg, a->nparts);
	return a;
}

void
agg_free(struct agg *a)
{
	int	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		aggdefs[a->ids[i]].ops->free(a->state[a->ids[i]]);
	free(a);
}

struct agg_feed *
agg_feed_new(struct agg *a)
{
	struct agg_feed	*f = xcalloc(1, sizeof *f);
	int		 i;

	f->a = a;
	for (i = 0; i < a->n; i++)
		f->feed[i] = aggdefs[a->ids[i]].ops->feed_new(a->state[a->ids[i]]);
	return f;
}

void
agg_feed_add(struct agg_feed *f, const struct flow_row *rows, size_t n)
{
	int	i;

	for (i = 0; i < f->a->n; i++)
		aggdefs[f->a->ids[i]].ops->feed_add(f->feed[i], rows, n);
}

void
agg_feed_done(struct agg_feed *f)
{
	int	i;

	for (i = 0; i < f->a->n; i++)
		aggdefs[f->a->ids[i]].ops->feed_done(f->feed[i]);
	free(f);
}

void
agg_merge(struct agg *dst, const struct agg *src)
{
	enum kpi_agg	id;
	int		i;

	for (i = 0; i < dst->n; i++) {
		id = dst->ids[i];
		if (src->state[id] != NULL)
			aggdefs[id].ops->merge(dst->state[id], src->state[id]);
	}
}

void
agg_pairs(const struct agg *a, enum kpi_agg which, int part,
    agg_pairs_fn *fn, void *ctx)
{
	if (a->state[which] != NULL && aggdefs[which].ops->pairs != NULL)
		aggdefs[which].ops->pairs(a->state[which], part, fn, ctx);
}

int
agg_nparts(const struct agg *a)
{
	return a->nparts;
}

struct kv *
agg_result(const struct agg *a, enum kpi_agg which, size_t *n,
    int *saturated)
{
	*saturated = 0;
	if (a->state[which] != NULL)
		return aggdefs[which].ops->result(a->state[which], n, saturated);
	*n = 0;
	return xcalloc(1, sizeof(struct kv));
}

void
agg_measure(const struct agg *a, struct agg_size *s)
{
	enum kpi_agg	id;
	int		i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < a->n; i++) {
		id = a->ids[i];
		aggdefs[id].ops->measure(a->state[id], &s->of[id]);
	}
}

void
agg_size_from(struct agg_size *s, const struct agg_count *c)
{
	int	k;

	for (k = 0; k < KPI_AGG_MAX; k++)
		s->of[k] = *c;
}

/* The larger of a and b. */
static size_t
larger(size_t a, size_t b)
{
	return a > b ? a : b;
}

void
agg_size_largest(const struct agg_size *s, struct agg_count *c)
{
	int	k;

	memset(c, 0, sizeof *c);
	for (k = 0; k < KPI_AGG_MAX; k++) {
		c->keys = larger(c->keys, s->of[k].keys);
		c->users = larger(c->users, s->of[k].users);
		c->pairs = larger(c->pairs, s->of[k].pairs);
	}
}

void
agg_size_cap(struct agg_size *s, size_t n)
{
	int	k;

	for (k = 0; k < KPI_AGG_MAX; k++) {
		s->of[k].keys = s->of[k].keys < n ? s->of[k].keys : n;
		s->of[k].users = s->of[k].users < n ? s->of[k].users : n;
		s->of[k].pairs = s->of[k].pairs < n ? s->of[k].pairs : n;
	}
}

void
agg_reserve(struct agg *a, const struct agg_size *s)
{
	enum kpi_agg	id;
	int		i;

	for (i = 0; i < a->n; i++) {
		id = a->ids[i];
		aggdefs[id].ops->reserve(a->state[id], &s->of[id]);
	}
}
