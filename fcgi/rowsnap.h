/* rowsnap.h: all of a KPI's rows in memory, and the answers read from them */
#ifndef NETKPI_ROWSNAP_H
#define NETKPI_ROWSNAP_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "rows.h"

/* A row's place in the start order: its packed start, then its index. */
struct rowsnap_start {
	uint64_t	key;		/* rowsnap_time_key of the start */
	uint32_t	at;		/* the row's index in row[] */
};

/*
 * The rows of a KPI's table, read in id order, with an index by start
 * time (rowsnap_index) for the answers whose filters bound the start.
 */
struct rowsnap {
	struct kpi_row	*row;		/* owned, by id */
	struct rowsnap_start *by_start;	/* owned, by (start, id) */
	size_t		 n, cap;
};

#define ROWSNAP_INIT	{ NULL, NULL, 0, 0 }

/* The memory of a row in a snapshot, with its index entry. */
#define ROWSNAP_ROW_BYTES \
	(sizeof(struct kpi_row) + sizeof(struct rowsnap_start))

/*
 * The conditions of a request as bounds on a row's fields, times as
 * rowsnap_time_key: start_lo <= start <= start_hi, end <= end_hi,
 * interval == interval, each where its bit is set in has.
 */
enum {
	ROWSNAP_START_LO = 1, ROWSNAP_START_HI = 2, ROWSNAP_END_HI = 4,
	ROWSNAP_INTERVAL = 8
};

struct rowsnap_bounds {
	uint64_t	start_lo, start_hi, end_hi;
	int64_t		interval;
	unsigned	has;
};

/*
 * A DATETIME as a number in the order in which MariaDB compares them:
 * its fields from the year down, each in bits of its own.
 */
uint64_t rowsnap_time_key(const struct row_time *t);

/*
 * The conditions in f as bounds, from the filter table's columns and
 * operators.  Returns 0, or -1 when a condition is one the snapshot
 * cannot evaluate (the database must answer).
 */
int	rowsnap_bounds(const struct filter_values *f, struct rowsnap_bounds *b);
/* 1 when r meets every bound in b. */
int	rowsnap_match(const struct rowsnap_bounds *b, const struct kpi_row *r);

/* r after the rows already added, whose ids are all smaller. */
void	rowsnap_add(struct rowsnap *s, const struct kpi_row *r);
/* Build the start index, once every row was added (no more room). */
void	rowsnap_index(struct rowsnap *s);
void	rowsnap_free(struct rowsnap *s);

/*
 * When b bounds the start and at most max rows start within it: the
 * rows meeting b appended to out, sorted by id (rows_sort), and 1.
 * Otherwise 0, out unchanged: read the rows in id order with
 * rowsnap_scan instead.
 */
int	rowsnap_select(const struct rowsnap *s, const struct rowsnap_bounds *b,
	    size_t max, struct rows *out);
/* The index of the first row at or after from meeting b, or s->n. */
size_t	rowsnap_scan(const struct rowsnap *s, const struct rowsnap_bounds *b,
	    size_t from);

#endif
