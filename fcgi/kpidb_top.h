/* kpidb_top.h: the queries of /api/KPIs/<id>/top/, over a worker's connection */
#ifndef NETKPI_KPIDB_TOP_H
#define NETKPI_KPIDB_TOP_H

#include <stddef.h>
#include <stdint.h>

#include "kpidb.h"
#include "topquery.h"

/* One key of an answer and its value over the range. */
struct top_row {
	int64_t	key, value;
};

/*
 * What a range holds: the intervals with data (rows_ok > 0 in
 * netkpi_intervals) and the top p->n rows[0..*nrows) of kpi (room for
 * TOP_N_MAX + 1: the last is scratch), value descending then key
 * ascending: byte totals summed from netkpi_totals, or for a distinct
 * count the sketches of netkpi_sketches merged per key and estimated
 * (always, even over a single stored period).
 * Returns 0, or -1 (the database failed: err).
 */
int	kpidb_top(struct kpidb *d, const struct kpi *kpi,
	    const struct top_params *p, int64_t *intervals,
	    struct top_row *rows, size_t *nrows, char *err, size_t errlen);

/* The end of the newest interval with data into *end (-1: none). */
int	kpidb_top_newest(struct kpidb *d, utc_us *end, char *err,
	    size_t errlen);

#endif
