/* agg.c: per-key KPI aggregation (service bytes, distinct users per cell) */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "agg.h"
#include "xmalloc.h"

/*
 * Keys map to dense indexes in open-addressing tables (linear probing,
 * load under 5/8).  A slot holds key + 1, so that 0 is empty and fresh
 * zeroed memory is an empty table.  A (cell, user) pair is one 64-bit
 * key: the cell's index in the high half, the user's in the low half.
 */
#define MIN_BITS	6
#define BIG_TABLE	(2 * 1024 * 1024)
#define FEED_PAIRS	65536		/* queued pairs of one feed, at most */
#define BATCH		64

struct slot {
	uint64_t	key;		/* key + 1; 0: empty */
	uint64_t	idx;
};

struct map {
	struct slot	*slots;
	unsigned	 bits;
	size_t		 count;
	uint64_t	*keys;		/* index -> key */
	size_t		 keycap;
};

struct set {
	uint64_t	*slots;		/* key + 1; 0: empty */
	unsigned	 bits;
	size_t		 count;
};

/* Services: total bytes per service_id. */
struct bytes {
	struct map	 svc;
	uint64_t	*sum;		/* per index */
	size_t		 cap;
	int		 saturated;
};

struct part {
	pthread_mutex_t	 mtx;
	struct map	 cell, user;
	uint32_t	*users;		/* distinct users per cell index */
	size_t		 ucap;
	struct set	 pairs;
};

struct agg {
	pthread_mutex_t	 mtx;		/* for bytes, from feeds */
	struct bytes	 bytes;
	int		 nparts;
	struct part	*parts;
};

struct pair {
	uint64_t	msisdn;
	uint64_t	cell;
};

struct agg_feed {
	struct agg	 *a;
	struct bytes	  bytes;
	struct pair	**q;		/* per partition */
	size_t		 *nq;
	size_t		  qcap;		/* of each queue, a multiple of BATCH */
	size_t		  qtry;		/* queued pairs before a flush try */
};

/* --- tables --- */

static inline uint64_t
hash64(uint64_t k)
{
	k ^= k >> 31;
	return k * UINT64_C(0x9e3779b97f4a7c15);
}

static inline size_t
slot_of(uint64_t h, unsigned bits)
{
	return (size_t)(h >> (64 - bits));
}

/* Zeroed memory; big tables in huge pages where the kernel has them. */
static void *
table_alloc(size_t size)
{
	void	*p;

	if (size < BIG_TABLE)
		return xcalloc(1, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return xcalloc(1, size);	/* aborts when there is none */
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
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

static void
map_init(struct map *m)
{
	memset(m, 0, sizeof *m);
	m->bits = MIN_BITS;
	m->slots = table_alloc(sizeof *m->slots << m->bits);
}

static void
map_free(struct map *m)
{
	table_free(m->slots, sizeof *m->slots << m->bits);
	free(m->keys);
}

static void
set_init(struct set *s)
{
	memset(s, 0, sizeof *s);
	s->bits = MIN_BITS;
	s->slots = table_alloc(sizeof *s->slots << s->bits);
}

/* The bits a table needs for n keys. */
static unsigned
bits_for(unsigned bits, size_t n)
{
	while (n * 8 > ((size_t)5 << bits))
		bits++;
	return bits;
}

/* Grow m so that extra more keys keep the load under 5/8. */
static void
map_reserve(struct map *m, size_t extra)
{
	struct slot	*old = m->slots;
	unsigned	 oldbits = m->bits;
	size_t		 i, j, mask;

	if ((m->bits = bits_for(oldbits, m->count + extra)) == oldbits)
		return;
	m->slots = table_alloc(sizeof *m->slots << m->bits);
	mask = ((size_t)1 << m->bits) - 1;
	for (i = 0; i < (size_t)1 << oldbits; i++) {
		if (old[i].key == 0)
			continue;
		for (j = slot_of(hash64(old[i].key - 1), m->bits);
		    m->slots[j].key != 0; j = (j + 1) & mask)
			;
		m->slots[j] = old[i];
	}
	table_free(old, sizeof *old << oldbits);
}

static void
set_reserve(struct set *s, size_t extra)
{
	uint64_t	*old = s->slots;
	unsigned	 oldbits = s->bits;
	size_t		 i, j, mask;

	if ((s->bits = bits_for(oldbits, s->count + extra)) == oldbits)
		return;
	s->slots = table_alloc(sizeof *s->slots << s->bits);
	mask = ((size_t)1 << s->bits) - 1;
	for (i = 0; i < (size_t)1 << oldbits; i++) {
		if (old[i] == 0)
			continue;
		for (j = slot_of(hash64(old[i] - 1), s->bits);
		    s->slots[j] != 0; j = (j + 1) & mask)
			;
		s->slots[j] = old[i];
	}
	table_free(old, sizeof *old << oldbits);
}

/* The index of key (hash h), added when new; space must be reserved. */
static inline uint64_t
map_get(struct map *m, uint64_t key, uint64_t h, int *isnew)
{
	size_t	mask = ((size_t)1 << m->bits) - 1, j;

	for (j = slot_of(h, m->bits); m->slots[j].key != 0; j = (j + 1) & mask)
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

/* Add key (hash h); returns 1 when it was new.  Space must be reserved. */
static inline int
set_add(struct set *s, uint64_t key, uint64_t h)
{
	size_t	mask = ((size_t)1 << s->bits) - 1, j;

	for (j = slot_of(h, s->bits); s->slots[j] != 0; j = (j + 1) & mask)
		if (s->slots[j] == key + 1)
			return 0;
	s->slots[j] = key + 1;
	s->count++;
	return 1;
}

/* --- service bytes --- */

static void
bytes_add(struct bytes *b, uint64_t svc, uint64_t n)
{
	uint64_t	i;
	int		isnew;

	map_reserve(&b->svc, 1);
	i = map_get(&b->svc, svc, hash64(svc), &isnew);
	if (isnew) {
		if (i == b->cap)
			b->sum = xreallocarray(b->sum, b->cap = b->cap * 2 + 16,
			    sizeof *b->sum);
		b->sum[i] = 0;
	}
	if (b->sum[i] > (uint64_t)INT64_MAX - n) {
		b->sum[i] = INT64_MAX;
		b->saturated = 1;
	} else
		b->sum[i] += n;
}

static void
bytes_merge(struct bytes *dst, const struct bytes *src)
{
	size_t	i;

	for (i = 0; i < src->svc.count; i++)
		bytes_add(dst, src->svc.keys[i], src->sum[i]);
	dst->saturated |= src->saturated;
}

/* --- partitions of users --- */

static inline int
part_of(uint64_t msisdn, int nparts)
{
	return (int)((((msisdn * UINT64_C(0xff51afd7ed558ccd)) >> 32) &
	    0xffffffff) * (uint64_t)nparts >> 32);
}

static uint64_t
part_cell(struct part *p, uint64_t cell)
{
	uint64_t	i;
	int		isnew;

	i = map_get(&p->cell, cell, hash64(cell), &isnew);
	if (isnew) {
		if (i == p->ucap)
			p->users = xreallocarray(p->users, p->ucap = p->ucap * 2 +
			    16, sizeof *p->users);
		p->users[i] = 0;
	}
	return i;
}

/* Add up to BATCH pairs, prefetching the user slots, then the pair slots. */
static void
part_batch(struct part *p, const struct pair *q, size_t n)
{
	uint64_t	uh[BATCH], pk[BATCH], ph[BATCH], ci[BATCH], u;
	size_t		i;
	int		isnew;

	for (i = 0; i < n; i++) {
		uh[i] = hash64(q[i].msisdn);
		__builtin_prefetch(&p->user.slots[slot_of(uh[i], p->user.bits)]);
	}
	for (i = 0; i < n; i++) {
		ci[i] = part_cell(p, q[i].cell);
		u = map_get(&p->user, q[i].msisdn, uh[i], &isnew);
		pk[i] = ci[i] << 32 | u;
		ph[i] = hash64(pk[i]);
		__builtin_prefetch(&p->pairs.slots[slot_of(ph[i], p->pairs.bits)]);
	}
	for (i = 0; i < n; i++)
		if (set_add(&p->pairs, pk[i], ph[i]))
			p->users[ci[i]]++;
}

/* Add n pairs to p; the caller holds p's lock. */
static void
part_add(struct part *p, const struct pair *q, size_t n)
{
	size_t	k;

	map_reserve(&p->cell, n);
	map_reserve(&p->user, n);
	set_reserve(&p->pairs, n);
	for (; n > 0; q += k, n -= k) {
		k = n < BATCH ? n : BATCH;
		part_batch(p, q, k);
	}
}

static void
part_init(struct part *p)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mtx, NULL);
	map_init(&p->cell);
	map_init(&p->user);
	set_init(&p->pairs);
}

static void
part_free(struct part *p)
{
	pthread_mutex_destroy(&p->mtx);
	map_free(&p->cell);
	map_free(&p->user);
	table_free(p->pairs.slots, sizeof *p->pairs.slots << p->pairs.bits);
	free(p->users);
}

/* Add src's pairs to dst: translate its indexes, insert again. */
static void
part_merge(struct part *dst, const struct part *src)
{
	uint64_t	*xc, *xu, k;
	size_t		 i;
	int		 isnew;

	xc = xreallocarray(NULL, src->cell.count + 1, sizeof *xc);
	xu = xreallocarray(NULL, src->user.count + 1, sizeof *xu);
	map_reserve(&dst->cell, src->cell.count);
	map_reserve(&dst->user, src->user.count);
	set_reserve(&dst->pairs, src->pairs.count);
	for (i = 0; i < src->cell.count; i++)
		xc[i] = part_cell(dst, src->cell.keys[i]);
	for (i = 0; i < src->user.count; i++)
		xu[i] = map_get(&dst->user, src->user.keys[i],
		    hash64(src->user.keys[i]), &isnew);
	for (i = 0; i < (size_t)1 << src->pairs.bits; i++) {
		if ((k = src->pairs.slots[i]) == 0)
			continue;
		k--;
		k = xc[k >> 32] << 32 | xu[k & 0xffffffff];
		if (set_add(&dst->pairs, k, hash64(k)))
			dst->users[k >> 32]++;
	}
	free(xc);
	free(xu);
}

/* --- the aggregate --- */

struct agg *
agg_new(int nparts)
{
	struct agg	*a = xcalloc(1, sizeof *a);
	int		 i;

	a->nparts = nparts > 0 ? nparts : 1;
	pthread_mutex_init(&a->mtx, NULL);
	map_init(&a->bytes.svc);
	a->parts = xcalloc((size_t)a->nparts, sizeof *a->parts);
	for (i = 0; i < a->nparts; i++)
		part_init(&a->parts[i]);
	return a;
}

void
agg_free(struct agg *a)
{
	int	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nparts; i++)
		part_free(&a->parts[i]);
	free(a->parts);
	map_free(&a->bytes.svc);
	free(a->bytes.sum);
	pthread_mutex_destroy(&a->mtx);
	free(a);
}

struct agg_feed *
agg_feed_new(struct agg *a)
{
	struct agg_feed	*f = xcalloc(1, sizeof *f);
	int		 i;

	f->a = a;
	map_init(&f->bytes.svc);
	f->q = xcalloc((size_t)a->nparts, sizeof *f->q);
	f->nq = xcalloc((size_t)a->nparts, sizeof *f->nq);
	/* The queues share FEED_PAIRS, however many partitions there are. */
	f->qcap = FEED_PAIRS / (size_t)a->nparts / BATCH * BATCH;
	if (f->qcap < 4 * BATCH)
		f->qcap = 4 * BATCH;
	f->qtry = f->qcap / 16 / BATCH * BATCH;
	if (f->qtry < BATCH)
		f->qtry = BATCH;
	for (i = 0; i < a->nparts; i++)
		f->q[i] = xreallocarray(NULL, f->qcap, sizeof *f->q[i]);
	return f;
}

/* Hand partition i's queue over: wait for the lock only when it is full. */
static void
feed_flush(struct agg_feed *f, int i, int wait)
{
	struct part	*p = &f->a->parts[i];

	if (f->nq[i] == 0)
		return;
	if (wait || f->nq[i] >= f->qcap - BATCH)
		pthread_mutex_lock(&p->mtx);
	else if (pthread_mutex_trylock(&p->mtx) != 0)
		return;
	part_add(p, f->q[i], f->nq[i]);
	pthread_mutex_unlock(&p->mtx);
	f->nq[i] = 0;
}

void
agg_feed_add(struct agg_feed *f, const struct flow_row *rows, size_t n)
{
	size_t	i;
	int	k, np = f->a->nparts;

	for (i = 0; i < n; i++) {
		bytes_add(&f->bytes, rows[i].service, rows[i].bytes);
		k = np == 1 ? 0 : part_of(rows[i].msisdn, np);
		f->q[k][f->nq[k]].msisdn = rows[i].msisdn;
		f->q[k][f->nq[k]++].cell = rows[i].cell;
		if (f->nq[k] >= f->qtry && f->nq[k] % BATCH == 0)
			feed_flush(f, k, 0);
	}
}

void
agg_feed_done(struct agg_feed *f)
{
	int	i;

	for (i = 0; i < f->a->nparts; i++) {
		feed_flush(f, i, 1);
		free(f->q[i]);
	}
	pthread_mutex_lock(&f->a->mtx);
	bytes_merge(&f->a->bytes, &f->bytes);
	pthread_mutex_unlock(&f->a->mtx);
	map_free(&f->bytes.svc);
	free(f->bytes.sum);
	free(f->q);
	free(f->nq);
	free(f);
}

void
agg_add(struct agg *a, const struct flow_row *rows, size_t n)
{
	struct agg_feed	*f = agg_feed_new(a);

	agg_feed_add(f, rows, n);
	agg_feed_done(f);
}

void
agg_merge(struct agg *dst, const struct agg *src)
{
	int	i;

	bytes_merge(&dst->bytes, &src->bytes);
	for (i = 0; i < dst->nparts && i < src->nparts; i++)
		part_merge(&dst->parts[i], &src->parts[i]);
}

struct kv *
agg_services(const struct agg *a, size_t *n, int *saturated)
{
	const struct bytes	*b = &a->bytes;
	struct kv		*v = xreallocarray(NULL, b->svc.count + 1,
				    sizeof *v);
	size_t			 i;

	for (i = 0; i < b->svc.count; i++) {
		v[i].key = (int64_t)b->svc.keys[i];
		v[i].value = (int64_t)b->sum[i];
	}
	*n = b->svc.count;
	*saturated = b->saturated;
	return v;
}

struct kv *
agg_cells(const struct agg *a, size_t *n)
{
	struct map	 m;
	struct kv	*v = NULL;
	size_t		 i, cap = 0;
	uint64_t	 j;
	int		 k, isnew;

	map_init(&m);
	*n = 0;
	for (k = 0; k < a->nparts; k++) {
		const struct part *p = &a->parts[k];

		map_reserve(&m, p->cell.count);
		for (i = 0; i < p->cell.count; i++) {
			j = map_get(&m, p->cell.keys[i], hash64(p->cell.keys[i]),
			    &isnew);
			if (isnew) {
				if (j >= cap)
					v = xreallocarray(v, cap = cap * 2 + 64,
					    sizeof *v);
				v[j].key = (int64_t)p->cell.keys[i];
				v[j].value = 0;
				(*n)++;
			}
			v[j].value += p->users[i];
		}
	}
	map_free(&m);
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	return v;
}
