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

/* A cell's pairs listed in a share, at most; the others in registers. */
#define LIST_MAX	256

/*
 * A share's arrays, kept from one interval to the next (struct
 * sketchb): made afresh, they were new pages each time.
 */
struct arrays {
	uint64_t	*pairs;		/* cell << 32 | entry, as found */
	uint32_t	*e;		/* the entries, by cell */
	size_t		 cap;		/* of both */
	uint32_t	*n;		/* pairs per cell */
	uint8_t		**regs;		/* per cell: HLL_M, or NULL */
	size_t		*at;		/* cells + 2 */
	size_t		 cells;		/* of n, regs and at */
};

struct sketchb {
	struct arrays	 ar[SHARES_MAX];
};

/*
 * A thread's share: the pairs of partitions part, part + step..., each
 * as its register and rank (register << 8 | rank), in one array sorted
 * by cell (cell i's from at[i] to at[i + 1]); past LIST_MAX of a cell,
 * in HLL_M registers of the cell's own.  Then the sketches of cells
 * first .. last - 1 from every share.  A cell of a few users costs a
 * few words and no allocation of its own, not HLL_M bytes zeroed,
 * filled at random and scanned again; a cell of many users, its
 * registers, not a word a pair sorted.
 */
struct share {
	const struct agg	*a;
	enum kpi_agg		 which;
	int			 part, step;
	struct hllset		*out;		/* every cell, empty sketches */
	struct arrays		*ar;
	size_t			 npairs;
	struct share		*all;
	int			 nshares;
	size_t			 first, last;
};

struct sketchb *
sketchb_new(void)
{
	return xcalloc(1, sizeof (struct sketchb));
}

void
sketchb_free(struct sketchb *sb)
{
	int	s;

	if (sb == NULL)
		return;
	for (s = 0; s < SHARES_MAX; s++) {
		free(sb->ar[s].pairs);
		free(sb->ar[s].e);
		free(sb->ar[s].n);
		free(sb->ar[s].regs);
		free(sb->ar[s].at);
	}
	free(sb);
}

/* ar made room for cap pairs and cells cells, its counts zeroed. */
static void
arrays_ready(struct arrays *ar, size_t cap, size_t cells)
{
	if (cap > ar->cap) {
		free(ar->pairs);
		free(ar->e);
		ar->pairs = xreallocarray(NULL, cap, sizeof *ar->pairs);
		ar->e = xreallocarray(NULL, cap, sizeof *ar->e);
		ar->cap = cap;
	}
	if (cells > ar->cells) {
		ar->n = xreallocarray(ar->n, cells, sizeof *ar->n);
		ar->regs = xreallocarray(ar->regs, cells, sizeof *ar->regs);
		ar->at = xreallocarray(ar->at, cells + 2, sizeof *ar->at);
		ar->cells = cells;
	}
	memset(ar->n, 0, cells * sizeof *ar->n);
	memset(ar->regs, 0, cells * sizeof *ar->regs);
	memset(ar->at, 0, (cells + 2) * sizeof *ar->at);
}

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

/*
 * A run of pairs (agg_pairs_fn) appended to the share's, with their
 * cells; a cell's past LIST_MAX into its registers.
 */
static void
add_pairs(void *ctx, const int64_t *key, const uint64_t *msisdn, size_t n)
{
	struct share	*sh = ctx;
	struct arrays	*ar = sh->ar;
	struct hll	*h;
	uint64_t	 x;
	size_t		 i, c;
	uint8_t		*r;

	if (sh->npairs + n > ar->cap) {
		while (sh->npairs + n > ar->cap)
			ar->cap = ar->cap > 0 ? ar->cap * 2 : PAIRS_FIRST;
		ar->pairs = xreallocarray(ar->pairs, ar->cap,
		    sizeof *ar->pairs);
		ar->e = xreallocarray(ar->e, ar->cap, sizeof *ar->e);
	}
	for (i = 0; i < n; i++) {
		x = hll_hash(msisdn[i]);
		/* (NULL: not a cell of agg_result, none) */
		if ((h = hllset_find(sh->out, key[i])) == NULL)
			continue;
		c = (size_t)(h - sh->out->h);
		if (ar->n[c]++ < LIST_MAX) {
			ar->pairs[sh->npairs++] = (uint64_t)c << 32 |
			    hll_reg(x) << 8 | hll_rank(x);
			continue;
		}
		if (ar->regs[c] == NULL)
			ar->regs[c] = xcalloc(HLL_M, 1);
		r = &ar->regs[c][hll_reg(x)];
		*r = *r > hll_rank(x) ? *r : hll_rank(x);
	}
}

/* The share's pairs, then their entries sorted by cell (counting). */
static void
collect(void *arg)
{
	struct share	*sh = arg;
	struct arrays	*ar = sh->ar;
	size_t		 i, ncells = sh->out->n, *at = ar->at;
	int		 p;

	for (p = sh->part; p < agg_nparts(sh->a); p += sh->step)
		agg_pairs(sh->a, sh->which, p, add_pairs, sh);
	for (i = 0; i < sh->npairs; i++)
		at[(ar->pairs[i] >> 32) + 2]++;
	for (i = 2; i < ncells + 2; i++)
		at[i] += at[i - 1];
	/* at[c + 1]: where cell c's next entry goes, then its end */
	for (i = 0; i < sh->npairs; i++)
		ar->e[at[(ar->pairs[i] >> 32) + 1]++] = (uint32_t)ar->pairs[i];
}

/* The sketches of cells first .. last - 1: every share's registers. */
static void
finish(void *arg)
{
	struct share	*sh = arg;
	const struct arrays *o;
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
			o = sh->all[s].ar;
			for (k = o->at[i]; k < o->at[i + 1]; k++) {
				e = o->e[k];
				set += regs[e >> 8] == 0;
				if (regs[e >> 8] < (e & 0xff))
					regs[e >> 8] = e & 0xff;
				/* register e >> 8, in word e >> 11 */
				words[e >> 17] |= UINT64_C(1) << (e >> 11 & 63);
			}
			if (o->regs[i] != NULL) {
				arrays = 1;
				hll_dense_max(regs, o->regs[i]);
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
 * SHARES_MAX) lists the registers of its pairs by cell, then each
 * thread makes the sketches of a range of cells from every list.
 */
void
sketch_interval(struct sketchb *sb, const struct agg *a, kpi_mask kpis,
    struct hllset *out)
{
	const struct kpi *k = sketch_kpi(kpis);
	struct share	 sh[SHARES_MAX];
	struct agg_size	 size;
	struct kv	*cells;
	size_t		 i, ncells, cap;
	int		 n = agg_nparts(a), s, sat;

	memset(out, 0, sizeof *out);
	if (k == NULL)
		return;
	cells = agg_result(a, k->agg, &ncells, &sat);
	for (i = 0; i < ncells; i++)
		(void)hllset_get(out, cells[i].key);
	free(cells);
	n = n < SHARES_MAX ? n : SHARES_MAX;
	/* Each share's pairs, an eighth more, no more than its cells list. */
	agg_measure(a, &size);
	cap = size.of[k->agg].pairs / (size_t)n;
	cap += cap / 8 + PAIRS_FIRST;
	if (cap > ncells * LIST_MAX + 1)
		cap = ncells * LIST_MAX + 1;
	memset(sh, 0, sizeof sh);
	for (s = 0; s < n; s++) {
		sh[s].ar = &sb->ar[s];
		arrays_ready(sh[s].ar, cap, ncells + 1);
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
	for (s = 0; s < n; s++)
		for (i = 0; i < ncells; i++)
			free(sb->ar[s].regs[i]);
}
