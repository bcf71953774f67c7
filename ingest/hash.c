/* hash.c: open-addressing hash map and set of 64-bit keys */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hash.h"

#define MIN_BITS	6
#define BIG_TABLE	(2 * 1024 * 1024)

/*
 * Zeroed memory; big tables in huge pages where the kernel has them.
 * Written before it is read: a table probed while still the kernel's
 * zero page faults again on its first write, and that fault flushes
 * the TLB of every thread.
 */
static void *
table_alloc(size_t size)
{
	void	*p;
	int	 zeroed = 0;

	if (size < BIG_TABLE)
		p = xmalloc(size);
	else if ((p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		p = xmalloc(size);	/* aborts when there is none */
	else {
#ifdef MADV_HUGEPAGE
		(void)madvise(p, size, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
		zeroed = madvise(p, size, MADV_POPULATE_WRITE) == 0;
#endif
	}
	return zeroed ? p : memset(p, 0, size);
}

static void
table_free(void *p, size_t size)
{
	if (p == NULL)
		return;
	if (size < BIG_TABLE)
		free(p);
	else if (munmap(p, size) == -1)
		free(p);	/* it came from xcalloc */
}

/* The bits a table needs for n keys. */
static unsigned
bits_for(unsigned bits, size_t n)
{
	while (n * 8 > ((size_t)5 << bits))
		bits++;
	return bits;
}

/*
 * An empty table of slotsize-byte slots: obj (of objsize bytes, with
 * its bit count at *bits) zeroed, *bits MIN_BITS; returns the slots.
 */
static void *
table_init(void *obj, size_t objsize, unsigned *bits, size_t slotsize)
{
	memset(obj, 0, objsize);
	*bits = MIN_BITS;
	return table_alloc(slotsize << MIN_BITS);
}

/* The slots (size bytes) of obj given back, and obj zeroed. */
static void
table_done(void *obj, size_t objsize, void *slots, size_t size)
{
	table_free(slots, size);
	memset(obj, 0, objsize);
}

void
hmap_init(struct hmap *m)
{
	m->slots = table_init(m, sizeof *m, &m->bits, sizeof *m->slots);
}

void
hmap_free(struct hmap *m)
{
	free(m->keys);
	table_done(m, sizeof *m, m->slots, sizeof *m->slots << m->bits);
}

void
hset_init(struct hset *s)
{
	s->slots = table_init(s, sizeof *s, &s->bits, sizeof *s->slots);
}

void
hset_free(struct hset *s)
{
	table_done(s, sizeof *s, s->slots, sizeof *s->slots << s->bits);
}

void
hmap_reserve(struct hmap *m, size_t extra)
{
	struct hslot	*old = m->slots;
	unsigned	 oldbits = m->bits;
	size_t		 i, j, mask;

	if ((m->bits = bits_for(oldbits, m->count + extra)) == oldbits)
		return;
	m->slots = table_alloc(sizeof *m->slots << m->bits);
	mask = ((size_t)1 << m->bits) - 1;
	for (i = 0; i < (size_t)1 << oldbits; i++) {
		if (old[i].key == 0)
			continue;
		for (j = hash_slot(hash64(old[i].key - 1), m->bits);
		    m->slots[j].key != 0; j = (j + 1) & mask)
			;
		m->slots[j] = old[i];
	}
	table_free(old, sizeof *old << oldbits);
}

void
hset_add_batch(struct hset *s, const uint64_t *k, size_t n, int *isnew)
{
	uint64_t	h[HSET_BATCH];
	size_t		i;
	int		added;

	for (i = 0; i < n; i++) {
		h[i] = hash64(k[i]);
		__builtin_prefetch(&s->slots[hash_slot(h[i], s->bits)]);
	}
	for (i = 0; i < n; i++) {
		added = hset_add(s, k[i], h[i]);
		if (isnew != NULL)
			isnew[i] = added;
	}
}

void
hset_reserve(struct hset *s, size_t extra)
{
	uint64_t	*old = s->slots, k[HSET_BATCH];
	unsigned	 oldbits = s->bits;
	size_t		 i, n = 0;

	if ((s->bits = bits_for(oldbits, s->count + extra)) == oldbits)
		return;
	s->slots = table_alloc(sizeof *s->slots << s->bits);
	s->count = 0;
	/* Batches: each insert into the larger table is a cache miss. */
	for (i = 0; i < (size_t)1 << oldbits; i++) {
		if (old[i] == 0)
			continue;
		k[n] = old[i] - 1;
		if (++n == HSET_BATCH) {
			hset_add_batch(s, k, n, NULL);
			n = 0;
		}
	}
	hset_add_batch(s, k, n, NULL);
	table_free(old, sizeof *old << oldbits);
}
