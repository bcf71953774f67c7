/* hllset.h: a sketch per key (cell): the users of many cells over one period */
#ifndef NETKPI_HLLSET_H
#define NETKPI_HLLSET_H

#include <stddef.h>
#include <stdint.h>

#include "hll.h"

/* The keys in the order they came, each with its sketch. */
struct hllset {
	int64_t		*key;
	struct hll	*h;
	size_t		 n, cap;
	size_t		*slot;		/* open addressing: index + 1, 0 empty */
	size_t		 nslots;	/* a power of two */
};

void	hllset_free(struct hllset *s);
/* The sketch of key, created empty when new. */
struct hll *hllset_get(struct hllset *s, int64_t key);
/*
 * The slot of key: its entry's, or the empty one it would take (inline:
 * the ingest looks up a cell for each of millions of pairs).
 */
static inline size_t
hllset_probe(const struct hllset *s, int64_t key)
{
	uint64_t	x = (uint64_t)key * UINT64_C(0x9e3779b97f4a7c15);
	size_t		i = (size_t)(x >> 32) & (s->nslots - 1);

	while (s->slot[i] != 0 && s->key[s->slot[i] - 1] != key)
		i = (i + 1) & (s->nslots - 1);
	return i;
}

/* The sketch of key, or NULL. */
static inline struct hll *
hllset_find(const struct hllset *s, int64_t key)
{
	size_t	i;

	if (s->nslots == 0)
		return NULL;
	i = hllset_probe(s, key);
	return s->slot[i] != 0 ? &s->h[s->slot[i] - 1] : NULL;
}
/* dst := dst with every key of src, each key's sketches merged. */
void	hllset_merge(struct hllset *dst, const struct hllset *src);

#endif
