/* rowtext.h: a KPI row's JSON object, written as text in one pass */
#ifndef NETKPI_ROWTEXT_H
#define NETKPI_ROWTEXT_H

#include <stddef.h>

#include "kpi.h"
#include "rows.h"
#include "utctime.h"

/*
 * A time and its text, kept from the last row: the rows of one interval
 * (a top-N) share their start and end, so most rows copy the text.
 */
struct rowtext_time {
	struct row_time	t;
	size_t		len;		/* 0: none yet */
	char		text[UTC_ISO_LEN];
};

/*
 * The rows of one KPI's answer as JSON objects, in the original's key
 * order: {"id":..,"interval_start_timestamp":"..",
 * "interval_end_timestamp":"..","interval":..,"<key>":..,"<value>":..}.
 * Written straight into text, which has room for the longest row, so
 * no piece needs a bounds check.  The API's hot loop: a 5,000-row
 * answer is 5,000 of these.  The KPI's column names are written as
 * they are: the registry's names need no JSON escaping (test_rowtext).
 */
struct rowtext {
	char		*text;		/* owned */
	struct rowtext_time start, end;
	const char	*key, *value;	/* the KPI's column names */
	size_t		 key_len, value_len;
	size_t		 max;		/* the longest row's length */
};

void	rowtext_init(struct rowtext *t, const struct kpi *kpi);
void	rowtext_free(struct rowtext *t);
/* row's object into t->text; returns its length. */
size_t	rowtext_put(struct rowtext *t, const struct kpi_row *row);
/* row's object at out (room for t->max bytes); returns its length. */
size_t	rowtext_write(struct rowtext *t, const struct kpi_row *row,
	    char *out);

#endif
