/* rows.c: fetched KPI rows, and a batch of them sorted by id */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "rows.h"
#include "utctime.h"
#include "xmalloc.h"

void
rows_reset(struct rows *b)
{
	b->n = b->next = 0;
}

void
rows_free(struct rows *b)
{
	free(b->row);
	memset(b, 0, sizeof *b);
}

static void
pack_time(struct row_time *p, const MYSQL_TIME *t)
{
	p->year = (uint16_t)t->year;
	p->month = (uint8_t)t->month;
	p->day = (uint8_t)t->day;
	p->hour = (uint8_t)t->hour;
	p->minute = (uint8_t)t->minute;
	p->second = (uint8_t)t->second;
	p->usec = (uint32_t)(t->second_part % 1000000);
}

/* As a condition's value is bound (db_time_set), then packed. */
void
row_time_set(struct row_time *t, int64_t us)
{
	MYSQL_TIME	m;

	db_time_set(&m, us);
	pack_time(t, &m);
}

size_t
row_time_format(const struct row_time *t, char *buf)
{
	struct utc_fields f;

	f.year = (int)t->year;
	f.mon = (int)t->month;
	f.day = (int)t->day;
	f.hour = (int)t->hour;
	f.min = (int)t->minute;
	f.sec = (int)t->second;
	f.usec = (int)t->usec;
	return utc_format_fields(&f, buf);
}

void
row_pack(struct kpi_row *r, const struct kpi_fetched *f)
{
	r->id = f->id;
	r->key = f->key;
	r->value = f->value;
	r->interval = (int32_t)f->interval;
	pack_time(&r->start, &f->start);
	pack_time(&r->end, &f->end);
}

/* Room for one more row at the end of b, counted. */
static struct kpi_row *
push(struct rows *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->row = xreallocarray(b->row, b->cap, sizeof *b->row);
	}
	return &b->row[b->n++];
}

void
rows_add(struct rows *b, const struct kpi_fetched *f)
{
	row_pack(push(b), f);
}

void
rows_add_row(struct rows *b, const struct kpi_row *r)
{
	*push(b) = *r;
}

static int
by_id(const void *a, const void *b)
{
	int64_t	x = ((const struct kpi_row *)a)->id;
	int64_t	y = ((const struct kpi_row *)b)->id;

	return (x > y) - (x < y);
}

/*
 * Insertion sort of r[0..n) by id, while it takes no more than budget
 * row moves.  Returns 1 when r is sorted, 0 when it gave up (r is then
 * a permutation of what it was, partly sorted).
 */
static int
insertion_sort(struct kpi_row *r, size_t n, size_t budget)
{
	struct kpi_row	 x;
	size_t		 i, j, moves = 0;

	for (i = 1; i < n; i++) {
		if (r[i - 1].id <= r[i].id)
			continue;
		x = r[i];
		for (j = i; j > 0 && r[j - 1].id > x.id && moves < budget;
		    j--, moves++)
			r[j] = r[j - 1];
		r[j] = x;
		if (moves >= budget)
			return 0;
	}
	return 1;
}

/*
 * Rows come from an index in time order, and ids grow with time: an
 * interval's rows are in key order and their ids in rank order, so a
 * batch is sorted but for short stretches.  Insertion sort puts that
 * right in a few moves a row; rows in any other order go to qsort after
 * at most 8 moves a row.
 */
void
rows_sort(struct rows *b)
{
	if (b->n > 1 && !insertion_sort(b->row, b->n, 8 * b->n))
		qsort(b->row, b->n, sizeof *b->row, by_id);
	b->next = 0;
}

const struct kpi_row *
rows_next(struct rows *b)
{
	return b->next < b->n ? &b->row[b->next++] : NULL;
}
