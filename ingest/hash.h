/* hash.h: open-addressing hash map and set of 64-bit keys */
#ifndef NETKPI_HASH_H
#define NETKPI_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "xmalloc.h"

/*
 * Linear probing, the load kept under 5/8 by hmap_reserve and
 * hset_reserve, which must make room before keys are added.  A slot
 * holds key + 1, so that 0 is empty and fresh zeroed memory is an empty
 * table: a key is any value but UINT64_MAX.  Big tables come from
 * mmap, in huge pages where the kernel has them.
 *
 * Lookups run for every flow row, batched with prefetches by their
 * caller: hash64, hash_slot, hmap_get and hset_add are inline here.
 */

/* A map: key -> a dense index 0, 1, 2... in the order keys came. */
struct hslot {
	uint64_t	key;		/* key + 1; 0: empty */
	uint64_t	idx;
};

struct hmap {
	struct hslot	*slots;
	unsigned	 bits;		/* 1 << bits slots */
	size_t		 count;
	uint64_t	*keys;		/* index -> key; hmap_free frees it */
	size_t		 keycap;
};

/* A set; slots[0 .. 1 << bits) hold key + 1, or 0 when empty. */
struct hset {
	uint64_t	*slots;
	unsigned	 bits;
	size_t		 count;
};

/* Empty tables; each is freed with its _free. */
void	hmap_init(struct hmap *m);
void	hmap_free(struct hmap *m);
void	hset_init(struct hset *s);
void	hset_free(struct hset *s);

/* Grow so that extra more keys keep the load under 5/8. */
void	hmap_reserve(struct hmap *m, size_t extra);
void	hset_reserve(struct hset *s, size_t extra);

/*
 * Add keys k[0 .. n) to s (n at most HSET_BATCH; room reserved), their
 * slots prefetched first: for a table larger than the caches, where
 * each insert is a miss.  isnew[i] (when isnew is not NULL): k[i] was
 * not there.
 */
#define HSET_BATCH	64
void	hset_add_batch(struct hset *s, const uint64_t *k, size_t n,
	    int *isnew);

static inline uint64_t
hash64(uint64_t k)
{
	k ^= k >> 31;
	return k * UINT64_C(0x9e3779b97f4a7c15);
}

/* The home slot of hash h in a table of 1 << bits slots. */
static inline size_t
hash_slot(uint64_t h, unsigned bits)
{
	return (size_t)(h >> (64 - bits));
}

/*
 * The index of key (h = hash64(key)), added with the next index when
 * new (*isnew set).  Room must have been reserved.
 */
static inline uint64_t
hmap_get(struct hmap *m, uint64_t key, uint64_t h, int *isnew)
{
	size_t	mask = ((size_t)1 << m->bits) - 1, j;

	for (j = hash_slot(h, m->bits); m->slots[j].key != 0;
	    j = (j + 1) & mask)
		if (m->slots[j].key == key + 1) {
			*isnew = 0;
			return m->slots[j].idx;
		}
	*isnew = 1;
	if (m->count == m->keycap)
		m->keys = xreallocarray(m->keys, m->keycap = m->keycap * 2 + 64,
		    sizeof *m->keys);
	m->keys[m->count] = key;
	m->slots[j].key = key + 1;
	m->slots[j].idx = m->count;
	return m->count++;
}

/*
 * Add key (h = hash64(key)); returns 1 when it was new.  Room must have
 * been reserved.
 */
static inline int
hset_add(struct hset *s, uint64_t key, uint64_t h)
{
	size_t	mask = ((size_t)1 << s->bits) - 1, j;

	for (j = hash_slot(h, s->bits); s->slots[j] != 0; j = (j + 1) & mask)
		if (s->slots[j] == key + 1)
			return 0;
	s->slots[j] = key + 1;
	s->count++;
	return 1;
}

#endif
