/* status_retention.h: retention's part of /api/status/ and /metrics */
#ifndef NETKPI_STATUS_RETENTION_H
#define NETKPI_STATUS_RETENTION_H

#include <stdint.h>

#include "buf.h"
#include "db.h"
#include "json.h"
#include "utctime.h"

/* The columns the status query adds (kpidb_status.c's RETENTION_COLS). */
#define RETENTION_NCOLS	8

/* Those columns as fetched. */
struct retention_row {
	MYSQL_TIME	oldest;
	int64_t		v[RETENTION_NCOLS - 1];
};

/* What they say; -1 for a NULL count. */
struct retention_status {
	int	has_oldest;		/* the oldest KPI row kept */
	utc_us	oldest;			/* its interval start */
	int	has_run;		/* a finished run recorded them */
	int64_t	flow_files, flow_bytes;	/* input_dir's, after its expiry */
	int64_t	over_size;		/* bytes over flow_files_size */
	int64_t	expired_files, expired_bytes, expired_rows, skipped_expired;
};

/* Bind row's columns to b[0 .. RETENTION_NCOLS). */
void	retention_bind(struct retention_row *row, MYSQL_BIND *b);
/* Fill s from a fetched row; null: the NULL flags of its columns. */
void	retention_fill(struct retention_status *s,
	    const struct retention_row *row, const my_bool *null);

/*
 * 1 when the flow files of intervals not written yet exceed
 * flow_files_size: /api/status/ answers 503.
 */
int	retention_over(const struct retention_status *s);
/* "oldest_interval_start" and "retention" of /api/status/. */
void	retention_json(struct json *j, const struct retention_status *s);
/* The retention gauges of /metrics. */
void	retention_metrics(struct buf *b, const struct retention_status *s);

#endif
