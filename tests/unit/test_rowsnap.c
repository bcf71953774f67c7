/* test_rowsnap.c: a KPI's rows in memory answer as the database's WHERE does */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fcgi/filter.h"
#include "fcgi/rowsnap.h"
#include "tap.h"
#include "utctime.h"

/* 2028-01-01T00:00:00Z, the rows' first start. */
#define T0	INT64_C(1830297600000000)
#define MIN	(60 * USEC_PER_SEC)

static uint64_t	rng = 88172645463325252ull;

static uint64_t
rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static utc_us
get(const struct row_time *t)
{
	struct utc_fields f = { t->year, t->month, t->day, t->hour, t->minute,
	    t->second, (int)t->usec };
	utc_us	us = 0;

	(void)utc_from_fields(&f, &us);
	return us;
}

/* The rows, with the times the oracle compares. */
struct fixture {
	struct rowsnap	 s;
	utc_us		*start, *end;
};

/*
 * n rows whose ids run against time as idorder.test's, three to a
 * five-minute slot, some with microseconds, some ending before they
 * start, some hourly.
 */
static void
fixture(struct fixture *x, size_t n)
{
	struct kpi_row	r;
	size_t		i;
	utc_us		s, e;

	memset(x, 0, sizeof *x);
	x->start = calloc(n, sizeof *x->start);
	x->end = calloc(n, sizeof *x->end);
	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof r);
		r.id = (int64_t)(i * 2 + 1);
		s = T0 + (int64_t)((n - i) / 3) * 5 * MIN;
		if (i % 7 == 0)
			s += (int64_t)rnd(1000000);
		e = s + 5 * MIN;
		r.interval = 1;
		if (i % 13 == 0) {
			e = s + 60 * MIN;
			r.interval = 2;
		}
		if (i % 11 == 0)
			e = s - 5 * MIN;
		r.key = (int64_t)(i % 5);
		r.value = (int64_t)rnd(100003);
		row_time_set(&r.start, s);
		row_time_set(&r.end, e);
		x->start[i] = s;
		x->end[i] = e;
		rowsnap_add(&x->s, &r);
	}
	rowsnap_index(&x->s);
}

/* filters[] index of the parameter p. */
static size_t
filter_of(const char *p)
{
	size_t	i;

	for (i = 0; i < nfilters; i++)
		if (filters[i].param != NULL && strcmp(filters[i].param, p) == 0)
			break;
	return i;
}

/* The conditions of a request, with the implied one as filter_read adds it. */
static void
request(struct filter_values *f, int has_lo, utc_us lo, int has_hi, utc_us hi,
    int interval)
{
	size_t	i;

	memset(f, 0, sizeof *f);
	if (has_lo) {
		f->value[filter_of("interval_start_timestamp__gte")] = lo;
		f->present |= 1u << filter_of("interval_start_timestamp__gte");
	}
	if (has_hi) {
		f->value[filter_of("interval_end_timestamp__lte")] = hi;
		f->present |= 1u << filter_of("interval_end_timestamp__lte");
	}
	if (interval) {
		f->value[filter_of("interval")] = interval;
		f->present |= 1u << filter_of("interval");
	}
	for (i = 0; i < nfilters; i++)
		if (filters[i].param == NULL &&
		    (f->present & filters[i].needs) == filters[i].needs) {
			f->present |= 1u << i;
			f->value[i] = f->value[filters[i].value_of];
		}
}

/* The oracle: row i meets the request, as the WHERE reads it. */
static int
meets(const struct fixture *x, size_t i, int has_lo, utc_us lo, int has_hi,
    utc_us hi, int interval)
{
	/* The start is bounded by the end's value too when both are given. */
	return (!has_lo || x->start[i] >= lo) &&
	    (!has_hi || x->end[i] <= hi) &&
	    (!has_lo || !has_hi || x->start[i] <= hi) &&
	    (interval == 0 || x->s.row[i].interval == interval);
}

/* One random request: the store's rows are the oracle's, in id order. */
static int
one(const struct fixture *x, struct rows *out, size_t max, int *selected)
{
	struct filter_values f;
	struct rowsnap_bounds b;
	const struct kpi_row *r;
	size_t		 i, at = 0;
	utc_us		 span = (int64_t)(x->s.n / 3 + 20) * 5 * MIN;
	utc_us		 lo = T0 - 10 * MIN + (int64_t)rnd((uint64_t)span);
	utc_us		 hi = lo + (int64_t)rnd((uint64_t)span / 4);
	int		 has_lo = rnd(4) != 0, has_hi = rnd(4) != 0;
	int		 interval = (int)rnd(3), good = 1;

	/* Bounds on a row's own times: the comparisons' equal cases. */
	if (rnd(3) == 0)
		lo = x->start[rnd(x->s.n)];
	if (rnd(3) == 0)
		hi = lo + (int64_t)rnd(3) * 5 * MIN + (int64_t)rnd(2);
	else if (rnd(2) == 0)
		hi = rnd(2) ? x->end[rnd(x->s.n)] : x->start[rnd(x->s.n)];
	request(&f, has_lo, lo, has_hi, hi, interval);
	*selected = 0;
	if (rowsnap_bounds(&f, &b) == -1)
		return 0;
	rows_reset(out);
	*selected = rowsnap_select(&x->s, &b, max, out);
	for (i = 0; i < x->s.n && good; i++) {
		if (!meets(x, i, has_lo, lo, has_hi, hi, interval))
			continue;
		if (*selected)
			r = rows_next(out);
		else {
			at = rowsnap_scan(&x->s, &b, at);
			r = at < x->s.n ? &x->s.row[at++] : NULL;
		}
		good = r != NULL && r->id == x->s.row[i].id;
	}
	if (good)
		good = *selected ? rows_next(out) == NULL :
		    rowsnap_scan(&x->s, &b, at) == x->s.n;
	return good;
}

static void
random_requests(size_t n, size_t max, int rounds, int both)
{
	struct fixture	 x;
	struct rows	 out = ROWS_INIT;
	int		 k, good = 0, selected = 0, nselected = 0;

	fixture(&x, n);
	for (k = 0; k < rounds; k++) {
		good += one(&x, &out, max, &selected);
		nselected += selected;
	}
	is_int(good, rounds, "%zu rows, %d requests: the rows the WHERE"
	    " gives, in id order", n, rounds);
	if (both)
		ok(nselected > rounds / 4 && nselected < rounds,
		    "both ways taken: %d read by the start index, %d scanned",
		    nselected, rounds - nselected);
	rows_free(&out);
	rowsnap_free(&x.s);
	free(x.start);
	free(x.end);
}

/* The key orders times as their fields do. */
static void
time_keys(void)
{
	struct row_time	 a, b;
	int		 k, good = 0;
	utc_us		 x, y;

	for (k = 0; k < 10000; k++) {
		x = T0 + (int64_t)rnd(UINT64_C(400) * 86400 * USEC_PER_SEC);
		y = rnd(2) ? x + (int64_t)rnd(3) - 1 :
		    T0 + (int64_t)rnd(UINT64_C(400) * 86400 * USEC_PER_SEC);
		row_time_set(&a, x);
		row_time_set(&b, y);
		good += (rowsnap_time_key(&a) < rowsnap_time_key(&b)) ==
		    (x < y) && (rowsnap_time_key(&a) == rowsnap_time_key(&b)) ==
		    (x == y) && get(&a) == x;
	}
	is_int(good, 10000, "time keys order as the times do");
	memset(&a, 0, sizeof a);
	row_time_set(&b, T0);
	ok(rowsnap_time_key(&a) < rowsnap_time_key(&b),
	    "a zero date sorts first, as MariaDB's");
}

/* The API's conditions, as bounds. */
static void
conditions(void)
{
	struct filter_values f;
	struct rowsnap_bounds b;

	request(&f, 1, T0, 0, 0, 1);
	is_int(rowsnap_bounds(&f, &b), 0, "the API's conditions are bounds");
	is_int(b.has, ROWSNAP_START_LO | ROWSNAP_INTERVAL, "start and interval");
}

int
main(void)
{
	time_keys();
	conditions();
	random_requests(20000, 8192, 3000, 1);
	random_requests(3000, 300, 3000, 1);
	random_requests(1, 8192, 200, 0);
	return tap_done();
}
