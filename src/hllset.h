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
/* The sketch of key, or NULL. */
struct hll *hllset_find(const struct hllset *s, int64_t key);
/* dst := dst with every key of src, each key's sketches merged. */
void	hllset_merge(struct hllset *dst, const struct hllset *src);

#endif
