/* test_kpi.c: unit tests for the KPI registry and "[kpis] extra" */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "kpi.h"
#include "tap.h"

/* The bits of the original's two KPIs and of CellTrafficVolume (id 3). */
#define ORIGINAL	0x3u
#define WITH_3		0x7u

/*
 * "[kpis] extra = s" parses into the mask want, or (reason set) is
 * refused with that reason.
 */
static const struct {
	const char	*s;
	kpi_mask	 want;
	const char	*reason, *msg;
} extras[] = {
	{ "", ORIGINAL, NULL, "empty: the defaults" },
	{ " ,\t, ", ORIGINAL, NULL, "only separators: the defaults" },
	{ "CellTrafficVolume", WITH_3, NULL, "a name" },
	{ "3", WITH_3, NULL, "an id" },
	{ "3,CellTrafficVolume", WITH_3, NULL, "twice, by id and name" },
	{ "3 3", WITH_3, NULL, "twice, by id" },
	{ " , 3 ,\t", WITH_3, NULL, "commas, spaces and tabs around" },
	{ "celltrafficvolume", 0, "not a KPI name or id",
	    "names are case-sensitive" },
	{ "CellTraffic", 0, "not a KPI name or id", "a prefix of a name" },
	{ "CellTrafficVolumes", 0, "not a KPI name or id", "a longer name" },
	{ "4", 0, "not a KPI name or id", "an unknown id" },
	{ "0", 0, "not a KPI name or id", "id 0" },
	{ "-3", 0, "not a KPI name or id", "a negative id" },
	{ "3;4", 0, "not a KPI name or id", "a semicolon is no separator" },
	{ "3, Nothing", 0, "not a KPI name or id",
	    "a known one, then an unknown one" },
	{ "1", 0, "the original's KPIs are always on", "id 1" },
	{ "CellUniqueUsers", 0, "the original's KPIs are always on",
	    "the original's second, by name" },
	{ "3, ServiceTrafficVolume", 0, "the original's KPIs are always on",
	    "an optional one, then an original one" },
};

static void
extra(void)
{
	const char	*why, *s;
	kpi_mask	 m;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof extras / sizeof extras[0]; i++) {
		s = extras[i].s;
		why = NULL;
		m = 0;
		rc = kpi_parse_extra(s, &m, &why);
		if (extras[i].reason == NULL) {
			if (is_int(rc, 0, "\"%s\" (%s) parses", s, extras[i].msg))
				is_int(m, extras[i].want, "\"%s\" (%s): the mask",
				    s, extras[i].msg);
		} else {
			is_int(rc, -1, "\"%s\" (%s) is refused", s,
			    extras[i].msg);
			is_str(why != NULL ? why : "(none)", extras[i].reason,
			    "\"%s\": the reason", s);
		}
	}
}

static void
registry(void)
{
	const struct kpi *k;
	size_t		 i;

	is_int(kpi_registry_len, 3, "three KPIs");
	for (i = 0; i < kpi_registry_len; i++) {
		is_int(kpi_registry[i].id, (long long)i + 1, "in id order: %zu",
		    i);
		ok(kpi_by_id(kpi_registry[i].id) == &kpi_registry[i],
		    "kpi_by_id(%d) is its row", kpi_registry[i].id);
	}
	ok(kpi_by_id(0) == NULL && kpi_by_id(4) == NULL &&
	    kpi_by_id(-1) == NULL, "kpi_by_id: 0, 4 and -1 are no KPI");
	k = kpi_by_id(1);
	ok(k != NULL && strcmp(k->name, "ServiceTrafficVolume") == 0 &&
	    strcmp(k->table, "kpis_servicetrafficvolkpi") == 0 && !k->optional,
	    "1 is the original's ServiceTrafficVolume, always on");
	k = kpi_by_id(2);
	ok(k != NULL && strcmp(k->name, "CellUniqueUsers") == 0 &&
	    strcmp(k->table, "kpis_celluniqueuserskpi") == 0 && !k->optional,
	    "2 is the original's CellUniqueUsers, always on");
	k = kpi_by_id(3);
	ok(k != NULL && strcmp(k->name, "CellTrafficVolume") == 0 &&
	    k->optional, "3 is CellTrafficVolume, optional");
}

static void
masks(void)
{
	is_int(kpi_default_mask(), ORIGINAL, "the default: the original's two");
	ok(kpi_on(ORIGINAL, kpi_by_id(1)) && kpi_on(ORIGINAL, kpi_by_id(2)) &&
	    !kpi_on(ORIGINAL, kpi_by_id(3)), "kpi_on over the default");
	ok(kpi_on(WITH_3, kpi_by_id(3)) && kpi_on(WITH_3, kpi_by_id(1)),
	    "kpi_on with 3");
	ok(!kpi_on(0, kpi_by_id(1)) && kpi_on(0x4u, kpi_by_id(3)) &&
	    !kpi_on(0x4u, kpi_by_id(2)), "kpi_on reads only its own bit");
}

int
main(void)
{
	registry();
	masks();
	extra();
	return tap_done();
}
