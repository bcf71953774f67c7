/* hash.c: open-addressing hash map and set of 64-bit keys */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hash.h"

#define MIN_BITS	6
#define MAPPED		(128 * 1024)	/* tables this big are mappings */
#define HUGE_TABLE	(2 * 1024 * 1024)
#define SPARES		16

/*
 * Mappings given back, kept for the next table of the same size.  Each
 * interval makes the tables the last one freed, sized alike; a fresh
 * mapping costs a page fault a page, dear in a virtual machine, where
 * zeroing one kept costs a memset.  At most SPARES are kept, each
 * new one replacing an old one in turn when they are all taken: bounded
 * by the largest tables, so by the keys.
 */
static struct spare {
	void		*p;
	size_t		 size;
} spares[SPARES];
static pthread_mutex_t	spare_mtx = PTHREAD_MUTEX_INITIALIZER;

/* A kept mapping of size bytes, or NULL. */
static void *
spare_take(size_t size)
{
	void	*p = NULL;
	int	 i;

	pthread_mutex_lock(&spare_mtx);
	for (i = 0; i < SPARES && p == NULL; i++)
		if (spares[i].p != NULL && spares[i].size == size) {
			p = spares[i].p;
			spares[i].p = NULL;
		}
	pthread_mutex_unlock(&spare_mtx);
	return p;
}

/*
 * Keep mapping p (size bytes) in an empty place, or in place of a kept
 * one, each in turn, which is returned (*oldsize set) for the caller to
 * unmap: sizes no table asks for again do not stay.
 */
static void *
spare_keep(void *p, size_t size, size_t *oldsize)
{
	static unsigned	 next;
	void		*old = NULL;
	int		 i, at = -1;

	pthread_mutex_lock(&spare_mtx);
	for (i = 0; i < SPARES && at == -1; i++)
		if (spares[i].p == NULL)
			at = i;
	if (at == -1) {
		at = (int)(next++ % SPARES);
		old = spares[at].p;
		*oldsize = spares[at].size;
	}
	spares[at].p = p;
	spares[at].size = size;
	pthread_mutex_unlock(&spare_mtx);
	return old;
}

/*
 * A fresh mapping of size bytes, zeroed, in huge pages where the
 * kernel has them; NULL when there is none.  Written before it is read:
 * a table probed while still the kernel's zero page faults again on its
 * first write, and that fault flushes the TLB of every thread.
 */
static void *
map_table(size_t size)
{
	void	*p;

	if ((p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	if (size >= HUGE_TABLE)
		(void)madvise(p, size, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	if (madvise(p, size, MADV_POPULATE_WRITE) == 0)
		return p;
#endif
	return memset(p, 0, size);
}

/* Zeroed memory: big tables are mappings, kept ones first. */
static void *
table_alloc(size_t size)
{
	void	*p;

	if (size < MAPPED)
		p = xcalloc(1, size);
	else if ((p = spare_take(size)) != NULL)
		memset(p, 0, size);
	else if ((p = map_table(size)) == NULL)
		p = xcalloc(1, size);	/* aborts when there is none */
	return p;
}

/* Give a mapping back to the kernel, or free what came from xcalloc. */
static void
unmap_table(void *p, size_t size)
{
	if (munmap(p, size) == -1)
		free(p);	/* not page-aligned: a malloc block */
}

static void
table_free(void *p, size_t size)
{
	size_t	oldsize = 0;
	void	*old;

	if (p == NULL)
		return;
	if (size < MAPPED)
		free(p);
	else if ((old = spare_keep(p, size, &oldsize)) != NULL)
		unmap_table(old, oldsize);
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

	/*
	 * The keys' array too, at once: grown from nothing in hmap_get, a
	 * table's keys were copied a dozen times as they came.
	 */
	if (m->keycap < m->count + extra) {
		m->keycap = m->keycap * 2 > m->count + extra ? m->keycap * 2 :
		    m->count + extra;
		m->keys = xreallocarray(m->keys, m->keycap, sizeof *m->keys);
	}
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
