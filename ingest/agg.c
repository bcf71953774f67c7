/* agg.c: per-key KPI aggregation: partitions, feeds, merge, results */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "hash.h"
#include "log.h"
#include "xmalloc.h"

#define FEED_PAIRS	65536	/* queued pairs of a feed per distinct count */
#define BATCH		64

/*
 * How each aggregate of kpi.h is computed: what it does with a row,
 * and the row's field that is its key.  A new aggregate is its name in
 * enum kpi_agg and one row here.
 */
enum agg_kind { SUM_BYTES = 1, DISTINCT_USERS };
enum agg_key { BY_SERVICE, BY_CELL };

static const struct aggdef {
	enum agg_kind	kind;
	enum agg_key	by;
} aggdefs[KPI_AGG_MAX] = {
	[KPI_AGG_SERVICE_BYTES] = { SUM_BYTES, BY_SERVICE },
	[KPI_AGG_CELL_USERS] = { DISTINCT_USERS, BY_CELL },
	[KPI_AGG_CELL_BYTES] = { SUM_BYTES, BY_CELL },
};

/* Bytes (up + down) summed per key, saturated at 2^63-1. */
struct sum {
	struct hmap	 keys;
	uint64_t	*v;		/* per key index */
	size_t		 cap;
	int		 saturated;
};

/*
 * One partition of a distinct count: the (key, user) pairs of some
 * users, as key index << 32 | user index.
 */
struct part {
	pthread_mutex_t	 mtx;
	struct hmap	 key, user;
	uint32_t	*users;		/* distinct users per key index */
	size_t		 ucap;
	struct hset	 pairs;
};

struct agg {
	int		 nparts;
	enum kpi_agg	 ids[KPI_AGG_MAX];	/* the aggregates computed */
	int		 n;
	pthread_mutex_t	 mtx;		/* for the sums, from feeds */
	struct sum	 sum[KPI_AGG_MAX];
	struct part	*parts[KPI_AGG_MAX];	/* nparts per distinct count */
};

struct pair {
	uint64_t	msisdn;
	uint64_t	key;
};

/* A feed's queues of pairs for one distinct count, one per partition. */
struct queue {
	struct pair	**q;
	size_t		 *n;
};

struct agg_feed {
	struct agg	*a;
	struct sum	 sum[KPI_AGG_MAX];
	struct queue	 q[KPI_AGG_MAX];
	size_t		 qcap;		/* of each queue, a multiple of BATCH */
	size_t		 qtry;		/* queued pairs before a flush try */
};

static inline uint64_t
key_of(const struct flow_row *r, enum agg_key by)
{
	return by == BY_CELL ? r->cell : r->service;
}

/* --- sums --- */

static void
sum_init(struct sum *s)
{
	memset(s, 0, sizeof *s);
	hmap_init(&s->keys);
}

static void
sum_free(struct sum *s)
{
	hmap_free(&s->keys);
	free(s->v);
	s->v = NULL;
}

static void
sum_add(struct sum *s, uint64_t key, uint64_t n)
{
	uint64_t	i;
	int		isnew;

	hmap_reserve(&s->keys, 1);
	i = hmap_get(&s->keys, key, hash64(key), &isnew);
	if (isnew) {
		if (i == s->cap)
			s->v = xreallocarray(s->v, s->cap = s->cap * 2 + 16,
			    sizeof *s->v);
		s->v[i] = 0;
	}
	if (s->v[i] > (uint64_t)INT64_MAX - n) {
		s->v[i] = INT64_MAX;
		s->saturated = 1;
	} else
		s->v[i] += n;
}

static void
sum_merge(struct sum *dst, const struct sum *src)
{
	size_t	i;

	for (i = 0; i < src->keys.count; i++)
		sum_add(dst, src->keys.keys[i], src->v[i]);
	dst->saturated |= src->saturated;
}

static struct kv *
sum_result(const struct sum *s, size_t *n, int *saturated)
{
	struct kv	*v = xreallocarray(NULL, s->keys.count + 1, sizeof *v);
	size_t		 i;

	for (i = 0; i < s->keys.count; i++) {
		v[i].key = (int64_t)s->keys.keys[i];
		v[i].value = (int64_t)s->v[i];
	}
	*n = s->keys.count;
	*saturated = s->saturated;
	return v;
}

/* --- partitions of a distinct count --- */

static inline int
part_of(uint64_t msisdn, int nparts)
{
	return (int)((((msisdn * UINT64_C(0xff51afd7ed558ccd)) >> 32) &
	    0xffffffff) * (uint64_t)nparts >> 32);
}

static void
part_init(struct part *p)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mtx, NULL);
	hmap_init(&p->key);
	hmap_init(&p->user);
	hset_init(&p->pairs);
}

static void
part_free(struct part *p)
{
	pthread_mutex_destroy(&p->mtx);
	hmap_free(&p->key);
	hmap_free(&p->user);
	hset_free(&p->pairs);
	free(p->users);
}

/* The index of key in p, added with no users when new. */
static uint64_t
part_key(struct part *p, uint64_t key)
{
	uint64_t	i;
	int		isnew;

	i = hmap_get(&p->key, key, hash64(key), &isnew);
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
	uint64_t	uh[BATCH], pk[BATCH], ph[BATCH], ki[BATCH], u;
	size_t		i;
	int		isnew;

	for (i = 0; i < n; i++) {
		uh[i] = hash64(q[i].msisdn);
		__builtin_prefetch(&p->user.slots[hash_slot(uh[i], p->user.bits)]);
	}
	for (i = 0; i < n; i++) {
		ki[i] = part_key(p, q[i].key);
		u = hmap_get(&p->user, q[i].msisdn, uh[i], &isnew);
		pk[i] = ki[i] << 32 | u;
		ph[i] = hash64(pk[i]);
		__builtin_prefetch(&p->pairs.slots[hash_slot(ph[i], p->pairs.bits)]);
	}
	for (i = 0; i < n; i++)
		if (hset_add(&p->pairs, pk[i], ph[i]))
			p->users[ki[i]]++;
}

/* Add n pairs to p; the caller holds p's lock. */
static void
part_add(struct part *p, const struct pair *q, size_t n)
{
	size_t	k;

	hmap_reserve(&p->key, n);
	hmap_reserve(&p->user, n);
	hset_reserve(&p->pairs, n);
	for (; n > 0; q += k, n -= k) {
		k = n < BATCH ? n : BATCH;
		part_batch(p, q, k);
	}
}

/* Add src's pairs to dst: translate its indexes, insert again. */
static void
part_merge(struct part *dst, const struct part *src)
{
	uint64_t	*xk, *xu, k;
	size_t		 i;
	int		 isnew;

	xk = xreallocarray(NULL, src->key.count + 1, sizeof *xk);
	xu = xreallocarray(NULL, src->user.count + 1, sizeof *xu);
	hmap_reserve(&dst->key, src->key.count);
	hmap_reserve(&dst->user, src->user.count);
	hset_reserve(&dst->pairs, src->pairs.count);
	for (i = 0; i < src->key.count; i++)
		xk[i] = part_key(dst, src->key.keys[i]);
	for (i = 0; i < src->user.count; i++)
		xu[i] = hmap_get(&dst->user, src->user.keys[i],
		    hash64(src->user.keys[i]), &isnew);
	for (i = 0; i < (size_t)1 << src->pairs.bits; i++) {
		if ((k = src->pairs.slots[i]) == 0)
			continue;
		k--;
		k = xk[k >> 32] << 32 | xu[k & 0xffffffff];
		if (hset_add(&dst->pairs, k, hash64(k)))
			dst->users[k >> 32]++;
	}
	free(xk);
	free(xu);
}

/* The distinct users per key over all partitions. */
static struct kv *
distinct_result(const struct part *parts, int nparts, size_t *n)
{
	struct hmap	 m;
	struct kv	*v = xcalloc(1, sizeof *v);
	size_t		 i, cap = 1;
	uint64_t	 j;
	int		 k, isnew;

	hmap_init(&m);
	for (k = 0; k < nparts; k++) {
		const struct part *p = &parts[k];

		hmap_reserve(&m, p->key.count);
		for (i = 0; i < p->key.count; i++) {
			j = hmap_get(&m, p->key.keys[i], hash64(p->key.keys[i]),
			    &isnew);
			if (isnew) {
				if (j >= cap)
					v = xreallocarray(v, cap = cap * 2 + 64,
					    sizeof *v);
				v[j].key = (int64_t)p->key.keys[i];
				v[j].value = 0;
			}
			v[j].value += p->users[i];
		}
	}
	*n = m.count;
	hmap_free(&m);
	return v;
}

void
agg_pairs(const struct agg *a, enum kpi_agg which,
    void (*fn)(void *ctx, int64_t key, uint64_t msisdn), void *ctx)
{
	const struct part *p;
	uint64_t	 k;
	size_t		 i;
	int		 j;

	if (a->parts[which] == NULL)
		return;
	for (j = 0; j < a->nparts; j++) {
		p = &a->parts[which][j];
		for (i = 0; i < (size_t)1 << p->pairs.bits; i++) {
			if ((k = p->pairs.slots[i]) == 0)
				continue;
			k--;
			fn(ctx, (int64_t)p->key.keys[k >> 32],
			    p->user.keys[k & 0xffffffff]);
		}
	}
}

/* --- the aggregate --- */

/* Compute aggregate id in a too. */
static void
agg_on(struct agg *a, enum kpi_agg id)
{
	int	i;

	for (i = 0; i < a->n; i++)
		if (a->ids[i] == id)
			return;
	if (aggdefs[id].kind == 0) {
		log_error("aggregate %d has no definition in agg.c", (int)id);
		abort();
	}
	a->ids[a->n++] = id;
	if (aggdefs[id].kind == SUM_BYTES) {
		sum_init(&a->sum[id]);
		return;
	}
	a->parts[id] = xcalloc((size_t)a->nparts, sizeof *a->parts[id]);
	for (i = 0; i < a->nparts; i++)
		part_init(&a->parts[id][i]);
}

struct agg *
agg_new(int nparts, kpi_mask kpis)
{
	struct agg	*a = xcalloc(1, sizeof *a);
	size_t		 i;

	a->nparts = nparts > 0 ? nparts : 1;
	pthread_mutex_init(&a->mtx, NULL);
	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_on(kpis, &kpi_registry[i]))
			agg_on(a, kpi_registry[i].agg);
	return a;
}

void
agg_free(struct agg *a)
{
	enum kpi_agg	id;
	int		i, k;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		id = a->ids[i];
		if (a->parts[id] == NULL) {
			sum_free(&a->sum[id]);
			continue;
		}
		for (k = 0; k < a->nparts; k++)
			part_free(&a->parts[id][k]);
		free(a->parts[id]);
	}
	pthread_mutex_destroy(&a->mtx);
	free(a);
}

struct agg_feed *
agg_feed_new(struct agg *a)
{
	struct agg_feed	*f = xcalloc(1, sizeof *f);
	struct queue	*q;
	int		 i, k;

	f->a = a;
	/* The queues share FEED_PAIRS, however many partitions there are. */
	f->qcap = FEED_PAIRS / (size_t)a->nparts / BATCH * BATCH;
	if (f->qcap < 4 * BATCH)
		f->qcap = 4 * BATCH;
	f->qtry = f->qcap / 16 / BATCH * BATCH;
	if (f->qtry < BATCH)
		f->qtry = BATCH;
	for (i = 0; i < a->n; i++) {
		if (a->parts[a->ids[i]] == NULL) {
			sum_init(&f->sum[a->ids[i]]);
			continue;
		}
		q = &f->q[a->ids[i]];
		q->q = xcalloc((size_t)a->nparts, sizeof *q->q);
		q->n = xcalloc((size_t)a->nparts, sizeof *q->n);
		for (k = 0; k < a->nparts; k++)
			q->q[k] = xreallocarray(NULL, f->qcap, sizeof *q->q[k]);
	}
	return f;
}

/*
 * Hand partition k's queue of distinct count id over: wait for the
 * lock only when it is full (or wait is set).
 */
static void
feed_flush(struct agg_feed *f, enum kpi_agg id, int k, int wait)
{
	struct part	*p = &f->a->parts[id][k];
	struct queue	*q = &f->q[id];

	if (q->n[k] == 0)
		return;
	if (wait || q->n[k] >= f->qcap - BATCH)
		pthread_mutex_lock(&p->mtx);
	else if (pthread_mutex_trylock(&p->mtx) != 0)
		return;
	part_add(p, q->q[k], q->n[k]);
	pthread_mutex_unlock(&p->mtx);
	q->n[k] = 0;
}

static void
feed_pairs(struct agg_feed *f, enum kpi_agg id, const struct flow_row *rows,
    size_t n)
{
	struct queue	*q = &f->q[id];
	enum agg_key	 by = aggdefs[id].by;
	size_t		 i;
	int		 k, np = f->a->nparts;

	for (i = 0; i < n; i++) {
		k = np == 1 ? 0 : part_of(rows[i].msisdn, np);
		q->q[k][q->n[k]].msisdn = rows[i].msisdn;
		q->q[k][q->n[k]++].key = key_of(&rows[i], by);
		if (q->n[k] >= f->qtry && q->n[k] % BATCH == 0)
			feed_flush(f, id, k, 0);
	}
}

void
agg_feed_add(struct agg_feed *f, const struct flow_row *rows, size_t n)
{
	enum kpi_agg	id;
	size_t		i;
	int		j;

	for (j = 0; j < f->a->n; j++) {
		id = f->a->ids[j];
		if (f->a->parts[id] != NULL) {
			feed_pairs(f, id, rows, n);
			continue;
		}
		for (i = 0; i < n; i++)
			sum_add(&f->sum[id], key_of(&rows[i], aggdefs[id].by),
			    rows[i].bytes);
	}
}

/* Flush and free f's queues of distinct count id. */
static void
feed_done_pairs(struct agg_feed *f, enum kpi_agg id)
{
	struct queue	*q = &f->q[id];
	int		 k;

	for (k = 0; k < f->a->nparts; k++) {
		feed_flush(f, id, k, 1);
		free(q->q[k]);
	}
	free(q->q);
	free(q->n);
}

void
agg_feed_done(struct agg_feed *f)
{
	struct agg	*a = f->a;
	enum kpi_agg	 id;
	int		 i;

	for (i = 0; i < a->n; i++)
		if (a->parts[a->ids[i]] != NULL)
			feed_done_pairs(f, a->ids[i]);
	pthread_mutex_lock(&a->mtx);
	for (i = 0; i < a->n; i++) {
		id = a->ids[i];
		if (a->parts[id] == NULL)
			sum_merge(&a->sum[id], &f->sum[id]);
	}
	pthread_mutex_unlock(&a->mtx);
	for (i = 0; i < a->n; i++)
		if (a->parts[a->ids[i]] == NULL)
			sum_free(&f->sum[a->ids[i]]);
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
	enum kpi_agg	id;
	int		i, k;

	for (i = 0; i < dst->n; i++) {
		id = dst->ids[i];
		if (dst->parts[id] == NULL)
			sum_merge(&dst->sum[id], &src->sum[id]);
		else
			for (k = 0; k < dst->nparts && k < src->nparts; k++)
				part_merge(&dst->parts[id][k], &src->parts[id][k]);
	}
}

struct kv *
agg_result(const struct agg *a, enum kpi_agg which, size_t *n,
    int *saturated)
{
	*saturated = 0;
	if (a->parts[which] != NULL)
		return distinct_result(a->parts[which], a->nparts, n);
	if (a->sum[which].keys.slots != NULL)
		return sum_result(&a->sum[which], n, saturated);
	*n = 0;
	return xcalloc(1, sizeof(struct kv));
}
