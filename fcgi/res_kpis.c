/* res_kpis.c: GET /api/KPIs/, the list of KPIs (no database needed) */
#include "config.h"

#include <yajl/yajl_gen.h>

#include "reply.h"
#include "request.h"
#include "res.h"

void
res_kpis_get(struct request *r, const void *arg)
{
	static const char *const names[] = {
		"ServiceTrafficVolume", "CellUniqueUsers"
	};
	struct json	j;
	size_t		i;

	json_init(&j, r->indent);
	yajl_gen_array_open(j.g);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		yajl_gen_map_open(j.g);
		json_lit(&j, "id");
		json_int(&j, (int64_t)i + 1);
		json_lit(&j, "name");
		json_cstr(&j, names[i]);
		yajl_gen_map_close(j.g);
	}
	yajl_gen_array_close(j.g);
	reply_json(r, 200, &j);
	json_free(&j);
}
