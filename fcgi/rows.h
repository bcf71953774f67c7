/* rows.h: fetched KPI rows, and a batch of them sorted by id */
#ifndef NETKPI_ROWS_H
#define NETKPI_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

/* One row as libmariadb fetches it: the statement's result binds. */
struct kpi_fetched {
	int64_t		id, interval, key, value;
	MYSQL_TIME	start, end;
};

/* A DATETIME(6) in 12 bytes instead of MYSQL_TIME's 40. */
struct row_time {
	uint32_t	usec;
	uint16_t	year;
	uint8_t		month, day, hour, minute, second;
};

/*
 * One row of an answer as it is kept and written (rowtext.h): 56 bytes
 * instead of the 112 of a fetched row.
 */
struct kpi_row {
	int64_t		id, key, value;
	struct row_time	start, end;
	int32_t		interval;
};

/* f packed into r. */
void	row_pack(struct kpi_row *r, const struct kpi_fetched *f);
/* A time (UTC microseconds, within UTC_MIN_US..UTC_MAX_US) packed. */
void	row_time_set(struct row_time *t, int64_t us);
/*
 * A packed time as the API writes it (utc_format_fields), unquoted, at
 * buf (UTC_ISO_LEN bytes); returns the length.
 */
size_t	row_time_format(const struct row_time *t, char *buf);

/*
 * The rows of one answer, read whole, sorted by id, and handed out in
 * that order.  The memory stays with the batch from answer to answer:
 * it grows to the largest batch and no further.
 */
struct rows {
	struct kpi_row	*row;		/* owned */
	size_t		 n, next, cap;
};

#define ROWS_INIT	{ NULL, 0, 0, 0 }

void	rows_reset(struct rows *b);		/* empty; keep the memory */
void	rows_free(struct rows *b);
/* f packed at the end of the batch. */
void	rows_add(struct rows *b, const struct kpi_fetched *f);
/* r at the end of the batch. */
void	rows_add_row(struct rows *b, const struct kpi_row *r);
void	rows_sort(struct rows *b);
/* The next row in id order, or NULL; valid until the batch changes. */
const struct kpi_row *rows_next(struct rows *b);

#endif
