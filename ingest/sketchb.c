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

/* A share's first list of pairs, in entries (grown by doubling). */
#define PAIRS_FIRST	4096

/*
 * A thread's share: the pairs of partitions part, part + step..., each
 * as its register and rank (register << 8 | rank), in one array sorted
 * by cell (cell i's from at[i] to at[i + 1]); then the sketches of
 * cells first .. last - 1 from every share.  A cell of a few users
 * costs a few words, not HLL_M bytes zeroed, filled at random and
 * scanned again, and no cell has an allocation of its own.
 */
struct share {
	const struct agg	*a;
	enum kpi_agg		 which;
	int			 part, step;
	struct hllset		*out;		/* every cell, empty sketches */
	uint64_t		*pairs;		/* cell << 32 | entry, as found */
	size_t			 npairs, cap;
	uint32_t		*e;		/* the entries, by cell */
	size_t			*at;		/* out->n + 1 */
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

/* A run of pairs (agg_pairs_fn) appended to the share's, with their cells. */
static void
add_pairs(void *ctx, const int64_t *key, const uint64_t *msisdn, size_t n)
{
	struct share	*sh = ctx;
	struct hll	*h;
	uint64_t	 x;
	size_t		 i;

	if (sh->npairs + n > sh->cap) {
		while (sh->npairs + n > sh->cap)
			sh->cap = sh->cap > 0 ? sh->cap * 2 : PAIRS_FIRST;
		sh->pairs = xreallocarray(sh->pairs, sh->cap,
		    sizeof *sh->pairs);
	}
	for (i = 0; i < n; i++) {
		x = hll_hash(msisdn[i]);
		/* (NULL: not a cell of agg_result, none) */
		if ((h = hllset_find(sh->out, key[i])) != NULL)
			sh->pairs[sh->npairs++] =
			    (uint64_t)(h - sh->out->h) << 32 |
			    hll_reg(x) << 8 | hll_rank(x);
	}
}

/* The share's pairs, then their entries sorted by cell (counting). */
static void
collect(void *arg)
{
	struct share	*sh = arg;
	size_t		 i, ncells = sh->out->n, *at;
	int		 p;

	for (p = sh->part; p < agg_nparts(sh->a); p += sh->step)
		agg_pairs(sh->a, sh->which, p, add_pairs, sh);
	at = sh->at = xcalloc(ncells + 2, sizeof *sh->at);
	for (i = 0; i < sh->npairs; i++)
		at[(sh->pairs[i] >> 32) + 2]++;
	for (i = 2; i < ncells + 2; i++)
		at[i] += at[i - 1];
	/* at[c + 1]: where cell c's next entry goes, then its end */
	sh->e = xreallocarray(NULL, sh->npairs + 1, sizeof *sh->e);
	for (i = 0; i < sh->npairs; i++)
		sh->e[at[(sh->pairs[i] >> 32) + 1]++] = (uint32_t)sh->pairs[i];
	free(sh->pairs);
	sh->pairs = NULL;
}

/* The sketches of cells first .. last - 1: every share's registers. */
static void
finish(void *arg)
{
	struct share	*sh = arg;
	const struct share *o;
	uint8_t		 regs[HLL_M];
	uint64_t	 words[HLL_WORDS];	/* of regs, as hll_from_regs */
	size_t		 i, k, set;
	uint32_t	 e;
	int		 s;

	memset(regs, 0, sizeof regs);
	for (i = sh->first; i < sh->last; i++) {
		set = 0;
		memset(words, 0, sizeof words);
		for (s = 0; s < sh->nshares; s++) {
			o = &sh->all[s];
			for (k = o->at[i]; k < o->at[i + 1]; k++) {
				e = o->e[k];
				set += regs[e >> 8] == 0;
				if (regs[e >> 8] < (e & 0xff))
					regs[e >> 8] = e & 0xff;
				/* register e >> 8, in word e >> 11 */
				words[e >> 17] |= UINT64_C(1) << (e >> 11 & 63);
			}
		}
		hll_from_regs(&sh->out->h[i], regs, set, words);
	}
}

/*
 * The partitions hold disjoint users: a thread per partition (up to
 * SHARES_MAX) lists the registers of its pairs by cell, then each
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
		sh[s].all = sh;
		sh[s].nshares = n;
		sh[s].first = ncells * (size_t)s / (size_t)n;
		sh[s].last = ncells * (size_t)(s + 1) / (size_t)n;
	}
	fanout(sh, (size_t)n, sizeof *sh, collect);
	fanout(sh, (size_t)n, sizeof *sh, finish);
	for (s = 0; s < n; s++) {
		free(sh[s].e);
		free(sh[s].at);
	}
}
