/* range.c: what answers over a range keep: the tiers of netkpi_totals, and which KPIs keep every key */
#include "config.h"

#include "range.h"

int
range_bytes_kpi(const struct kpi *k)
{
	return k->agg == KPI_AGG_SERVICE_BYTES || k->agg == KPI_AGG_CELL_BYTES;
}

int
range_sketch_kpi(const struct kpi *k)
{
	return k->agg == KPI_AGG_CELL_USERS;
}
