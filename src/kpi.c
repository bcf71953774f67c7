/* kpi.c: the KPI registry: each KPI's table, columns, API names and aggregate */
#include "config.h"

#include <string.h>

#include "kpi.h"
#include "num.h"

/*
 * The first two are the original application's KPIs: same tables,
 * columns and names.  Adding a KPI is one row here and, when it needs
 * an aggregate that does not exist yet, that aggregate in ingest/agg.c.
 */
const struct kpi kpi_registry[] = {
	{ 1, "ServiceTrafficVolume", "Service Traffic Vol Kpi List",
	  "kpis_servicetrafficvolkpi", "service_id", "total_bytes", "bigint",
	  "netkpi_stv", KPI_AGG_SERVICE_BYTES, 0 },
	{ 2, "CellUniqueUsers", "Cell Unique Users Kpi List",
	  "kpis_celluniqueuserskpi", "cell_id", "number_of_unique_users",
	  "int", "netkpi_cuu", KPI_AGG_CELL_USERS, 0 },
	{ 3, "CellTrafficVolume", "Cell Traffic Vol Kpi List",
	  "netkpi_celltrafficvolkpi", "cell_id", "total_bytes", "bigint",
	  "netkpi_ctv", KPI_AGG_CELL_BYTES, 1 },
};

const size_t kpi_registry_len = sizeof kpi_registry / sizeof kpi_registry[0];

kpi_mask
kpi_default_mask(void)
{
	kpi_mask	m = 0;
	size_t		i;

	for (i = 0; i < kpi_registry_len; i++)
		if (!kpi_registry[i].optional)
			m |= 1u << i;
	return m;
}

int
kpi_on(kpi_mask mask, const struct kpi *k)
{
	return (mask >> (size_t)(k - kpi_registry) & 1) != 0;
}

const struct kpi *
kpi_by_id(int id)
{
	size_t	i;

	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_registry[i].id == id)
			return &kpi_registry[i];
	return NULL;
}

/* The KPI named (or numbered) s[0..len), or NULL. */
static const struct kpi *
kpi_named(const char *s, size_t len)
{
	const char	*why;
	int64_t		 id;
	size_t		 i;

	if (num_parse(s, len, 1, 1000, &id, &why) == 0)
		return kpi_by_id((int)id);
	for (i = 0; i < kpi_registry_len; i++)
		if (strlen(kpi_registry[i].name) == len &&
		    memcmp(kpi_registry[i].name, s, len) == 0)
			return &kpi_registry[i];
	return NULL;
}

int
kpi_parse_extra(const char *s, kpi_mask *mask, const char **why)
{
	const struct kpi *k;
	size_t		 n;

	*mask = kpi_default_mask();
	for (;;) {
		s += strspn(s, ", \t");
		if (*s == '\0')
			return 0;
		n = strcspn(s, ", \t");
		if ((k = kpi_named(s, n)) == NULL) {
			*why = "not a KPI name or id";
			return -1;
		}
		if (!k->optional) {
			*why = "the original's KPIs are always on";
			return -1;
		}
		*mask |= 1u << (size_t)(k - kpi_registry);
		s += n;
	}
}
