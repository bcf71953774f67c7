/* test_hash.c: unit tests for the open-addressing hash map and set */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "ingest/hash.h"
#include "tap.h"

/* The index of key in m, added when new. */
static uint64_t
get(struct hmap *m, uint64_t key, int *isnew)
{
	hmap_reserve(m, 1);
	return hmap_get(m, key, hash64(key), isnew);
}

static int
add(struct hset *s, uint64_t key)
{
	hset_reserve(s, 1);
	return hset_add(s, key, hash64(key));
}

static void
map_basics(void)
{
	struct hmap	m;
	int		isnew;

	hmap_init(&m);
	ok(get(&m, 42, &isnew) == 0 && isnew, "insert: the first key gets index 0");
	ok(get(&m, 7, &isnew) == 1 && isnew, "insert: the next key index 1");
	ok(get(&m, 42, &isnew) == 0 && !isnew, "lookup: a key there keeps its index");
	ok(get(&m, 0, &isnew) == 2 && isnew, "zero key: a key like any other");
	ok(get(&m, 0, &isnew) == 2 && !isnew, "zero key: found again");
	ok(get(&m, UINT64_MAX - 1, &isnew) == 3 && isnew &&
	    get(&m, UINT64_MAX - 1, &isnew) == 3 && !isnew,
	    "the largest key (2^64-2)");
	ok(m.count == 4 && m.keys[0] == 42 && m.keys[1] == 7 &&
	    m.keys[2] == 0 && m.keys[3] == UINT64_MAX - 1,
	    "keys[] lists the keys in index order");
	hmap_free(&m);
}

/* n keys spread over the 64 bits, through many resizes. */
static void
map_many(size_t n)
{
	struct hmap	m;
	unsigned	bits0;
	size_t		i, bad = 0;
	int		isnew;

	hmap_init(&m);
	bits0 = m.bits;
	for (i = 0; i < n; i++)
		if (get(&m, i * UINT64_C(0x9e3779b97f4a7c15), &isnew) != i ||
		    !isnew)
			bad++;
	ok(bad == 0 && m.count == n, "%zu keys inserted, indexes 0..%zu", n,
	    n - 1);
	ok(m.bits > bits0 + 4 && ((size_t)5 << m.bits) >= n * 8,
	    "the table grew across resizes (2^%u -> 2^%u slots), load under 5/8",
	    bits0, m.bits);
	for (i = 0; i < n; i++)
		if (get(&m, i * UINT64_C(0x9e3779b97f4a7c15), &isnew) != i ||
		    isnew)
			bad++;
	ok(bad == 0 && m.count == n, "every key found at its index after the"
	    " resizes");
	hmap_free(&m);
}

static void
set_basics(size_t n)
{
	struct hset	s;
	size_t		i, bad = 0;

	hset_init(&s);
	ok(add(&s, 0) == 1 && add(&s, 0) == 0 && s.count == 1,
	    "set: the zero key is added once");
	for (i = 1; i < n; i++)
		bad += add(&s, (uint64_t)i << 32 | i) != 1;
	ok(bad == 0 && s.count == n, "set: %zu keys added, through resizes", n);
	for (i = 1; i < n; i++)
		bad += add(&s, (uint64_t)i << 32 | i) != 0;
	ok(bad == 0 && s.count == n, "set: added again, none is new");
	hset_free(&s);
}

/* Reserve room for a batch at once, as the aggregation does. */
static void
reserve_batch(void)
{
	struct hset	s;
	unsigned	bits;
	size_t		i;
	int		fresh = 0;

	hset_init(&s);
	hset_reserve(&s, 100000);
	bits = s.bits;
	for (i = 0; i < 100000; i++)
		fresh += hset_add(&s, i, hash64(i));
	ok(fresh == 100000 && s.bits == bits,
	    "100000 keys after one reserve: no resize on the way");
	hset_free(&s);
}

/* hset_add_batch: each key once, isnew for the first of each only. */
static void
add_batch(void)
{
	struct hset	s;
	uint64_t	k[HSET_BATCH];
	int		isnew[HSET_BATCH], right = 1;
	size_t		i, round;

	hset_init(&s);
	for (round = 0; round < 3; round++) {
		/* Keys 0, 1, ... 31 twice a batch: half of each batch repeats. */
		for (i = 0; i < HSET_BATCH; i++)
			k[i] = round * 16 + i % 32;
		hset_reserve(&s, HSET_BATCH);
		hset_add_batch(&s, k, HSET_BATCH, isnew);
		for (i = 0; i < HSET_BATCH; i++)
			right &= isnew[i] == (i < 32 && (round == 0 || i >= 16));
	}
	ok(right, "add_batch: a key is new once, repeats within a batch too");
	ok(s.count == 64, "add_batch: 64 keys in all (%zu)", s.count);
	hset_add_batch(&s, k, 0, NULL);
	ok(s.count == 64, "add_batch: an empty batch adds nothing");
	hset_free(&s);
}

static long
minor_faults(void)
{
	struct rusage	ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : -1;
}

/* Whether every slot of s is empty. */
static int
set_empty(const struct hset *s)
{
	size_t	i;

	for (i = 0; i < (size_t)1 << s->bits; i++)
		if (s->slots[i] != 0)
			return 0;
	return s->count == 0;
}

/*
 * A big table freed is kept for the next one of its size, which finds
 * it empty: each interval makes the tables the last one freed.
 */
static void
kept_tables(void)
{
	struct hset	 s, many[40];
	struct hmap	 m;
	void		*was;
	unsigned char	 vec;
	long		 faults;
	size_t		 i, k;
	int		 isnew, right = 1;

	/* 4 MiB: mapped afresh, 1,024 page faults in small pages, 2 in huge. */
	hset_init(&s);
	hset_reserve(&s, 200000);
	for (i = 0; i < 200000; i++)
		hset_add(&s, i, hash64(i));
	was = s.slots;
	hset_free(&s);
	ok(mincore(was, 4096, &vec) == 0, "a freed table of 4 MiB stays"
	    " mapped");
	hset_init(&s);
	faults = minor_faults();
	hset_reserve(&s, 200000);
	faults = minor_faults() - faults;
	ok(s.slots == was && faults < 16, "the next table of 2^%u slots is that"
	    " one (%ld page faults)", s.bits, faults);
	ok(set_empty(&s) && hset_add(&s, 7, hash64(7)) == 1,
	    "the table used again is empty: a key that was there is new");
	hset_free(&s);

	hmap_init(&m);
	hmap_reserve(&m, 50000);
	for (i = 0; i < 50000; i++)
		hmap_get(&m, i, hash64(i), &isnew);
	hmap_free(&m);
	hmap_init(&m);
	hmap_reserve(&m, 50000);
	ok(hmap_get(&m, 49999, hash64(49999), &isnew) == 0 && isnew,
	    "a map in a table used again starts at index 0");
	hmap_free(&m);

	/* More tables than are kept, twice: the second round finds each empty. */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 40; i++) {
			hset_init(&many[i]);
			hset_reserve(&many[i], 20000 + (i % 3) * 20000);
			right &= set_empty(&many[i]);
			hset_add(&many[i], i, hash64(i));
		}
		for (i = 0; i < 40; i++)
			hset_free(&many[i]);
	}
	ok(right, "40 tables of three sizes freed and made again: each empty");
}

int
main(void)
{
	map_basics();
	map_many(1000);
	map_many(300000);
	set_basics(200000);
	reserve_batch();
	add_batch();
	kept_tables();
	return tap_done();
}
