/* schema_range.c: the tables behind answers over a range (per-key totals, sketches) */
#include "config.h"

#include "schema_range.h"

/*
 * netkpi_totals: the byte total of every key of a bytes KPI (KPI 1 per
 * service_id, KPI 3 per cell_id when it is on) over each five-minute
 * interval, hour and day (tier 1, 2, 3) that had rows, written in the
 * transaction of the interval; an hour's and a day's rows always hold
 * the sum of the rows of their intervals.  A range is read as its
 * whole days, then its whole hours, then its edge intervals.
 *
 * netkpi_sketches: the same for the distinct users of KPI 2 per cell,
 * as HyperLogLog sketches (src/hll.h gives the encoding).
 */
const char *const schema_range_tables[][2] = {
	{ "netkpi_totals",
	" `kpi_id` smallint NOT NULL,"
	" `tier` tinyint NOT NULL,"
	" `period_end` datetime(6) NOT NULL,"
	" `key_id` int NOT NULL,"
	" `total_bytes` bigint NOT NULL,"
	" PRIMARY KEY (`kpi_id`, `tier`, `period_end`, `key_id`)" },
};

const size_t schema_range_ntables =
    sizeof schema_range_tables / sizeof schema_range_tables[0];
