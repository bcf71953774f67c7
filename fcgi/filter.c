/* filter.c: the KPI filters: one table drives validation, the SQL and the binds */
#include "config.h"

#include <string.h>

#include "datetime.h"
#include "filter.h"
#include "kpi.h"
#include "num.h"
#include "utf8.h"

#define MSG_DATETIME	"Enter a valid date/time."
/* Django's ChoiceField message, with its placeholder. */
#define MSG_CHOICE	"Select a valid choice. %(value)s is not one of the" \
			" available choices."
#define PLACEHOLDER	"%(value)s"

/* interval: KPI_INTERVAL_5MIN or KPI_INTERVAL_HOUR, one digit exactly. */
static int
parse_interval(const char *v, size_t len, int64_t *out)
{
	const char	*why;

	if (len != 1)
		return -1;
	return num_parse(v, len, KPI_INTERVAL_5MIN, KPI_INTERVAL_HOUR, out,
	    &why);
}

enum { F_START, F_END, F_START_BY_END, F_INTERVAL };

/*
 * A new filter is one row here (and a parser when none fits).  The
 * implied row closes the range that the start index reads when both
 * datetime filters are given: every row starts before it ends, so its
 * start is <= the end bound too, and an hour's query reads an hour of
 * the index instead of everything after its start.
 */
const struct filter filters[] = {
	[F_START] = { "interval_start_timestamp__gte",
	    "interval_start_timestamp", ">=", FILTER_TIME, datetime_parse,
	    MSG_DATETIME, 0, 0 },
	[F_END] = { "interval_end_timestamp__lte",
	    "interval_end_timestamp", "<=", FILTER_TIME, datetime_parse,
	    MSG_DATETIME, 0, 0 },
	[F_START_BY_END] = { NULL,
	    "interval_start_timestamp", "<=", FILTER_TIME, NULL,
	    NULL, 1u << F_START | 1u << F_END, F_END },
	[F_INTERVAL] = { "interval",
	    "interval", "=", FILTER_INT, parse_interval,
	    MSG_CHOICE, 0, 0 },
};

const size_t nfilters = sizeof filters / sizeof filters[0];

_Static_assert(sizeof filters / sizeof filters[0] <= FILTER_MAX,
    "FILTER_MAX is too small for the filter table");

/* Read filters[i] into fv; -1 when its value is invalid. */
static int
read_one(const struct query *q, size_t i, struct filter_values *fv)
{
	const struct filter *f = &filters[i];
	const char	*v;
	size_t		 len;

	if (f->param == NULL) {
		if ((fv->present & f->needs) == f->needs) {
			fv->present |= 1u << i;
			fv->value[i] = fv->value[f->value_of];
		}
		return 0;
	}
	if ((v = query_get(q, f->param, &len)) == NULL || len == 0)
		return 0;
	if (f->parse(v, len, &fv->value[i]) == -1)
		return -1;
	fv->present |= 1u << i;
	return 0;
}

unsigned
filter_read(const struct query *q, struct filter_values *fv)
{
	unsigned	bad = 0;
	size_t		i;

	memset(fv, 0, sizeof *fv);
	for (i = 0; i < nfilters; i++)
		if (read_one(q, i, fv) == -1)
			bad |= 1u << i;
	return bad;
}

void
filter_message(const struct query *q, size_t i, struct buf *b)
{
	const char	*msg = filters[i].message, *at, *v;
	size_t		 len;

	if ((at = strstr(msg, PLACEHOLDER)) == NULL) {
		buf_addstr(b, msg);
		return;
	}
	buf_add(b, msg, (size_t)(at - msg));
	if ((v = query_get(q, filters[i].param, &len)) != NULL)
		utf8_clean(b, v, len);
	buf_addstr(b, at + strlen(PLACEHOLDER));
}

/* 1 with *value when fv has the condition "column op ?", else 0. */
static int
condition(const struct filter_values *fv, const char *column, const char *op,
    int64_t *value)
{
	size_t	i;
	int	found = 0;

	for (i = 0; i < nfilters && !found; i++) {
		if ((fv->present >> i & 1) != 0 &&
		    strcmp(filters[i].op, op) == 0 &&
		    strcmp(filters[i].column, column) == 0) {
			*value = fv->value[i];
			found = 1;
		}
	}
	return found;
}

int
filter_fixed(const struct filter_values *fv, const char *column,
    int64_t *value)
{
	return condition(fv, column, "=", value);
}

int
filter_lower(const struct filter_values *fv, const char *column,
    int64_t *value)
{
	return condition(fv, column, ">=", value);
}

void
filter_where(unsigned present, struct buf *sql)
{
	const char	*join = " WHERE ";
	size_t		 i;

	for (i = 0; i < nfilters; i++) {
		if ((present >> i & 1) == 0)
			continue;
		buf_addf(sql, "%s`%s` %s ?", join, filters[i].column,
		    filters[i].op);
		join = " AND ";
	}
}
