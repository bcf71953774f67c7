/* res_kpis.c: /api/KPIs/, the list of the KPIs in effect (no database needed) */
#include "config.h"

#include <stdio.h>

#include <yajl/yajl_gen.h>

#include "cond.h"
#include "json.h"
#include "kpi.h"
#include "metrics.h"
#include "reply.h"
#include "request.h"
#include "res.h"
#include "utctime.h"

/* The original's view name for the list. */
#define LIST_NAME	"Kp Is List"

/*
 * How long nginx's cache may keep the list without asking again,
 * seconds.  It changes only when the responder restarts with another
 * configuration; the site serves the entry it has while one request
 * asks again in the background (no storm of revalidations), so this is
 * also the bound on how long a new list takes to show.
 */
#define LIST_FRESH	1

/*
 * The validators of the list whose bytes are body: a strong ETag from
 * a hash of the bytes (FNV-1a; the indent changes them), Last-Modified
 * the responder's start, and a short life in nginx's cache.
 */
static void
list_validators(const struct buf *body, struct validators *v)
{
	uint64_t	 h = res_hash(RES_HASH_INIT, body->data, body->len);

	snprintf(v->etag, sizeof v->etag, "\"l-%016llx\"", (unsigned long long)h);
	v->modified = metrics_start();
	v->fresh_until = utc_now() / USEC_PER_SEC + LIST_FRESH;
}

void
res_kpis_get(struct request *r, const void *arg)
{
	const struct kpi *k;
	struct validators v;
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
	list_validators(&j.body, &v);
	if (cond_not_modified(r->if_none_match, r->if_modified_since, v.etag,
	    v.modified))
		reply_not_modified(r, &v);
	else {
		reply_head_v(r, 200, (long long)j.body.len, &v);
		reply_flush(r, &j);
	}
	json_free(&j);
}

void
res_kpis_options(struct request *r, const void *arg)
{
	res_options(r, LIST_NAME);
}
