/* test_rows.c: a batch of KPI rows, packed and handed out in id order */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fcgi/rows.h"
#include "rowtime.h"
#include "tap.h"

/* A packed time is the fetched one. */
static int
same_time(const struct row_time *a, const MYSQL_TIME *b)
{
	return a->year == b->year && a->month == b->month &&
	    a->day == b->day && a->hour == b->hour && a->minute == b->minute &&
	    a->second == b->second && a->usec == b->second_part;
}

static void
make_row(struct kpi_fetched *r, int64_t id)
{
	memset(r, 0, sizeof *r);
	r->id = id;
	r->interval = 1 + id % 2;
	r->key = id % 1000 - 500;
	r->value = id * INT64_C(1000003);
	set_time(&r->start, 2021, 7, 18, (unsigned)(id % 24),
	    (unsigned)(id % 60), 0, (unsigned long)(id % 1000000));
	set_time(&r->end, 2021, 7, 18, (unsigned)(id % 24),
	    (unsigned)(id % 60), 59, 999999);
}

static int
same_row(const struct kpi_row *a, const struct kpi_fetched *b)
{
	return a->id == b->id && a->interval == b->interval &&
	    a->key == b->key && a->value == b->value &&
	    same_time(&a->start, &b->start) && same_time(&a->end, &b->end);
}

/* b sorted: ids 1..n in order, each row intact. */
static void
sorted_whole(struct rows *b, int64_t n, const char *what)
{
	const struct kpi_row *got;
	struct kpi_fetched want;
	int64_t		id;
	int		inorder = 1, intact = 1;

	rows_sort(b);
	for (id = 1; (got = rows_next(b)) != NULL; id++) {
		make_row(&want, id);
		inorder &= got->id == id;
		intact &= same_row(got, &want);
	}
	ok(inorder && id == n + 1, "%s: in id order (%lld rows)", what,
	    (long long)(id - 1));
	ok(intact, "%s: every field intact", what);
}

int
main(void)
{
	struct rows	b = ROWS_INIT;
	struct kpi_fetched r, want;
	struct kpi_row	one;
	const struct kpi_row *got;
	int64_t		id, last;
	size_t		n, cap;
	int		inorder, intact;

	ok(rows_next(&b) == NULL, "an empty batch has no row");

	/* Extremes survive packing. */
	memset(&r, 0, sizeof r);
	r.id = INT64_MAX;
	r.interval = 32767;
	r.key = INT32_MIN;
	r.value = INT64_MIN;
	set_time(&r.start, 1000, 1, 1, 0, 0, 0, 0);
	set_time(&r.end, 9999, 12, 31, 23, 59, 59, 999999);
	rows_add(&b, &r);
	rows_sort(&b);
	ok((got = rows_next(&b)) != NULL && same_row(got, &r),
	    "extreme values come back as they went in");
	ok(rows_next(&b) == NULL, "one row, then none");
	row_pack(&one, &r);
	ok(same_row(&one, &r), "row_pack packs a row alone (a streamed one)");
	r.start.second_part = 2999999;
	row_pack(&one, &r);
	is_int(one.start.usec, 999999, "microseconds are taken below a second");

	/* 5,000 rows in a scrambled order: in id order, intact. */
	rows_reset(&b);
	for (n = 0; n < 5000; n++) {
		make_row(&r, (int64_t)(n * 2654435761u % 5000) + 1);
		rows_add(&b, &r);
	}
	rows_sort(&b);
	inorder = intact = 1;
	last = 0;
	for (n = 0; (got = rows_next(&b)) != NULL; n++) {
		make_row(&want, got->id);
		inorder &= got->id == last + 1;
		intact &= same_row(got, &want);
		last = got->id;
	}
	is_int(n, 5000, "5,000 rows out");
	ok(inorder, "in id order");
	ok(intact, "every field intact");

	/* Nearly sorted (the index's order): three ids reversed per time. */
	rows_reset(&b);
	for (id = 1; id <= 3000; id += 3) {
		make_row(&r, id + 2);
		rows_add(&b, &r);
		make_row(&r, id + 1);
		rows_add(&b, &r);
		make_row(&r, id);
		rows_add(&b, &r);
	}
	sorted_whole(&b, 3000, "nearly sorted rows");

	/* Sorted but for the last, which goes first: n - 1 moves. */
	rows_reset(&b);
	for (id = 2; id <= 4000; id++) {
		make_row(&r, id);
		rows_add(&b, &r);
	}
	make_row(&r, 1);
	rows_add(&b, &r);
	sorted_whole(&b, 4000, "the smallest id last");

	/*
	 * Reversed: insertion sort gives up half-way through a row's
	 * insertion, and qsort sorts what it left.
	 */
	rows_reset(&b);
	for (id = 6000; id >= 1; id--) {
		make_row(&r, id);
		rows_add(&b, &r);
	}
	sorted_whole(&b, 6000, "reversed rows");

	/* The memory stays: a smaller batch does not grow it. */
	cap = b.cap;
	rows_reset(&b);
	for (id = 1; id <= 100; id++) {
		make_row(&r, id);
		rows_add(&b, &r);
	}
	ok(b.cap == cap && b.n == 100, "reset keeps the memory (%zu rows)",
	    cap);
	ok(sizeof(struct kpi_row) <= 56, "a packed row is %zu bytes",
	    sizeof(struct kpi_row));
	rows_free(&b);
	ok(b.row == NULL && b.n == 0 && rows_next(&b) == NULL,
	    "freed: empty");
	return tap_done();
}
