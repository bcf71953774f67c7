/* kpi.h: the KPI registry: each KPI's table, columns, API names and aggregate */
#ifndef NETKPI_KPI_H
#define NETKPI_KPI_H

#include <stddef.h>

/*
 * The per-key aggregates the ingest can compute from flow rows.  A KPI
 * names the one it takes; the ingest computes only those of the KPIs in
 * effect.
 */
enum kpi_agg {
	KPI_AGG_SERVICE_BYTES,		/* Σ (up + down) bytes per service_id */
	KPI_AGG_CELL_USERS,		/* distinct msisdn per cell_id */
	KPI_AGG_CELL_BYTES,		/* Σ (up + down) bytes per cell_id */
	KPI_AGG_MAX
};

/*
 * The periods of a KPI's rows, as its "interval" column (and the API's
 * interval filter) numbers them: the original's values.
 */
enum kpi_interval {
	KPI_INTERVAL_5MIN = 1,		/* five minutes */
	KPI_INTERVAL_HOUR = 2		/* one hour */
};

/*
 * One KPI: everything the schema step, the ingest and the API need to
 * know of it.  Its rows are the top N keys of each five-minute and
 * hourly period, in the table's columns
 * (id, interval_start_timestamp, interval_end_timestamp, interval, key,
 * value), served as /api/KPIs/<id>/.
 */
struct kpi {
	int		 id;		/* /api/KPIs/<id>/, and in the list */
	const char	*name;		/* in the /api/KPIs/ list */
	const char	*options_name;	/* "name" of its OPTIONS answer */
	const char	*table;
	const char	*key;		/* key column, also its JSON key */
	const char	*value;		/* value column, also its JSON key */
	const char	*value_type;	/* SQL type of the value column, as
					   information_schema names it */
	const char	*index_prefix;	/* of the indexes --migrate adds */
	enum kpi_agg	 agg;
	int		 optional;	/* only when [kpis] extra names it */
};

/* Every KPI netkpi knows, in id order. */
extern const struct kpi kpi_registry[];
extern const size_t kpi_registry_len;

/* The KPIs in effect: bit i stands for kpi_registry[i]. */
typedef unsigned kpi_mask;

/* The original's KPIs: always in effect. */
kpi_mask kpi_default_mask(void);
int	kpi_on(kpi_mask mask, const struct kpi *k);

/* The KPI with this id (in effect or not), or NULL. */
const struct kpi *kpi_by_id(int id);

/*
 * Parse "[kpis] extra": names or ids of optional KPIs, separated by
 * commas or spaces, into *mask (over the defaults).  Returns 0, or -1
 * with *why set.
 */
int	kpi_parse_extra(const char *s, kpi_mask *mask, const char **why);

#endif
