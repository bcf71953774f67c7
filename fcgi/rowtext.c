/* rowtext.c: a KPI row's JSON object, written as text in one pass */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rowtext.h"
#include "utctime.h"
#include "xmalloc.h"

/* The text around the values, then the longest values. */
#define ID_KEY		"{\"id\":"
#define START_KEY	",\"interval_start_timestamp\":\""
#define END_KEY		"\",\"interval_end_timestamp\":\""
#define INTERVAL_KEY	"\",\"interval\":"
#define LIT(p, s)	(memcpy((p), (s), sizeof(s) - 1), (p) + sizeof(s) - 1)
#define FIXED_MAX	(sizeof ID_KEY + sizeof START_KEY + sizeof END_KEY + \
			 sizeof INTERVAL_KEY + 2 * UTC_ISO_LEN + \
			 4 * NUM_FORMAT_LEN + 2 * sizeof ",\"\":" + 1)

void
rowtext_init(struct rowtext *t, const struct kpi *kpi)
{
	t->key = kpi->key;
	t->value = kpi->value;
	t->key_len = strlen(kpi->key);
	t->value_len = strlen(kpi->value);
	t->max = FIXED_MAX + t->key_len + t->value_len;
	t->text = xmalloc(t->max);
	t->start.len = 0;
	t->end.len = 0;
}

void
rowtext_free(struct rowtext *t)
{
	free(t->text);
	t->text = NULL;
}

static int
same_time(const struct row_time *a, const struct row_time *b)
{
	return a->usec == b->usec && a->second == b->second &&
	    a->minute == b->minute && a->hour == b->hour && a->day == b->day &&
	    a->month == b->month && a->year == b->year;
}

/*
 * A DATETIME(6) as the API writes it (utc_format_fields), unquoted:
 * the text kept in c when t is the time c holds.
 */
static char *
put_time(char *p, struct rowtext_time *c, const struct row_time *t)
{
	if (c->len == 0 || !same_time(&c->t, t)) {
		c->len = row_time_format(t, c->text);
		c->t = *t;
	}
	memcpy(p, c->text, c->len);
	return p + c->len;
}

/* ,"name": */
static char *
put_key(char *p, const char *name, size_t len)
{
	*p++ = ',';
	*p++ = '"';
	memcpy(p, name, len);
	p += len;
	*p++ = '"';
	*p++ = ':';
	return p;
}

size_t
rowtext_put(struct rowtext *t, const struct kpi_row *row)
{
	return rowtext_write(t, row, t->text);
}

size_t
rowtext_write(struct rowtext *t, const struct kpi_row *row, char *out)
{
	char	*p = out;

	p = LIT(p, ID_KEY);
	p += num_format(row->id, p);
	p = LIT(p, START_KEY);
	p = put_time(p, &t->start, &row->start);
	p = LIT(p, END_KEY);
	p = put_time(p, &t->end, &row->end);
	p = LIT(p, INTERVAL_KEY);
	p += num_format(row->interval, p);
	p = put_key(p, t->key, t->key_len);
	p += num_format(row->key, p);
	p = put_key(p, t->value, t->value_len);
	p += num_format(row->value, p);
	*p++ = '}';
	return (size_t)(p - out);
}
