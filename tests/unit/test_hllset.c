/* test_hllset.c: the sketches of many keys: groups of stored sketches in one row (version 4), written and read back, their limits, malformed groups */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hllset.h"
#include "hllsame.h"
#include "tap.h"

#define NKEYS	300

/* Key i's sketch: i * 7 % 400 users of its own (0 to 399). */
static void
sketch_of(struct hll *h, int64_t key, size_t i)
{
	uint64_t	u, n = (uint64_t)i * 7 % 400;

	memset(h, 0, sizeof *h);
	for (u = 0; u < n; u++)
		hll_add(h, hll_hash((uint64_t)key << 20 | u));
}

/*
 * Keys (negative, small and the ends of an INT) packed in rows as the
 * ingest packs tier 1's, every row read back into one set: each key
 * has its sketch, and the rows are far fewer than the keys.
 */
static void
round_trip(void)
{
	static uint8_t	 rows[NKEYS][HLL_ENCODED_MAX], enc[HLL_ENCODED_MAX];
	size_t		 len[NKEYS], used = 0, n = 0, i, most = 0;
	int64_t		 key[NKEYS], bad = 0;
	struct hllset	 s;
	struct hll	 h;
	int		 all = 1, fails = 0;

	for (i = 0; i < NKEYS; i++)
		key[i] = i == 0 ? INT32_MIN : i == NKEYS - 1 ? INT32_MAX :
		    (int64_t)i * 1000 - 5000;
	for (i = 0; i < NKEYS; i++) {
		sketch_of(&h, key[i], i);
		if (!hllset_group_add(rows[n], &used, key[i], enc,
		    hll_encode(&h, enc))) {
			len[n++] = used;
			used = 0;
			all &= hllset_group_add(rows[n], &used, key[i], enc,
			    hll_encode(&h, enc));
		}
		hll_free(&h);
	}
	len[n++] = used;
	ok(all, "a sketch that did not fit a full row starts a new one");
	ok(n > 1 && n < NKEYS / 10, "%zu keys in %zu rows", (size_t)NKEYS, n);
	for (i = 0; i < n; i++)
		if (len[i] > most)
			most = len[i];
	ok(most <= HLL_ENCODED_MAX && most > HLL_ENCODED_MAX - 400,
	    "rows filled to %zu of %d bytes", most, HLL_ENCODED_MAX);
	memset(&s, 0, sizeof s);
	for (i = 0; i < n; i++)
		fails += hllset_decode(&s, -1, rows[i], len[i], &bad) != 0;
	is_int(fails, 0, "every row read");
	is_int(s.n, NKEYS, "every key back");
	for (i = 0, all = 1; i < NKEYS; i++) {
		sketch_of(&h, key[i], i);
		all &= hllset_find(&s, key[i]) != NULL &&
		    hll_same(hllset_find(&s, key[i]), &h);
		hll_free(&h);
	}
	ok(all, "each key's sketch the same, INT's ends and negatives too");
	hllset_free(&s);
}

/* What hllset_group_add takes and refuses. */
static void
limits(void)
{
	static uint8_t	row[HLL_ENCODED_MAX], big[HLL_ENCODED_MAX];
	size_t		used = 0, room;
	struct hll	h;

	memset(&h, 0, sizeof h);
	memset(big, 0, sizeof big);
	ok(!hllset_group_add(row, &used, (int64_t)INT32_MAX + 1, big, 5) &&
	    used == 0, "a key past an INT: refused");
	ok(!hllset_group_add(row, &used, (int64_t)INT32_MIN - 1, big, 5) &&
	    used == 0, "a key before an INT: refused");
	ok(!hllset_group_add(row, &used, 1, big, HLL_ENCODED_MAX) && used == 0,
	    "the longest sketch does not fit a group");
	room = HLL_ENCODED_MAX - HLLSET_GROUP_HEAD - HLLSET_ENTRY_HEAD;
	ok(hllset_group_add(row, &used, 1, big, room) &&
	    used == HLL_ENCODED_MAX, "one that fills a row exactly fits");
	ok(!hllset_group_add(row, &used, 2, big, 0) &&
	    used == HLL_ENCODED_MAX, "nothing more after it");
	used = 0;
	ok(hllset_group_add(row, &used, 1, big, room - HLLSET_ENTRY_HEAD - 1),
	    "a first entry");
	ok(!hllset_group_add(row, &used, 2, big, 2) && hllset_group_add(row,
	    &used, 2, big, 1) && used == HLL_ENCODED_MAX,
	    "a second one byte too long refused; one that fits taken");
	ok(row[0] == HLLSET_GROUP && row[1] == HLL_P, "the head: 4, then p");
}

/* A group of three keys (10, 20, 30) with sketches of 3 users each. */
static size_t
three(uint8_t *row)
{
	uint8_t		enc[HLL_ENCODED_MAX];
	struct hll	h;
	size_t		used = 0;
	int64_t		k;

	for (k = 10; k <= 30; k += 10) {
		memset(&h, 0, sizeof h);
		hll_add(&h, hll_hash((uint64_t)k));
		hll_add(&h, hll_hash((uint64_t)k + 1));
		hll_add(&h, hll_hash((uint64_t)k + 2));
		if (!hllset_group_add(row, &used, k, enc, hll_encode(&h, enc)))
			abort();
		hll_free(&h);
	}
	return used;
}

/* Malformed rows: left out (a group whole, or an entry alone), with the key. */
static void
malformed(void)
{
	static uint8_t	row[HLL_ENCODED_MAX];
	struct hllset	s;
	size_t		len = three(row), at;
	int64_t		bad;
	int		rc;

	memset(&s, 0, sizeof s);
	bad = 0;
	rc = hllset_decode(&s, 10, row, len - 1, &bad);
	ok(rc == -1 && bad == 10 && s.n == 0,
	    "a group cut short: left out whole (the row's key), nothing merged");
	bad = 0;
	rc = hllset_decode(&s, 10, row, len + 1, &bad);
	ok(rc == -1 && bad == 10 && s.n == 0, "a byte past its entries: left out");
	row[1] = HLL_P + 1;
	rc = hllset_decode(&s, 10, row, len, &bad);
	ok(rc == -1 && s.n == 0, "another precision: left out");
	row[1] = HLL_P;
	/* The second entry's sketch made another version, then a group. */
	at = HLLSET_GROUP_HEAD + HLLSET_ENTRY_HEAD + ((size_t)row[6] << 8 | row[7]);
	row[at + HLLSET_ENTRY_HEAD] = 9;
	bad = 0;
	rc = hllset_decode(&s, 10, row, len, &bad);
	ok(rc == -1 && bad == 20 && s.n == 3 && hll_estimate(hllset_find(&s,
	    10)) > 2.5 && hll_estimate(hllset_find(&s, 30)) > 2.5 &&
	    hll_estimate(hllset_find(&s, 20)) < 0.5,
	    "an entry not a sketch: it alone left out (key 20)");
	row[at + HLLSET_ENTRY_HEAD] = HLLSET_GROUP;
	bad = 0;
	ok(hllset_decode(&s, 10, row, len, &bad) == -1 && bad == 20,
	    "a group inside a group: left out");
	hllset_free(&s);
	ok(hllset_decode(&s, 77, row, HLLSET_GROUP_HEAD, &bad) == 0 &&
	    s.n == 0, "a group of no sketch: nothing");
	row[0] = 8;
	bad = 0;
	ok(hllset_decode(&s, 77, row, len, &bad) == -1 && bad == 77,
	    "a row of no form: its key");
	hllset_free(&s);
}

/* A row in another form is its key's sketch, as before groups. */
static void
single(void)
{
	uint8_t		enc[HLL_ENCODED_MAX];
	struct hllset	s;
	struct hll	h;
	int64_t		bad = 0;

	memset(&s, 0, sizeof s);
	sketch_of(&h, 5, 30);
	ok(hllset_decode(&s, 42, enc, hll_encode(&h, enc), &bad) == 0 &&
	    s.n == 1 && hllset_find(&s, 42) != NULL &&
	    hll_same(hllset_find(&s, 42), &h), "one sketch: its row's key");
	hll_free(&h);
	hllset_free(&s);
}

int
main(void)
{
	round_trip();
	limits();
	malformed();
	single();
	return tap_done();
}
