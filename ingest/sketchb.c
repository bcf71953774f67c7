/* sketchb.c: every cell's sketch of users over an interval, built from the aggregate's (cell, user) pairs */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fanout.h"
#include "range.h"
#include "sketchb.h"
#include "xmalloc.h"

/* Threads that build an interval's sketches, at most. */
#define SHARES_MAX	64

/* A cell's registers kept as a list up to this many, then as an array. */
#define LIST_MAX	1024

/*
 * What a share has of one cell: the register and rank of each pair
 * (register << 8 | rank), or once there are more than LIST_MAX, the
 * registers themselves.  A cell of a few users costs a few words, not
 * HLL_M bytes zeroed, filled at random and scanned again.
 */
struct cellregs {
	uint32_t	*e;
	size_t		 n, cap;
	uint8_t		*regs;		/* HLL_M, or NULL */
};

/*
 * A thread's share: the pairs of partitions part, part + step...;
 * then the sketches of cells first .. last - 1 from every share.
 */
struct share {
	const struct agg	*a;
	enum kpi_agg		 which;
	int			 part, step;
	struct hllset		*out;		/* every cell, empty sketches */
	struct cellregs		*c;		/* by the cell's index in out */
	struct share		*all;
	int			 nshares;
	size_t			 first, last;
};

const struct kpi *
sketch_kpi(kpi_mask kpis)
{
	const struct kpi *k = NULL;
	size_t		 i;

	for (i = 0; i < kpi_registry_len && k == NULL; i++)
		if (kpi_on(kpis, &kpi_registry[i]) &&
		    range_sketch_kpi(&kpi_registry[i]))
			k = &kpi_registry[i];
	return k;
}

/* One pair's register j to at least rank r in the cell of h. */
static void
add_pair(struct share *sh, const struct hll *h, uint32_t j, uint8_t r)
{
	struct cellregs	*c;
	size_t		 i;

	c = &sh->c[h - sh->out->h];
	if (c->regs == NULL && c->n == LIST_MAX) {
		c->regs = xcalloc(HLL_M, 1);
		for (i = 0; i < c->n; i++)
			if (c->regs[c->e[i] >> 8] < (c->e[i] & 0xff))
				c->regs[c->e[i] >> 8] = c->e[i] & 0xff;
		free(c->e);
		c->e = NULL;
		c->n = c->cap = 0;
	}
	if (c->regs != NULL) {
		if (c->regs[j] < r)
			c->regs[j] = r;
	} else {
		if (c->n == c->cap)
			c->e = xreallocarray(c->e, c->cap = c->cap * 2 + 16,
			    sizeof *c->e);
		c->e[c->n++] = j << 8 | r;
	}
}

/* A run of pairs (agg_pairs_fn) into the share's registers. */
static void
add_pairs(void *ctx, const int64_t *key, const uint64_t *msisdn, size_t n)
{
	struct share	*sh = ctx;
	struct hll	*h;
	uint64_t	 x;
	size_t		 i;

	for (i = 0; i < n; i++) {
		x = hll_hash(msisdn[i]);
		/* (NULL: not a cell of agg_result, none) */
		if ((h = hllset_find(sh->out, key[i])) != NULL)
			add_pair(sh, h, hll_reg(x), hll_rank(x));
	}
}

static void
collect(void *arg)
{
	struct share	*sh = arg;
	int		 p;

	for (p = sh->part; p < agg_nparts(sh->a); p += sh->step)
		agg_pairs(sh->a, sh->which, p, add_pairs, sh);
}

/* The sketches of cells first .. last - 1: every share's registers. */
static void
finish(void *arg)
{
	struct share	*sh = arg;
	struct cellregs	*c;
	uint8_t		 regs[HLL_M];
	uint64_t	 words[HLL_WORDS];	/* of regs, as hll_from_regs */
	size_t		 i, k, set;
	uint32_t	 e;
	int		 s, arrays;

	memset(regs, 0, sizeof regs);
	for (i = sh->first; i < sh->last; i++) {
		set = 0;
		arrays = 0;
		memset(words, 0, sizeof words);
		for (s = 0; s < sh->nshares; s++) {
			c = &sh->all[s].c[i];
			for (k = 0; k < c->n; k++) {
				e = c->e[k];
				set += regs[e >> 8] == 0;
				if (regs[e >> 8] < (e & 0xff))
					regs[e >> 8] = e & 0xff;
				/* register e >> 8, in word e >> 11 */
				words[e >> 17] |= UINT64_C(1) << (e >> 11 & 63);
			}
			if (c->regs != NULL) {
				arrays = 1;
				hll_dense_max(regs, c->regs);
			}
		}
		if (arrays)
			for (set = 0, k = 0; k < HLL_M; k++)
				set += regs[k] != 0;
		hll_from_regs(&sh->out->h[i], regs, set, arrays ? NULL : words);
	}
}

/*
 * The partitions hold disjoint users: a thread per partition (up to
 * SHARES_MAX) lists the registers of its pairs per cell, then each
 * thread makes the sketches of a range of cells from every list.
 */
void
sketch_interval(const struct agg *a, kpi_mask kpis, struct hllset *out)
{
	const struct kpi *k = sketch_kpi(kpis);
	struct share	 sh[SHARES_MAX];
	struct kv	*cells;
	size_t		 i, ncells;
	int		 n = agg_nparts(a), s, sat;

	memset(out, 0, sizeof *out);
	if (k == NULL)
		return;
	cells = agg_result(a, k->agg, &ncells, &sat);
	for (i = 0; i < ncells; i++)
		(void)hllset_get(out, cells[i].key);
	free(cells);
	n = n < SHARES_MAX ? n : SHARES_MAX;
	memset(sh, 0, sizeof sh);
	for (s = 0; s < n; s++) {
		sh[s].a = a;
		sh[s].which = k->agg;
		sh[s].part = s;
		sh[s].step = n;
		sh[s].out = out;
		sh[s].c = xcalloc(ncells + 1, sizeof *sh[s].c);
		sh[s].all = sh;
		sh[s].nshares = n;
		sh[s].first = ncells * (size_t)s / (size_t)n;
		sh[s].last = ncells * (size_t)(s + 1) / (size_t)n;
	}
	fanout(sh, (size_t)n, sizeof *sh, collect);
	fanout(sh, (size_t)n, sizeof *sh, finish);
	for (s = 0; s < n; s++) {
		for (i = 0; i < ncells; i++) {
			free(sh[s].c[i].e);
			free(sh[s].c[i].regs);
		}
		free(sh[s].c);
	}
}
