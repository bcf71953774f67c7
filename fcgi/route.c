/* route.c: the route table (path -> resource, method -> handler) and the checks before it */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "buf.h"
#include "kpi.h"
#include "negotiate.h"
#include "num.h"
#include "reply.h"
#include "request.h"
#include "res.h"
#include "utf8.h"

#define KPIS_PATH	"/api/KPIs"
#define STATUS_PATH	"/api/status"
#define METRICS_PATH	"/metrics"

/*
 * One kind of resource: a path, or when path is NULL the paths that
 * match says name one (and sets what its handlers get), without their
 * final '/'; the path with the '/' is the resource, without it a 301
 * to it.  GET and HEAD (r->head: no body) go to get, OPTIONS to
 * options; other methods are a 405.  A raw resource (not the JSON API:
 * /metrics) is its path exactly, and get answers every method, whatever
 * the query string and Accept.
 */
struct route {
	const char	*path;
	int		(*match)(const struct request *r, const char *path,
			    size_t len, const void **arg);
	handler_fn	 get;
	handler_fn	 options;
	int		 raw;
};

/* /api/KPIs/<id> for the id of a KPI in effect, in decimal as listed. */
static int
match_kpi(const struct request *r, const char *path, size_t len,
    const void **arg)
{
	const struct kpi *k;
	const char	*why;
	size_t		 plen = strlen(KPIS_PATH "/");
	int64_t		 id;

	if (len <= plen || memcmp(path, KPIS_PATH "/", plen) != 0 ||
	    path[plen] == '0' ||
	    num_parse(path + plen, len - plen, 1, INT_MAX, &id, &why) == -1 ||
	    (k = kpi_by_id((int)id)) == NULL || !kpi_on(r->kpis, k))
		return 0;
	*arg = k;
	return 1;
}

static const struct route routes[] = {
	{ KPIS_PATH, NULL, res_kpis_get, res_kpis_options, 0 },
	{ NULL, match_kpi, res_kpi_get, res_kpi_options, 0 },
	{ STATUS_PATH, NULL, res_status_get, res_status_options, 0 },
	{ METRICS_PATH, NULL, res_metrics_get, NULL, 1 },
};

#define NROUTES	(sizeof routes / sizeof routes[0])

/* Whether path[0..len) names route rt's resource (*arg for its handlers). */
static int
route_matches(const struct route *rt, const struct request *r,
    const char *path, size_t len, const void **arg)
{
	*arg = NULL;
	if (rt->path == NULL)
		return rt->match(r, path, len, arg);
	return len == strlen(rt->path) && memcmp(path, rt->path, len) == 0;
}

/*
 * The route that r's path names, with *arg for its handlers and *slash
 * 0 when the path lacks its final '/'; NULL when none does.
 */
static const struct route *
route_find(const struct request *r, const void **arg, int *slash)
{
	size_t	len = r->pathlen, i;

	*slash = len > 0 && r->path[len - 1] == '/';
	for (i = 0; i < NROUTES; i++)
		if (route_matches(&routes[i], r, r->path, routes[i].raw ? len :
		    len - (size_t)*slash, arg))
			return &routes[i];
	return NULL;
}

/* The handler of route for r's method; NULL: not allowed. */
static handler_fn
route_handler(const struct route *route, const struct request *r)
{
	if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
		return route->get;
	if (strcmp(r->method, "OPTIONS") == 0)
		return route->options;
	return NULL;
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

/* A refused query string: its status and *detail; 0 when it is fine. */
static int
query_refused(struct request *r, const char **detail)
{
	switch (query_parse(r->query, r->querylen, &r->q)) {
	case QUERY_TOO_LONG:
		*detail = "Query string too long.";
		return 414;
	case QUERY_TOO_MANY:
		*detail = "Too many query parameters.";
		return 400;
	case QUERY_OK:
		break;
	}
	return 0;
}

/* A format that cannot be answered: its status and *detail, else 0. */
static int
format_refused(struct request *r, const char **detail)
{
	const char	*format;
	size_t		 flen;

	format = query_get(&r->q, "format", &flen);
	switch (negotiate(r->accept, format, flen)) {
	case NEG_NOT_FOUND:
		*detail = "Not found.";
		return 404;
	case NEG_NOT_ACCEPTABLE:
		*detail = "Could not satisfy the request Accept header.";
		return 406;
	case NEG_JSON:
		break;
	}
	return 0;
}

void
route_dispatch(struct request *r)
{
	const struct route *route;
	const void	*arg;
	const char	*detail = "Not found.";
	handler_fn	 handler;
	int		 slash, status;

	if ((route = route_find(r, &arg, &slash)) != NULL && route->raw) {
		route->get(r, arg);
		return;
	}
	if ((status = query_refused(r, &detail)) == 0 && route == NULL)
		status = 404;
	if (status == 0 && !slash) {
		redirect_slash(r);
		return;
	}
	if (status == 0)
		status = format_refused(r, &detail);
	if (status != 0)
		reply_detail(r, status, detail);
	else if ((handler = route_handler(route, r)) == NULL)
		method_not_allowed(r);
	else
		handler(r, arg);
}
