/* agg_distinct.c: the aggregate of distinct users (msisdn) per key */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agg_ops.h"
#include "fanout.h"
#include "hash.h"
#include "xmalloc.h"

#define FEED_PAIRS	65536	/* queued pairs of a feed, all partitions */
#define BATCH		64

/*
 * One partition: the (key, user) pairs of some users.  Users are split
 * by msisdn into partitions that feeds fill at once, each under its own
 * lock: no two partitions share a user, so the counts add up across
 * them.  A pair is narrow while the partition has fewer than
 * NARROW_KEYS keys and every msisdn is below 2^USER_BITS (the reader
 * takes 15 digits at most): key index << USER_BITS | msisdn, with no
 * lookup of the user.  Past that, the partition turns wide for good
 * (part_widen): key index << 32 | user index, the users in a map of
 * their own.  Key and user indexes are the partition's own.
 */
#define USER_BITS	50
#define USER_MASK	((UINT64_C(1) << USER_BITS) - 1)
#define NARROW_KEYS	((size_t)1 << (64 - USER_BITS))

struct part {
	pthread_mutex_t	 mtx;
	struct hmap	 key, user;	/* user: wide only */
	uint32_t	*users;		/* distinct users per key index */
	size_t		 ucap;
	struct hset	 pairs;
	int		 wide;
};

struct distinct {
	int		 nparts;
	enum agg_key	 by;
	struct part	*parts;
};

struct pair {
	uint64_t	msisdn;
	uint64_t	key;
};

/* A feed: its queues of pairs, one per partition. */
struct distinct_feed {
	struct distinct	 *d;
	struct pair	**q;
	size_t		 *n;
	size_t		  qcap;		/* of each queue, a multiple of BATCH */
	size_t		  qtry;		/* queued pairs before a flush try */
};

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

/* The index of key in p, added (with no users yet) when new. */
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

/*
 * Add up to BATCH pairs to a wide partition, prefetching the user
 * slots, then the pair slots.  The keys' indexes are looked up first,
 * apart from the pairs: the keys' table is small, and a new pair then
 * counts in users[] with no lookup.
 */
static void
part_batch(struct part *p, const struct pair *q, size_t n)
{
	uint64_t	uh[BATCH], pk[BATCH], ph[BATCH], u;
	size_t		i;
	int		isnew;

	for (i = 0; i < n; i++) {
		uh[i] = hash64(q[i].msisdn);
		__builtin_prefetch(&p->user.slots[hash_slot(uh[i], p->user.bits)]);
		pk[i] = part_key(p, q[i].key) << 32;
	}
	for (i = 0; i < n; i++) {
		u = hmap_get(&p->user, q[i].msisdn, uh[i], &isnew);
		pk[i] |= u;
		ph[i] = hash64(pk[i]);
		__builtin_prefetch(&p->pairs.slots[hash_slot(ph[i], p->pairs.bits)]);
	}
	for (i = 0; i < n; i++)
		if (hset_add(&p->pairs, pk[i], ph[i]))
			p->users[pk[i] >> 32]++;
}

/* The same into a narrow partition: no user to look up. */
static void
part_batch_narrow(struct part *p, const struct pair *q, size_t n)
{
	uint64_t	pk[BATCH], ph[BATCH];
	size_t		i;

	for (i = 0; i < n; i++) {
		pk[i] = part_key(p, q[i].key) << USER_BITS | q[i].msisdn;
		ph[i] = hash64(pk[i]);
		__builtin_prefetch(&p->pairs.slots[hash_slot(ph[i], p->pairs.bits)]);
	}
	for (i = 0; i < n; i++)
		if (hset_add(&p->pairs, pk[i], ph[i]))
			p->users[pk[i] >> USER_BITS]++;
}

/*
 * A narrow partition made wide: its users into their map, its pairs
 * written again with their users' indexes (users[] is unchanged).
 */
static void
part_widen(struct part *p)
{
	struct hset	 old = p->pairs;
	uint64_t	 k[HSET_BATCH], v, u;
	size_t		 i, n = 0;
	int		 isnew;

	hset_init(&p->pairs);
	hset_reserve(&p->pairs, old.count);
	hmap_reserve(&p->user, old.count);
	for (i = 0; i < (size_t)1 << old.bits; i++) {
		if (old.slots[i] == 0)
			continue;
		v = old.slots[i] - 1;
		u = hmap_get(&p->user, v & USER_MASK, hash64(v & USER_MASK),
		    &isnew);
		k[n++] = v >> USER_BITS << 32 | u;
		if (n == HSET_BATCH) {
			hset_add_batch(&p->pairs, k, n, NULL);
			n = 0;
		}
	}
	hset_add_batch(&p->pairs, k, n, NULL);
	hset_free(&old);
	p->wide = 1;
}

/* 1 when pairs q[0 .. n) of new keys at most fit p narrow. */
static int
fits_narrow(const struct part *p, const struct pair *q, size_t n)
{
	uint64_t	any = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		any |= q[i].msisdn;
	return p->key.count + n <= NARROW_KEYS && any <= USER_MASK;
}

/*
 * Add n pairs to p; the caller holds p's lock.  The keys' table makes
 * room for a batch at a time: sized for a queue of pairs, each a new
 * key at worst, the table of a few thousand cells took a megabyte, and
 * every row's lookup missed the cache.
 */
static void
part_add(struct part *p, const struct pair *q, size_t n)
{
	size_t	k;

	hset_reserve(&p->pairs, n);
	for (; n > 0; q += k, n -= k) {
		k = n < BATCH ? n : BATCH;
		hmap_reserve(&p->key, k);
		if (!p->wide && !fits_narrow(p, q, k)) {
			part_widen(p);
			hset_reserve(&p->pairs, n);
		}
		if (p->wide) {
			hmap_reserve(&p->user, k);
			part_batch(p, q, k);
		} else
			part_batch_narrow(p, q, k);
	}
}

/* Add up to HSET_BATCH pairs k[] to p. */
static void
part_put(struct part *p, const uint64_t *k, size_t n)
{
	int		isnew[HSET_BATCH];
	size_t		i;
	unsigned	key_at = p->wide ? 32 : USER_BITS;

	hset_add_batch(&p->pairs, k, n, isnew);
	for (i = 0; i < n; i++)
		p->users[k[i] >> key_at] += (uint32_t)isnew[i];
}

/*
 * xu[i]: the index in dst of src's user i, HSET_BATCH users at a time,
 * their slots prefetched first (the hour's users are many: each lookup
 * is a miss).
 */
static void
merge_users(struct part *dst, const struct part *src, uint32_t *xu)
{
	uint64_t	h[HSET_BATCH];
	size_t		i, j, n;
	int		isnew;

	for (i = 0; i < src->user.count; i += n) {
		n = src->user.count - i < HSET_BATCH ? src->user.count - i :
		    HSET_BATCH;
		for (j = 0; j < n; j++) {
			h[j] = hash64(src->user.keys[i + j]);
			__builtin_prefetch(&dst->user.slots[hash_slot(h[j],
			    dst->user.bits)]);
		}
		for (j = 0; j < n; j++)
			xu[i + j] = (uint32_t)hmap_get(&dst->user,
			    src->user.keys[i + j], h[j], &isnew);
	}
}

/*
 * Add slots k[] (pair + 1) of src, translated, to dst: xk[] holds src's
 * key indexes as dst's pairs hold them, xu[] src's user indexes as
 * dst's when both are wide.  A narrow dst has a narrow src; a narrow
 * src's users are looked up in a wide dst's map here.
 */
static void
merge_put(struct part *dst, const struct part *src, uint64_t *k, size_t n,
    const uint64_t *xk, const uint32_t *xu)
{
	uint64_t	v, m;
	size_t		i;
	int		isnew;

	for (i = 0; i < n; i++) {
		v = k[i] - 1;
		if (!dst->wide)
			k[i] = xk[v >> USER_BITS] | (v & USER_MASK);
		else if (src->wide)
			k[i] = xk[v >> 32] | xu[v & 0xffffffff];
		else {
			m = v & USER_MASK;
			k[i] = xk[v >> USER_BITS] |
			    hmap_get(&dst->user, m, hash64(m), &isnew);
		}
	}
	part_put(dst, k, n);
}

/*
 * Add src's pairs to dst: translate their key and user indexes, insert
 * again, HSET_BATCH at a time (the hour's set is large: each insert is
 * a miss).  The slots are read without a branch on each: about half are
 * empty, at random.
 */
static void
part_merge(struct part *dst, const struct part *src)
{
	uint64_t	*xk, k[HSET_BATCH], v;
	uint32_t	*xu = NULL;
	size_t		 i, n = 0, nslots = (size_t)1 << src->pairs.bits;
	unsigned	 key_at;

	xk = xreallocarray(NULL, src->key.count + 1, sizeof *xk);
	hmap_reserve(&dst->key, src->key.count);
	for (i = 0; i < src->key.count; i++)
		xk[i] = part_key(dst, src->key.keys[i]);
	if (!dst->wide && (src->wide || dst->key.count > NARROW_KEYS))
		part_widen(dst);
	key_at = dst->wide ? 32 : USER_BITS;
	for (i = 0; i < src->key.count; i++)
		xk[i] <<= key_at;
	hset_reserve(&dst->pairs, src->pairs.count);
	if (dst->wide) {
		hmap_reserve(&dst->user, src->wide ? src->user.count :
		    src->pairs.count);
		if (src->wide) {
			xu = xreallocarray(NULL, src->user.count + 1,
			    sizeof *xu);
			merge_users(dst, src, xu);
		}
	}
	for (i = 0; i < nslots; i++) {
		v = src->pairs.slots[i];
		k[n] = v;
		n += v != 0;
		if (n == HSET_BATCH) {
			merge_put(dst, src, k, n, xk, xu);
			n = 0;
		}
	}
	merge_put(dst, src, k, n, xk, xu);
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

static void *
distinct_new(int nparts, enum agg_key by)
{
	struct distinct	*d = xcalloc(1, sizeof *d);
	int		 k;

	d->nparts = nparts;
	d->by = by;
	d->parts = xcalloc((size_t)nparts, sizeof *d->parts);
	for (k = 0; k < nparts; k++)
		part_init(&d->parts[k]);
	return d;
}

static void
distinct_free(void *state)
{
	struct distinct	*d = state;
	int		 k;

	for (k = 0; k < d->nparts; k++)
		part_free(&d->parts[k]);
	free(d->parts);
	free(d);
}

static void *
distinct_feed_new(void *state)
{
	struct distinct_feed *f = xcalloc(1, sizeof *f);
	struct distinct	*d = state;
	int		 k;

	f->d = d;
	/* The queues share FEED_PAIRS, however many partitions there are. */
	f->qcap = FEED_PAIRS / (size_t)d->nparts / BATCH * BATCH;
	if (f->qcap < 4 * BATCH)
		f->qcap = 4 * BATCH;
	f->qtry = f->qcap / 16 / BATCH * BATCH;
	if (f->qtry < BATCH)
		f->qtry = BATCH;
	f->q = xcalloc((size_t)d->nparts, sizeof *f->q);
	f->n = xcalloc((size_t)d->nparts, sizeof *f->n);
	for (k = 0; k < d->nparts; k++)
		f->q[k] = xreallocarray(NULL, f->qcap, sizeof *f->q[k]);
	return f;
}

/*
 * Hand partition k's queue over: wait for the lock only when it is
 * full (or wait is set).
 */
static void
feed_flush(struct distinct_feed *f, int k, int wait)
{
	struct part	*p = &f->d->parts[k];

	if (f->n[k] == 0)
		return;
	if (wait || f->n[k] >= f->qcap - BATCH)
		pthread_mutex_lock(&p->mtx);
	else if (pthread_mutex_trylock(&p->mtx) != 0)
		return;
	part_add(p, f->q[k], f->n[k]);
	pthread_mutex_unlock(&p->mtx);
	f->n[k] = 0;
}

static void
distinct_feed_add(void *feed, const struct flow_row *rows, size_t n)
{
	struct distinct_feed *f = feed;
	enum agg_key	 by = f->d->by;
	size_t		 i;
	int		 k, np = f->d->nparts;

	for (i = 0; i < n; i++) {
		k = np == 1 ? 0 : part_of(rows[i].msisdn, np);
		f->q[k][f->n[k]].msisdn = rows[i].msisdn;
		f->q[k][f->n[k]++].key = agg_key_of(&rows[i], by);
		if (f->n[k] >= f->qtry && f->n[k] % BATCH == 0)
			feed_flush(f, k, 0);
	}
}

static void
distinct_feed_done(void *feed)
{
	struct distinct_feed *f = feed;
	int		 k;

	for (k = 0; k < f->d->nparts; k++) {
		feed_flush(f, k, 1);
		free(f->q[k]);
	}
	free(f->q);
	free(f->n);
	free(f);
}

/* A partition of a merge. */
struct merging {
	struct part		*dst;
	const struct part	*src;
};

static void
merge_part(void *arg)
{
	struct merging	*m = arg;

	part_merge(m->dst, m->src);
}

/* The partitions hold disjoint users: each is merged on a thread of its own. */
static void
distinct_merge(void *dst, const void *src)
{
	struct distinct	*d = dst;
	const struct distinct *s = src;
	struct merging	*m;
	int		 k, n = d->nparts < s->nparts ? d->nparts : s->nparts;

	m = xcalloc((size_t)n + 1, sizeof *m);
	for (k = 0; k < n; k++) {
		m[k].dst = &d->parts[k];
		m[k].src = &s->parts[k];
	}
	fanout(m, (size_t)n, sizeof *m, merge_part);
	free(m);
}

static struct kv *
distinct_state_result(const void *state, size_t *n, int *saturated)
{
	const struct distinct *d = state;

	*saturated = 0;
	return distinct_result(d->parts, d->nparts, n);
}

/* Slots of the pairs' table read at a time (distinct_pairs). */
#define PAIRS_RUN	256

static void
distinct_pairs(const void *state, int part, agg_pairs_fn *fn, void *ctx)
{
	const struct distinct *d = state;
	const struct part *p;
	uint64_t	 k, run[PAIRS_RUN], user[PAIRS_RUN];
	int64_t		 key[PAIRS_RUN];
	size_t		 i, j, n, end, nslots;

	if (part < 0 || part >= d->nparts)
		return;
	p = &d->parts[part];
	nslots = (size_t)1 << p->pairs.bits;
	for (i = 0; i < nslots; i += PAIRS_RUN) {
		/* The run's pairs first, without a branch on each slot: about
		 * half are empty, at random. */
		end = i + PAIRS_RUN < nslots ? i + PAIRS_RUN : nslots;
		for (n = 0, j = i; j < end; j++) {
			run[n] = p->pairs.slots[j];
			n += run[n] != 0;
		}
		for (j = 0; j < n; j++) {
			k = run[j] - 1;
			if (p->wide) {
				key[j] = (int64_t)p->key.keys[k >> 32];
				user[j] = p->user.keys[k & 0xffffffff];
			} else {
				key[j] = (int64_t)p->key.keys[k >> USER_BITS];
				user[j] = k & USER_MASK;
			}
		}
		if (n > 0)
			fn(ctx, key, user, n);
	}
}

/*
 * Every partition has most keys; the users and their pairs are split.
 * Users are counted only when every partition is wide (0 otherwise): a
 * narrow one has no table of users, nor any to make room in.
 */
static void
distinct_measure(const void *state, struct agg_count *c)
{
	const struct distinct *d = state;
	int		 k, narrow = 0;

	for (k = 0; k < d->nparts; k++) {
		if (c->keys < d->parts[k].key.count)
			c->keys = d->parts[k].key.count;
		narrow |= !d->parts[k].wide;
		c->users += d->parts[k].user.count;
		c->pairs += d->parts[k].pairs.count;
	}
	if (narrow)
		c->users = 0;
}

/* Each partition's share, and an eighth more: partitions differ a little. */
static void
distinct_reserve(void *state, const struct agg_count *c)
{
	struct distinct	*d = state;
	size_t		 users = c->users / (size_t)d->nparts,
			 pairs = c->pairs / (size_t)d->nparts;
	int		 k;

	for (k = 0; k < d->nparts; k++) {
		hmap_reserve(&d->parts[k].key, c->keys);
		hmap_reserve(&d->parts[k].user, users + users / 8);
		hset_reserve(&d->parts[k].pairs, pairs + pairs / 8);
	}
}

const struct aggops agg_distinct_ops = {
	distinct_new, distinct_free, distinct_feed_new, distinct_feed_add,
	distinct_feed_done, distinct_merge, distinct_state_result,
	distinct_pairs, distinct_measure, distinct_reserve
};
