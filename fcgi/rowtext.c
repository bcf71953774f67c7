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
	t->text = xmalloc(FIXED_MAX + t->key_len + t->value_len);
}

void
rowtext_free(struct rowtext *t)
{
	free(t->text);
	t->text = NULL;
}

/* A DATETIME(6) as the API writes it (utc_format_fields), unquoted. */
static char *
put_time(char *p, const MYSQL_TIME *t)
{
	struct utc_fields f;

	f.year = (int)t->year;
	f.mon = (int)t->month;
	f.day = (int)t->day;
	f.hour = (int)t->hour;
	f.min = (int)t->minute;
	f.sec = (int)t->second;
	f.usec = (int)(t->second_part % 1000000);
	return p + utc_format_fields(&f, p);
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
	char	*p = t->text;

	p = LIT(p, ID_KEY);
	p += num_format(row->id, p);
	p = LIT(p, START_KEY);
	p = put_time(p, &row->start);
	p = LIT(p, END_KEY);
	p = put_time(p, &row->end);
	p = LIT(p, INTERVAL_KEY);
	p += num_format(row->interval, p);
	p = put_key(p, t->key, t->key_len);
	p += num_format(row->key, p);
	p = put_key(p, t->value, t->value_len);
	p += num_format(row->value, p);
	*p++ = '}';
	return (size_t)(p - t->text);
}
