/* agg.c: per-key KPI aggregation (service bytes, distinct users per cell) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "xmalloc.h"

/*
 * Keys (service, cell, msisdn) map to dense indexes in open-addressing
 * tables; a (cell, user) pair is one 64-bit key, cell index in the high
 * half, in a set.  Empty slots hold EMPTY, which no key can be: ids are
 * below 2^50 and indexes below 2^32 - 1.
 */
#define EMPTY		UINT64_MAX
#define MIN_BITS	6

struct slot {
	uint64_t	key;
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
	uint64_t	*slots;
	unsigned	 bits;
	size_t		 count;
};

struct agg {
	struct map	 svc, cell, user;
	uint64_t	*bytes;		/* per service index */
	int		 saturated;	/* a service total passed 2^63-1 */
	uint32_t	*users;		/* distinct users per cell index */
	size_t		 vcap;		/* of bytes and users */
	struct set	 pairs;
};

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

static void
map_init(struct map *m, unsigned bits)
{
	m->bits = bits;
	m->count = 0;
	m->slots = xreallocarray(NULL, (size_t)1 << bits, sizeof *m->slots);
	memset(m->slots, 0xff, sizeof *m->slots << bits);
}

static void
set_init(struct set *s, unsigned bits)
{
	s->bits = bits;
	s->count = 0;
	s->slots = xreallocarray(NULL, (size_t)1 << bits, sizeof *s->slots);
	memset(s->slots, 0xff, sizeof *s->slots << bits);
}

/* Grow m so that extra more keys keep the load under 5/8. */
static void
map_reserve(struct map *m, size_t extra)
{
	struct slot	*old = m->slots;
	size_t		 oldn = (size_t)1 << m->bits, i, j, mask;

	if ((m->count + extra) * 8 <= (oldn * 5))
		return;
	while ((m->count + extra) * 8 > ((size_t)5 << m->bits))
		m->bits++;
	map_init(m, m->bits);
	mask = ((size_t)1 << m->bits) - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i].key == EMPTY)
			continue;
		for (j = slot_of(hash64(old[i].key), m->bits);
		    m->slots[j].key != EMPTY; j = (j + 1) & mask)
			;
		m->slots[j] = old[i];
		m->count++;
	}
	free(old);
}

static void
set_reserve(struct set *s, size_t extra)
{
	uint64_t	*old = s->slots;
	size_t		 oldn = (size_t)1 << s->bits, i, j, mask;

	if ((s->count + extra) * 8 <= (oldn * 5))
		return;
	while ((s->count + extra) * 8 > ((size_t)5 << s->bits))
		s->bits++;
	set_init(s, s->bits);
	mask = ((size_t)1 << s->bits) - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i] == EMPTY)
			continue;
		for (j = slot_of(hash64(old[i]), s->bits);
		    s->slots[j] != EMPTY; j = (j + 1) & mask)
			;
		s->slots[j] = old[i];
		s->count++;
	}
	free(old);
}

/*
 * The index of key (hash h), added when new (*isnew = 1).  Space must
 * have been reserved.
 */
static inline uint64_t
map_get(struct map *m, uint64_t key, uint64_t h, int *isnew)
{
	size_t	mask = ((size_t)1 << m->bits) - 1, j;

	for (j = slot_of(h, m->bits); m->slots[j].key != EMPTY;
	    j = (j + 1) & mask)
		if (m->slots[j].key == key) {
			*isnew = 0;
			return m->slots[j].idx;
		}
	*isnew = 1;
	if (m->count == m->keycap)
		m->keys = xreallocarray(m->keys, m->keycap = m->keycap * 2 + 64,
		    sizeof *m->keys);
	m->keys[m->count] = key;
	m->slots[j].key = key;
	m->slots[j].idx = m->count;
	return m->count++;
}

/* Add key (hash h); returns 1 when it was new. */
static inline int
set_add(struct set *s, uint64_t key, uint64_t h)
{
	size_t	mask = ((size_t)1 << s->bits) - 1, j;

	for (j = slot_of(h, s->bits); s->slots[j] != EMPTY; j = (j + 1) & mask)
		if (s->slots[j] == key)
			return 0;
	s->slots[j] = key;
	s->count++;
	return 1;
}

struct agg *
agg_new(void)
{
	struct agg	*a = xcalloc(1, sizeof *a);

	map_init(&a->svc, MIN_BITS);
	map_init(&a->cell, MIN_BITS);
	map_init(&a->user, MIN_BITS);
	set_init(&a->pairs, MIN_BITS);
	return a;
}

void
agg_free(struct agg *a)
{
	if (a == NULL)
		return;
	free(a->svc.slots);
	free(a->svc.keys);
	free(a->cell.slots);
	free(a->cell.keys);
	free(a->user.slots);
	free(a->user.keys);
	free(a->pairs.slots);
	free(a->bytes);
	free(a->users);
	free(a);
}

void
agg_reset(struct agg *a)
{
	/* Big tables go back to the allocator: memory follows the data. */
	free(a->user.slots);
	free(a->pairs.slots);
	map_init(&a->user, MIN_BITS);
	set_init(&a->pairs, MIN_BITS);
	memset(a->svc.slots, 0xff, sizeof *a->svc.slots << a->svc.bits);
	memset(a->cell.slots, 0xff, sizeof *a->cell.slots << a->cell.bits);
	a->svc.count = a->cell.count = 0;
	a->saturated = 0;
}

int
agg_empty(const struct agg *a)
{
	return a->svc.count == 0 && a->cell.count == 0;
}

/* Make room for a value at index i of bytes and users. */
static void
grow_values(struct agg *a, size_t i)
{
	size_t	old = a->vcap;

	if (i < old)
		return;
	a->vcap = i + 1 > old * 2 ? i + 1 : old * 2;
	a->bytes = xreallocarray(a->bytes, a->vcap, sizeof *a->bytes);
	a->users = xreallocarray(a->users, a->vcap, sizeof *a->users);
}

static inline void
add_bytes(struct agg *a, uint64_t svc, uint64_t bytes)
{
	uint64_t	i;
	int		isnew;

	i = map_get(&a->svc, svc, hash64(svc), &isnew);
	if (isnew) {
		grow_values(a, i);
		a->bytes[i] = 0;
	}
	if (a->bytes[i] > (uint64_t)INT64_MAX - bytes) {
		a->bytes[i] = INT64_MAX;
		a->saturated = 1;
	} else
		a->bytes[i] += bytes;
}

static inline uint64_t
cell_index(struct agg *a, uint64_t cell)
{
	uint64_t	i;
	int		isnew;

	i = map_get(&a->cell, cell, hash64(cell), &isnew);
	if (isnew) {
		grow_values(a, i);
		a->users[i] = 0;
	}
	return i;
}

/* One batch: prefetch the user slots, then the pair slots. */
static void
add_batch(struct agg *a, const struct flow_row *r, size_t n)
{
	uint64_t	uh[AGG_BATCH], pk[AGG_BATCH], ph[AGG_BATCH];
	uint64_t	ci[AGG_BATCH], u;
	size_t		i;
	int		isnew;

	map_reserve(&a->svc, n);
	map_reserve(&a->cell, n);
	map_reserve(&a->user, n);
	set_reserve(&a->pairs, n);
	for (i = 0; i < n; i++) {
		uh[i] = hash64(r[i].msisdn);
		__builtin_prefetch(&a->user.slots[slot_of(uh[i], a->user.bits)]);
	}
	for (i = 0; i < n; i++) {
		add_bytes(a, r[i].service, r[i].bytes);
		ci[i] = cell_index(a, r[i].cell);
		u = map_get(&a->user, r[i].msisdn, uh[i], &isnew);
		pk[i] = ci[i] << 32 | u;
		ph[i] = hash64(pk[i]);
		__builtin_prefetch(&a->pairs.slots[slot_of(ph[i], a->pairs.bits)]);
	}
	for (i = 0; i < n; i++)
		if (set_add(&a->pairs, pk[i], ph[i]))
			a->users[ci[i]]++;
}

void
agg_add(struct agg *a, const struct flow_row *rows, size_t n)
{
	size_t	k;

	while (n > 0) {
		k = n < AGG_BATCH ? n : AGG_BATCH;
		add_batch(a, rows, k);
		rows += k;
		n -= k;
	}
}

/* Map every key of src's map m into dst's map d; returns the index table. */
static uint64_t *
translate(struct agg *dst, struct map *d, const struct map *m, int cells)
{
	uint64_t	*x = xreallocarray(NULL, m->count + 1, sizeof *x);
	size_t		 i;
	int		 isnew;

	map_reserve(d, m->count);
	for (i = 0; i < m->count; i++) {
		if (cells)
			x[i] = cell_index(dst, m->keys[i]);
		else
			x[i] = map_get(d, m->keys[i], hash64(m->keys[i]), &isnew);
	}
	return x;
}

void
agg_merge(struct agg *dst, const struct agg *src)
{
	uint64_t	*xc, *xu, k;
	size_t		 i, n = (size_t)1 << src->pairs.bits;

	for (i = 0; i < src->svc.count; i++) {
		map_reserve(&dst->svc, 1);
		add_bytes(dst, src->svc.keys[i], src->bytes[i]);
	}
	dst->saturated |= src->saturated;
	xc = translate(dst, &dst->cell, &src->cell, 1);
	xu = translate(dst, &dst->user, &src->user, 0);
	set_reserve(&dst->pairs, src->pairs.count);
	for (i = 0; i < n; i++) {
		if ((k = src->pairs.slots[i]) == EMPTY)
			continue;
		k = xc[k >> 32] << 32 | xu[k & 0xffffffff];
		if (set_add(&dst->pairs, k, hash64(k)))
			dst->users[k >> 32]++;
	}
	free(xc);
	free(xu);
}

struct kv *
agg_services(const struct agg *a, size_t *n, int *saturated)
{
	struct kv	*v = xreallocarray(NULL, a->svc.count + 1, sizeof *v);
	size_t		 i;

	for (i = 0; i < a->svc.count; i++) {
		v[i].key = (int64_t)a->svc.keys[i];
		v[i].value = (int64_t)a->bytes[i];
	}
	*n = a->svc.count;
	*saturated = a->saturated;
	return v;
}

struct kv *
agg_cells(const struct agg *a, size_t *n)
{
	struct kv	*v = xreallocarray(NULL, a->cell.count + 1, sizeof *v);
	size_t		 i;

	for (i = 0; i < a->cell.count; i++) {
		v[i].key = (int64_t)a->cell.keys[i];
		v[i].value = a->users[i];
	}
	*n = a->cell.count;
	return v;
}
