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

/*
 * A group (the stored form version 4): the sketches of several keys in
 * one row of netkpi_sketches, whose key_id is the first's.
 *   byte 0: 4, byte 1: HLL_P;
 *   then per sketch, in key order: its key (4 bytes big endian, two's
 *     complement: key_id is an INT), the length n of its stored form
 *     (2 bytes big endian), and that form (version 1, 2 or 3; n bytes);
 *   HLL_ENCODED_MAX bytes at most in all.
 * hllset_group_add appends key's stored sketch enc (len bytes) to the
 * group row (*used bytes, 0 for a new one, which it starts) when it
 * fits in HLL_ENCODED_MAX bytes and key in an INT; returns 1, or 0 (row
 * unchanged).
 */
#define HLLSET_GROUP		4
#define HLLSET_GROUP_HEAD	2
#define HLLSET_ENTRY_HEAD	6
int	hllset_group_add(uint8_t *row, size_t *used, int64_t key,
	    const uint8_t *enc, size_t len);
/*
 * A stored row of key merged into s: a group's sketches into their
 * keys, any other form into key's.  Returns 0, or -1 with *bad the key
 * of a sketch left out: a group whose entries overrun it is left out
 * whole (*bad is key), one entry that is not a sketch alone.
 */
int	hllset_decode(struct hllset *s, int64_t key, const uint8_t *buf,
	    size_t len, int64_t *bad);

#endif
