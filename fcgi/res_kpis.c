/* res_kpis.c: /api/KPIs/, the list of the KPIs in effect (no database needed) */
#include "config.h"

#include <yajl/yajl_gen.h>

#include "json.h"
#include "kpi.h"
#include "reply.h"
#include "request.h"
#include "res.h"

/* The original's view name for the list. */
#define LIST_NAME	"Kp Is List"

void
res_kpis_get(struct request *r, const void *arg)
{
	const struct kpi *k;
	struct json	 j;
	size_t		 i;

	json_init(&j, r->indent);
	yajl_gen_array_open(j.g);
	for (i = 0; i < kpi_registry_len; i++) {
		k = &kpi_registry[i];
		if (!kpi_on(r->kpis, k))
			continue;
		yajl_gen_map_open(j.g);
		json_lit(&j, "id");
		json_int(&j, k->id);
		json_lit(&j, "name");
		json_cstr(&j, k->name);
		yajl_gen_map_close(j.g);
	}
	yajl_gen_array_close(j.g);
	reply_json(r, 200, &j);
	json_free(&j);
}

void
res_kpis_options(struct request *r, const void *arg)
{
	res_options(r, LIST_NAME);
}
