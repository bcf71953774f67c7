/* filter.h: the KPI filters: one table drives validation, the SQL and the binds */
#ifndef NETKPI_FILTER_H
#define NETKPI_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "query.h"

/* How a filter's value is bound to its statement. */
enum filter_type { FILTER_TIME, FILTER_INT };

/*
 * One condition of a KPI query.  A filter is a query parameter whose
 * value parse reads; an implied condition (param NULL) applies when
 * every filter in needs is present and binds the value of filter
 * value_of (both name rows before it).
 */
struct filter {
	const char	*param;		/* query parameter, or NULL: implied */
	const char	*column;
	const char	*op;		/* SQL comparison, "column op ?" */
	enum filter_type type;
	/* 0 with *out set, or -1: the value is invalid. */
	int		(*parse)(const char *v, size_t len, int64_t *out);
	/* Its error message; "%(value)s" stands for the value as sent. */
	const char	*message;
	unsigned	 needs;		/* implied: bits of the filters needed */
	size_t		 value_of;	/* implied: the filter whose value */
};

/* In the order of the 400 answer's keys (and of the WHERE clause). */
extern const struct filter filters[];
extern const size_t nfilters;

#define FILTER_MAX	16

/* The conditions of one request: bit i of present for filters[i]. */
struct filter_values {
	unsigned	present;
	int64_t		value[FILTER_MAX];
};

/*
 * Read the filters of q into fv (an empty value is no filter; the last
 * of a repeated parameter counts).  Returns the set of invalid ones,
 * bit i for filters[i]: 0 when every filter given is valid.
 */
unsigned filter_read(const struct query *q, struct filter_values *fv);

/* Append filters[i]'s error message for its value in q to b. */
void	filter_message(const struct query *q, size_t i, struct buf *b);

/*
 * 1 with *value when fv has a condition column >= value (every row of
 * the answer has at least that value there), else 0.
 */
int	filter_lower(const struct filter_values *fv, const char *column,
	    int64_t *value);

/*
 * 1 with *value when fv has an equality condition on column (every row
 * of the answer has that value there), else 0.
 */
int	filter_fixed(const struct filter_values *fv, const char *column,
	    int64_t *value);

/* Append " WHERE ..." for the conditions in present (nothing if none). */
void	filter_where(unsigned present, struct buf *sql);

#endif
