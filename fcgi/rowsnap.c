/* rowsnap.c: all of a KPI's rows in memory, and the answers read from them */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rowsnap.h"
#include "xmalloc.h"

uint64_t
rowsnap_time_key(const struct row_time *t)
{
	uint64_t	k = t->year;

	k = k << 4 | t->month;
	k = k << 5 | t->day;
	k = k << 5 | t->hour;
	k = k << 6 | t->minute;
	k = k << 6 | t->second;
	return k << 20 | (t->usec & 0xfffff);
}

/* A filter's time value (UTC microseconds) as rowsnap_time_key. */
static uint64_t
value_key(int64_t us)
{
	struct row_time	t;

	row_time_set(&t, us);
	return rowsnap_time_key(&t);
}

/* *bound := v, or the tighter of the two (lower bounds: the larger). */
static void
tighten(uint64_t *bound, unsigned *has, unsigned bit, uint64_t v, int lower)
{
	if ((*has & bit) == 0 || (lower ? v > *bound : v < *bound))
		*bound = v;
	*has |= bit;
}

/* Filter i's condition, with value v, as a bound; -1 when none fits. */
static int
bound_one(size_t i, int64_t v, struct rowsnap_bounds *b)
{
	const struct filter *f = &filters[i];
	int	ge = strcmp(f->op, ">=") == 0, le = strcmp(f->op, "<=") == 0;
	int	rc = 0;

	if (strcmp(f->column, "interval") == 0 && strcmp(f->op, "=") == 0) {
		if ((b->has & ROWSNAP_INTERVAL) != 0 && b->interval != v)
			rc = -1;
		b->interval = v;
		b->has |= ROWSNAP_INTERVAL;
	} else if (f->type != FILTER_TIME)
		rc = -1;
	else if (strcmp(f->column, "interval_start_timestamp") == 0 && ge)
		tighten(&b->start_lo, &b->has, ROWSNAP_START_LO, value_key(v), 1);
	else if (strcmp(f->column, "interval_start_timestamp") == 0 && le)
		tighten(&b->start_hi, &b->has, ROWSNAP_START_HI, value_key(v), 0);
	else if (strcmp(f->column, "interval_end_timestamp") == 0 && le)
		tighten(&b->end_hi, &b->has, ROWSNAP_END_HI, value_key(v), 0);
	else
		rc = -1;
	return rc;
}

int
rowsnap_bounds(const struct filter_values *f, struct rowsnap_bounds *b)
{
	size_t	i;
	int	rc = 0;

	memset(b, 0, sizeof *b);
	for (i = 0; i < nfilters && rc == 0; i++)
		if ((f->present >> i & 1) != 0)
			rc = bound_one(i, f->value[i], b);
	return rc;
}

int
rowsnap_match(const struct rowsnap_bounds *b, const struct kpi_row *r)
{
	uint64_t	start;

	if ((b->has & ROWSNAP_INTERVAL) != 0 && r->interval != b->interval)
		return 0;
	if ((b->has & ROWSNAP_END_HI) != 0 &&
	    rowsnap_time_key(&r->end) > b->end_hi)
		return 0;
	if ((b->has & (ROWSNAP_START_LO | ROWSNAP_START_HI)) == 0)
		return 1;
	start = rowsnap_time_key(&r->start);
	return !((b->has & ROWSNAP_START_LO) != 0 && start < b->start_lo) &&
	    !((b->has & ROWSNAP_START_HI) != 0 && start > b->start_hi);
}

void
rowsnap_add(struct rowsnap *s, const struct kpi_row *r)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 1024 : s->cap * 2;
		s->row = xreallocarray(s->row, s->cap, sizeof *s->row);
	}
	s->row[s->n++] = *r;
}

static int
start_cmp(const void *a, const void *b)
{
	const struct rowsnap_start *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/*
 * Rows are written interval after interval, so their starts mostly
 * grow with their ids: an insertion sort puts that right in a few moves
 * a row, and gives up to qsort after 8 moves a row.
 */
static void
sort_starts(struct rowsnap_start *e, size_t n)
{
	struct rowsnap_start x;
	size_t		 i, j, moves = 0;

	for (i = 1; i < n && moves < 8 * n; i++) {
		if (start_cmp(&e[i - 1], &e[i]) <= 0)
			continue;
		x = e[i];
		for (j = i; j > 0 && start_cmp(&e[j - 1], &x) > 0 &&
		    moves < 8 * n; j--, moves++)
			e[j] = e[j - 1];
		e[j] = x;
	}
	if (moves >= 8 * n)
		qsort(e, n, sizeof *e, start_cmp);
}

void
rowsnap_index(struct rowsnap *s)
{
	size_t	i, n = s->n > 0 ? s->n : 1;

	/* No room for more rows: what the store counts is what is held. */
	s->row = xreallocarray(s->row, n, sizeof *s->row);
	s->cap = n;
	s->by_start = xreallocarray(NULL, n, sizeof *s->by_start);
	for (i = 0; i < s->n; i++) {
		s->by_start[i].key = rowsnap_time_key(&s->row[i].start);
		s->by_start[i].at = (uint32_t)i;
	}
	sort_starts(s->by_start, s->n);
}

void
rowsnap_free(struct rowsnap *s)
{
	free(s->row);
	free(s->by_start);
	memset(s, 0, sizeof *s);
}

/* The first entry of the start index whose start is >= key (after: >). */
static size_t
start_search(const struct rowsnap *s, uint64_t key, int after)
{
	size_t	lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->by_start[mid].key < key ||
		    (after && s->by_start[mid].key == key))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
rowsnap_select(const struct rowsnap *s, const struct rowsnap_bounds *b,
    size_t max, struct rows *out)
{
	const struct kpi_row *r;
	size_t	lo = 0, hi = s->n, i;

	if ((b->has & (ROWSNAP_START_LO | ROWSNAP_START_HI)) == 0)
		return 0;
	if ((b->has & ROWSNAP_START_LO) != 0)
		lo = start_search(s, b->start_lo, 0);
	if ((b->has & ROWSNAP_START_HI) != 0)
		hi = start_search(s, b->start_hi, 1);
	if (hi > lo && hi - lo > max)
		return 0;
	for (i = lo; i < hi; i++) {
		r = &s->row[s->by_start[i].at];
		if (rowsnap_match(b, r))
			rows_add_row(out, r);
	}
	rows_sort(out);
	return 1;
}

size_t
rowsnap_scan(const struct rowsnap *s, const struct rowsnap_bounds *b,
    size_t from)
{
	while (from < s->n && !rowsnap_match(b, &s->row[from]))
		from++;
	return from;
}
