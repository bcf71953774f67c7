/* rows.h: fetched KPI rows, and a batch of them sorted by id */
#ifndef NETKPI_ROWS_H
#define NETKPI_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

/* One fetched row. */
struct kpi_row {
	int64_t		id, interval, key, value;
	MYSQL_TIME	start, end;
};

/* A DATETIME(6) in 12 bytes instead of MYSQL_TIME's 40. */
struct packed_time {
	uint32_t	usec;
	uint16_t	year;
	uint8_t		month, day, hour, minute, second;
};

/* A row kept in a batch: 56 bytes instead of 112. */
struct packed_row {
	int64_t		id, key, value;
	struct packed_time start, end;
	int32_t		interval;
};

/*
 * The rows of one answer, read whole, sorted by id, and handed out in
 * that order.  The memory stays with the batch from answer to answer:
 * it grows to the largest batch and no further.
 */
struct rows {
	struct packed_row *row;		/* owned */
	size_t		 n, next, cap;
};

#define ROWS_INIT	{ NULL, 0, 0, 0 }

void	rows_reset(struct rows *b);		/* empty; keep the memory */
void	rows_free(struct rows *b);
void	rows_add(struct rows *b, const struct kpi_row *row);
void	rows_sort(struct rows *b);
/* The next row in id order into *row: 1, or 0 when there is none. */
int	rows_next(struct rows *b, struct kpi_row *row);

#endif
