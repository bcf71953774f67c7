/* test_topn.c: unit tests for top-N order and the aggregate */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/agg.h"
#include "buf.h"
#include "tap.h"
#include "ingest/topn.h"

static const char *
show(const struct kv *v, size_t n, struct buf *b)
{
	size_t	i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%lld:%lld", i ? " " : "", (long long)v[i].key,
		    (long long)v[i].value);
	return buf_cstr(b);
}

static void
top(const struct kv *in, size_t n, size_t k, const char *want,
    const char *msg)
{
	struct kv	v[64];
	struct buf	b = BUF_INIT;
	size_t		m;

	memcpy(v, in, n * sizeof *v);
	m = topn(v, n, k);
	is_str(show(v, m, &b), want, "%s", msg);
	buf_free(&b);
}

static int
kv_key_cmp(const void *a, const void *b)
{
	const struct kv	*x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/*
 * Add rows to a through two feeds open at once, the first half through
 * one, the second through the other (as two reader threads do).
 */
static void
feed(struct agg *a, const struct flow_row *rows, size_t n)
{
	struct agg_feed	*f = agg_feed_new(a), *g = agg_feed_new(a);

	agg_feed_add(f, rows, n / 2);
	agg_feed_add(g, rows + n / 2, n - n / 2);
	agg_feed_done(g);
	agg_feed_done(f);
}

/* The pairs agg_pairs gives, marked in a [cell - 1000][user] table. */
struct visit {
	unsigned char	(*seen)[300];
	int		  bad;
};

static void
visit_pairs(void *ctx, const int64_t *key, const uint64_t *msisdn, size_t n)
{
	struct visit	*v = ctx;
	uint64_t	 u;
	size_t		 i;

	for (i = 0; i < n; i++) {
		u = msisdn[i] - 31600000000ULL;
		if (key[i] < 1000 || key[i] >= 1050 || u >= 300 ||
		    !v->seen[key[i] - 1000][u] ||
		    v->seen[key[i] - 1000][u] == 255)
			v->bad++;
		else
			v->seen[key[i] - 1000][u] = 255;
	}
}

/* Every distinct (cell, msisdn) pair of rows once through agg_pairs. */
static void
pairs(const struct agg *a, unsigned char (*seen)[300])
{
	struct visit	v = { seen, 0 };
	int		k, i, j, left = 0;

	for (k = 0; k < agg_nparts(a); k++)
		agg_pairs(a, KPI_AGG_CELL_USERS, k, visit_pairs, &v);
	for (i = 0; i < 50; i++)
		for (j = 0; j < 300; j++)
			left += seen[i][j] != 0 && seen[i][j] != 255;
	ok(v.bad == 0 && left == 0, "agg_pairs: every (cell, msisdn) pair"
	    " once, with the cell's id (%d wrong, %d missing)", v.bad, left);
}

/*
 * agg_measure of a (rows[0..n) added; cells: its distinct users per
 * cell, by key; seen: its pairs) counts its keys and pairs, and no
 * users (a partition of 50 keys holds its pairs narrow: no table of
 * users); an aggregate made as large (agg_reserve) gives the same
 * results.
 */
static void
reserved(const struct agg *a, const struct flow_row *rows, size_t n,
    const struct kv *cells, size_t ncells, unsigned char (*seen)[300])
{
	struct agg_size	 s, t;
	struct agg	*c = agg_new(agg_nparts(a), kpi_default_mask());
	struct kv	*v;
	size_t		 i, j, pairs = 0, nv;
	int		 sat;

	for (i = 0; i < 50; i++)
		for (j = 0; j < 300; j++)
			pairs += seen[i][j] != 0;
	agg_measure(a, &s);
	ok(s.of[KPI_AGG_CELL_USERS].keys == ncells &&
	    s.of[KPI_AGG_CELL_USERS].users == 0 &&
	    s.of[KPI_AGG_CELL_USERS].pairs == pairs &&
	    s.of[KPI_AGG_SERVICE_BYTES].keys == 5,
	    "agg_measure: %zu cells, %zu users, %zu pairs, 5 services",
	    s.of[KPI_AGG_CELL_USERS].keys, s.of[KPI_AGG_CELL_USERS].users,
	    s.of[KPI_AGG_CELL_USERS].pairs);
	agg_reserve(c, &s);
	feed(c, rows, n);
	agg_measure(c, &t);
	v = agg_result(c, KPI_AGG_CELL_USERS, &nv, &sat);
	qsort(v, nv, sizeof *v, kv_key_cmp);
	ok(nv == ncells && memcmp(v, cells, nv * sizeof *v) == 0 &&
	    memcmp(&s, &t, sizeof s) == 0,
	    "an aggregate made as large first: the same users per cell");
	free(v);
	agg_free(c);
}

/* A naive count of distinct (cell, msisdn) against the aggregate. */
static void
aggregate(int nparts)
{
	struct flow_row	 rows[5000];
	struct agg	*a = agg_new(nparts, kpi_default_mask());
	struct agg	*b = agg_new(nparts, kpi_default_mask());
	struct kv	*cells, *svc, want[50];
	size_t		 i, j, n, ns;
	int		 sat, good = 1;
	static unsigned char seen[50][300];

	memset(seen, 0, sizeof seen);
	memset(want, 0, sizeof want);
	srand(7);
	for (i = 0; i < 5000; i++) {
		rows[i].cell = 1000 + (uint32_t)(rand() % 50);
		rows[i].msisdn = 31600000000ULL + (uint64_t)(rand() % 300);
		rows[i].service = (uint32_t)(rand() % 5);
		rows[i].bytes = (uint64_t)rand();
		want[rows[i].cell - 1000].key = rows[i].cell;
		if (!seen[rows[i].cell - 1000][rows[i].msisdn - 31600000000ULL]++)
			want[rows[i].cell - 1000].value++;
	}
	feed(a, rows, 2500);
	feed(b, rows + 2500, 2500);
	agg_merge(a, b);
	cells = agg_result(a, KPI_AGG_CELL_USERS, &n, &sat);
	qsort(cells, n, sizeof *cells, kv_key_cmp);
	for (i = 0, j = 0; i < 50; i++) {
		if (want[i].value == 0)
			continue;
		if (j >= n || cells[j].key != want[i].key ||
		    cells[j].value != want[i].value)
			good = 0;
		j++;
	}
	ok(good && j == n, "%d partitions, merged: distinct users per cell"
	    " equal a naive count (%zu cells)", nparts, n);
	svc = agg_result(a, KPI_AGG_SERVICE_BYTES, &ns, &sat);
	ok(ns == 5 && !sat, "five services");
	reserved(a, rows, 5000, cells, n, seen);
	pairs(a, seen);
	free(cells);
	free(svc);
	agg_free(a);
	agg_free(b);
}

/*
 * The wide form of pairs: sets of rows with more keys than a narrow
 * partition holds (16,384), or msisdns of 2^50 and more, alone and
 * merged into and from an aggregate of narrow pairs.
 */
#define WIDE_CELLS	20000
#define WIDE_USERS	8

/* Every pair of cells first .. first + ncells - 1 and users u[0 .. nu). */
static size_t
all_pairs(struct flow_row *rows, uint32_t first, size_t ncells,
    const uint64_t *u, size_t nu)
{
	size_t	i, j, n = 0;

	for (i = 0; i < ncells; i++)
		for (j = 0; j < nu; j++) {
			rows[n].cell = first + (uint32_t)i;
			rows[n].msisdn = u[j];
			rows[n].service = (uint32_t)(j % 5);
			rows[n++].bytes = 1;
		}
	return n;
}

static struct agg *
wide_agg(int nparts, const struct flow_row *rows, size_t n)
{
	struct agg	*a = agg_new(nparts, kpi_default_mask());

	feed(a, rows, n);
	return a;
}

struct pair_count {
	size_t	n;
	int64_t	sum;	/* of key * 7 + msisdn % 1000003 */
};

static void
count_pairs(void *ctx, const int64_t *key, const uint64_t *msisdn, size_t n)
{
	struct pair_count *c = ctx;
	size_t		 i;

	for (i = 0; i < n; i++) {
		c->n++;
		c->sum += key[i] * 7 + (int64_t)(msisdn[i] % 1000003);
	}
}

/*
 * a's distinct users per cell: want(cell) each, ncells cells; its
 * pairs through agg_pairs: as many, each once (their sum is sum).
 */
static void
wide_is(const struct agg *a, size_t ncells, int64_t (*want)(int64_t),
    int64_t sum, const char *what)
{
	struct pair_count c = { 0, 0 };
	struct kv	*v;
	size_t		 i, n, total = 0;
	int		 sat, k, bad = 0;

	v = agg_result(a, KPI_AGG_CELL_USERS, &n, &sat);
	for (i = 0; i < n; i++) {
		bad += v[i].value != want(v[i].key);
		total += (size_t)v[i].value;
	}
	for (k = 0; k < agg_nparts(a); k++)
		agg_pairs(a, KPI_AGG_CELL_USERS, k, count_pairs, &c);
	ok(n == ncells && bad == 0 && c.n == total && c.sum == sum,
	    "%d partitions, %s: %zu cells, %d wrong; %zu pairs", agg_nparts(a),
	    what, n, bad, c.n);
	free(v);
}

/*
 * A: cells 100000..119999, users ua; B: cells 100000..100049 and
 * 200000..200049, users ub (three of them in ua); C: cells
 * 200000..200009, users uc (msisdns past 2^50, and one of ub).  Users
 * a million apart: with 2 or 3 partitions, each has some (msisdns
 * close together share one).
 */
static const uint64_t ua[WIDE_USERS] = {
	31600000000, 31601000003, 31602000006, 31603000009,
	31604000012, 31605000015, 31606000018, 31607000021 };
static const uint64_t ub[10] = {
	31605000015, 31606000018, 31607000021, 31608000024, 31609000027,
	31610000030, 31611000033, 31612000036, 31613000039, 31614000042 };
static const uint64_t uc[5] = {
	UINT64_C(1) << 50, (UINT64_C(1) << 50) + 1, UINT64_C(1) << 62,
	UINT64_MAX - 1, 31605000015 };

static int64_t
want_a(int64_t cell)
{
	return cell >= 100000 && cell < 100000 + WIDE_CELLS ? WIDE_USERS : 0;
}

static int64_t
want_ab(int64_t cell)
{
	if (cell >= 100000 && cell < 100050)
		return WIDE_USERS + 10 - 3;
	return cell >= 200000 && cell < 200050 ? 10 : want_a(cell);
}

static int64_t
want_c(int64_t cell)
{
	return cell >= 200000 && cell < 200010 ? 5 : 0;
}

static int64_t
want_bc(int64_t cell)
{
	if (cell >= 200000 && cell < 200010)
		return 10 + 4;	/* uc's last is one of ub's */
	return (cell >= 100000 && cell < 100050) ||
	    (cell >= 200000 && cell < 200050) ? 10 : 0;
}

/* The sum count_pairs makes of every pair of cells x users. */
static int64_t
pair_sum(uint32_t first, size_t ncells, const uint64_t *u, size_t nu)
{
	int64_t	s = 0;
	size_t	i, j;

	for (i = 0; i < ncells; i++)
		for (j = 0; j < nu; j++)
			s += (int64_t)(first + i) * 7 + (int64_t)(u[j] % 1000003);
	return s;
}

static void
wide(int nparts)
{
	struct flow_row	*rows, *rb, *rc;
	struct agg	*a, *b, *c;
	struct agg_size	 s;
	size_t		 na, nb, nc;
	int64_t		 sa, sb, sc, both;

	rows = calloc(WIDE_CELLS * WIDE_USERS + 100, sizeof *rows);
	rb = calloc(100 * 10, sizeof *rb);
	rc = calloc(10 * 5, sizeof *rc);
	if (rows == NULL || rb == NULL || rc == NULL)
		abort();
	na = all_pairs(rows, 100000, WIDE_CELLS, ua, WIDE_USERS);
	memcpy(rows + na, rows, 100 * sizeof *rows);	/* pairs again */
	nb = all_pairs(rb, 100000, 50, ub, 10);
	nb += all_pairs(rb + nb, 200000, 50, ub, 10);
	nc = all_pairs(rc, 200000, 10, uc, 5);
	sa = pair_sum(100000, WIDE_CELLS, ua, WIDE_USERS);
	sb = pair_sum(100000, 50, ub, 10) + pair_sum(200000, 50, ub, 10);
	sc = pair_sum(200000, 10, uc, 4);
	/* pairs of both A and B: cells 100000..100049, ub[0..2] */
	both = pair_sum(100000, 50, ub, 3);

	a = wide_agg(nparts, rows, na + 100);
	wide_is(a, WIDE_CELLS, want_a, sa, "20,000 cells");
	agg_measure(a, &s);
	ok(s.of[KPI_AGG_CELL_USERS].users == WIDE_USERS &&
	    s.of[KPI_AGG_CELL_USERS].keys == WIDE_CELLS,
	    "%d partitions, 20,000 cells: %zu users counted (wide)", nparts,
	    s.of[KPI_AGG_CELL_USERS].users);
	b = wide_agg(nparts, rb, nb);
	agg_merge(b, a);
	wide_is(b, WIDE_CELLS + 50, want_ab, sa + sb - both,
	    "20,000 cells merged into 100");
	agg_free(b);
	b = wide_agg(nparts, rb, nb);
	agg_merge(a, b);
	wide_is(a, WIDE_CELLS + 50, want_ab, sa + sb - both,
	    "100 cells merged into 20,000");
	c = wide_agg(nparts, rc, nc);
	wide_is(c, 10, want_c, sc + pair_sum(200000, 10, ub, 1),
	    "msisdns past 2^50");
	agg_merge(b, c);
	wide_is(b, 100, want_bc, sb + sc, "msisdns past 2^50 merged into"
	    " 100 cells");
	agg_merge(c, b);
	wide_is(c, 100, want_bc, sb + sc, "and 100 cells into them");
	agg_free(a);
	agg_free(b);
	agg_free(c);
	free(rows);
	free(rb);
	free(rc);
}

static void
saturation(void)
{
	struct flow_row	 r[2] = { { 1, INT64_MAX, 7, 1 }, { 2, 5, 7, 1 } };
	struct agg	*a = agg_new(1, kpi_default_mask());
	struct kv	*v;
	size_t		 n;
	int		 sat;

	feed(a, r, 2);
	v = agg_result(a, KPI_AGG_SERVICE_BYTES, &n, &sat);
	ok(n == 1 && v[0].value == INT64_MAX && sat,
	    "a service total past 2^63-1 saturates and says so");
	free(v);
	agg_free(a);
}

/* Only the aggregates of the KPIs in effect are computed. */
static void
only_in_effect(void)
{
	struct flow_row	 r[2] = { { 1, 10, 7, 3 }, { 2, 5, 8, 3 } };
	const struct kpi *svc = kpi_by_id(1);
	struct agg	*a = agg_new(2, 1u << (svc - kpi_registry));
	struct kv	*v;
	size_t		 n;
	int		 sat;

	feed(a, r, 2);
	v = agg_result(a, KPI_AGG_CELL_USERS, &n, &sat);
	ok(n == 0, "distinct users not computed without a KPI that needs them");
	free(v);
	v = agg_result(a, svc->agg, &n, &sat);
	ok(n == 2, "service bytes computed for KPI 1");
	free(v);
	agg_free(a);
}

/* After topn, v[0..n) still holds every key of its input once. */
static void
keeps_every_key(const struct kv *in, size_t n, size_t k)
{
	struct kv	v[64];
	int64_t		sum = 0, want = 0;
	size_t		i, j, dup = 0;

	memcpy(v, in, n * sizeof *v);
	topn(v, n, k);
	for (i = 0; i < n; i++) {
		sum += v[i].key * 1000 + v[i].value;
		want += in[i].key * 1000 + in[i].value;
		for (j = 0; j < i; j++)
			dup += v[j].key == v[i].key;
	}
	ok(dup == 0 && sum == want, "the top %zu of %zu first, every key kept once",
	    k, n);
}

int
main(void)
{
	const struct kv	 ties[] = { { 5, 10 }, { 3, 10 }, { 9, 20 }, { 1, 0 },
			    { 4, 10 }, { 2, 0 } };
	struct kv	 many[64];
	size_t		 i;

	top(ties, 6, 3, "9:20 3:10 4:10", "ties by key ascending");
	top(ties, 6, 6, "9:20 3:10 4:10 5:10 1:0 2:0", "all, zeros included");
	top(ties, 6, 10, "9:20 3:10 4:10 5:10 1:0 2:0", "N above the count");
	top(ties, 0, 3, "", "no keys");
	top(ties + 3, 1, 3, "1:0", "a single zero is in the top N");
	for (i = 0; i < 64; i++) {
		many[i].key = (int64_t)(63 - i);
		many[i].value = (int64_t)(i % 4);
	}
	top(many, 64, 5, "0:3 4:3 8:3 12:3 16:3", "64 keys, 4 values");
	top(many, 64, 1, "0:3", "top 1");
	keeps_every_key(many, 64, 5);
	aggregate(1);
	aggregate(2);
	aggregate(7);
	wide(1);
	wide(2);
	wide(3);
	saturation();
	only_in_effect();
	return tap_done();
}
