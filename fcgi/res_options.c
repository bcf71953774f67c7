/* res_options.c: the OPTIONS answer every resource gives: its name, what it renders and parses */
#include "config.h"

#include <yajl/yajl_gen.h>

#include "json.h"
#include "reply.h"
#include "request.h"
#include "res.h"

/* The original's parsers; netkpi renders JSON only. */
static const char *const parses[] = {
	"application/json",
	"application/x-www-form-urlencoded",
	"multipart/form-data",
};

void
res_options(struct request *r, const char *name)
{
	struct json	j;
	size_t		i;

	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	json_lit(&j, "name");
	json_cstr(&j, name);
	json_lit(&j, "description");
	json_lit(&j, "");
	json_lit(&j, "renders");
	yajl_gen_array_open(j.g);
	json_lit(&j, "application/json");
	yajl_gen_array_close(j.g);
	json_lit(&j, "parses");
	yajl_gen_array_open(j.g);
	for (i = 0; i < sizeof parses / sizeof parses[0]; i++)
		json_cstr(&j, parses[i]);
	yajl_gen_array_close(j.g);
	yajl_gen_map_close(j.g);
	reply_json(r, 200, &j);
	json_free(&j);
}
