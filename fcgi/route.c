/* route.c: the route table (method + path -> handler) and the checks before it */
#include "config.h"

#include <string.h>

#include <yajl/yajl_gen.h>

#include "buf.h"
#include "negotiate.h"
#include "reply.h"
#include "request.h"
#include "res.h"

#define LIST_NAME	"Kp Is List"

/* method NULL: a path without its final '/', redirected for any method. */
struct route {
	const char	*method;
	const char	*path;
	handler_fn	 handler;
	const void	*arg;
};

static const struct route routes[] = {
	{ "GET", "/api/KPIs/", res_kpis_get, NULL },
	{ "HEAD", "/api/KPIs/", res_kpis_get, NULL },
	{ "OPTIONS", "/api/KPIs/", res_options, LIST_NAME },
	{ "GET", "/api/KPIs/1/", res_kpi_get, &kpi_service_traffic },
	{ "HEAD", "/api/KPIs/1/", res_kpi_get, &kpi_service_traffic },
	{ "OPTIONS", "/api/KPIs/1/", res_options, "Service Traffic Vol Kpi List" },
	{ "GET", "/api/KPIs/2/", res_kpi_get, &kpi_cell_users },
	{ "HEAD", "/api/KPIs/2/", res_kpi_get, &kpi_cell_users },
	{ "OPTIONS", "/api/KPIs/2/", res_options, "Cell Unique Users Kpi List" },
	{ NULL, "/api/KPIs", NULL, NULL },
	{ NULL, "/api/KPIs/1", NULL, NULL },
	{ NULL, "/api/KPIs/2", NULL, NULL },
	/* watch11: the ingest status (res_status.c) */
	{ "GET", "/api/status/", res_status_get, NULL },
	{ "HEAD", "/api/status/", res_status_get, NULL },
	{ "OPTIONS", "/api/status/", res_options, "Status" },
	{ NULL, "/api/status", NULL, NULL },
};

#define NROUTES	(sizeof routes / sizeof routes[0])

static int
path_is(const struct request *r, const char *path)
{
	return r->pathlen == strlen(path) && memcmp(r->path, path, r->pathlen) == 0;
}

/* Percent-encode s[0..n) into b, keeping the bytes in safe. */
static void
uri_escape(struct buf *b, const char *s, size_t n, const char *safe)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' && strchr(safe, c) != NULL))
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* 301 to the same path with '/' and the same query string. */
static void
redirect_slash(struct request *r)
{
	struct buf	loc = BUF_INIT;

	uri_escape(&loc, r->path, r->pathlen, "/-_.~!$&'()*+,;=:@");
	buf_addc(&loc, '/');
	if (r->querylen > 0) {
		buf_addc(&loc, '?');
		uri_escape(&loc, r->query, r->querylen,
		    "/-_.~!$&'()*+,;=:@?%[]#");
	}
	reply_redirect(r, buf_cstr(&loc));
	buf_free(&loc);
}

static void
method_not_allowed(struct request *r)
{
	struct buf	msg = BUF_INIT;

	buf_addstr(&msg, "Method \"");
	utf8_clean(&msg, r->method, strlen(r->method));
	buf_addstr(&msg, "\" not allowed.");
	reply_detail(r, 405, buf_cstr(&msg));
	buf_free(&msg);
}

void
res_options(struct request *r, const void *arg)
{
	static const char *const parses[] = { "application/json",
	    "application/x-www-form-urlencoded", "multipart/form-data" };
	struct json	j;
	size_t		i;

	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	json_lit(&j, "name");
	json_cstr(&j, arg);
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

void
route_dispatch(struct request *r)
{
	const struct route *found = NULL;
	const char	*format;
	size_t		 i, flen;
	int		 known = 0;

	/* watch11: Prometheus text, not the JSON API (res_metrics.c) */
	if (path_is(r, "/metrics")) {
		res_metrics(r);
		return;
	}
	switch (query_parse(r->query, r->querylen, &r->q)) {
	case QUERY_TOO_LONG:
		reply_detail(r, 414, "Query string too long.");
		return;
	case QUERY_TOO_MANY:
		reply_detail(r, 400, "Too many query parameters.");
		return;
	case QUERY_OK:
		break;
	}
	for (i = 0; i < NROUTES; i++) {
		if (!path_is(r, routes[i].path))
			continue;
		if (routes[i].method == NULL) {
			redirect_slash(r);
			return;
		}
		known = 1;
		if (strcmp(routes[i].method, r->method) == 0)
			found = &routes[i];
	}
	if (!known) {
		reply_detail(r, 404, "Not found.");
		return;
	}
	format = query_get(&r->q, "format", &flen);
	switch (negotiate(r->accept, format, flen)) {
	case NEG_NOT_FOUND:
		reply_detail(r, 404, "Not found.");
		return;
	case NEG_NOT_ACCEPTABLE:
		reply_detail(r, 406, "Could not satisfy the request Accept header.");
		return;
	case NEG_JSON:
		break;
	}
	if (found == NULL) {
		method_not_allowed(r);
		return;
	}
	found->handler(r, found->arg);
}
