/* request.c: builds the per-request struct from CGI/FastCGI variables */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kpidb.h"
#include "negotiate.h"
#include "request.h"
#include "xmalloc.h"

static const char *
param(char **envp, const char *name)
{
	return FCGX_GetParam(name, envp);
}

/* The decoded path: from REQUEST_URI, else SCRIPT_NAME + PATH_INFO. */
static void
request_path(struct request *r, char **envp)
{
	const char	*uri = param(envp, "REQUEST_URI");
	const char	*sn, *pi;
	size_t		 n;
	char		*raw;

	if (uri != NULL) {
		n = strcspn(uri, "?");
		raw = xstrndup(uri, n);
	} else {
		sn = param(envp, "SCRIPT_NAME");
		pi = param(envp, "PATH_INFO");
		sn = sn != NULL ? sn : "";
		pi = pi != NULL ? pi : "";
		n = strlen(sn) + strlen(pi);
		raw = xmalloc(n + 1);
		memcpy(raw, sn, strlen(sn));
		memcpy(raw + strlen(sn), pi, strlen(pi) + 1);
	}
	r->path = xmalloc(n + 1);
	r->pathlen = query_unescape_path(raw, n, r->path);
	r->path[r->pathlen] = '\0';
	free(raw);
}

void
request_init(struct request *r, char **envp, FCGX_Stream *out,
    struct kpidb *db)
{
	const char	*m = param(envp, "REQUEST_METHOD");
	const char	*qs = param(envp, "QUERY_STRING");
	const char	*uri;
	char		*p;

	memset(r, 0, sizeof *r);
	sink_init(&r->out, out);
	r->db = db;
	r->kpis = db->kpis;
	r->method = xstrdup(m != NULL ? m : "GET");
	for (p = r->method; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	r->head = strcmp(r->method, "HEAD") == 0;
	request_path(r, envp);
	if (qs == NULL && (uri = param(envp, "REQUEST_URI")) != NULL &&
	    (qs = strchr(uri, '?')) != NULL)
		qs++;
	r->query = qs != NULL ? qs : "";
	r->querylen = strlen(r->query);
	r->accept = param(envp, "HTTP_ACCEPT");
	r->if_none_match = param(envp, "HTTP_IF_NONE_MATCH");
	r->if_modified_since = param(envp, "HTTP_IF_MODIFIED_SINCE");
	r->indent = negotiate_indent(r->accept);
}

void
request_free(struct request *r)
{
	free(r->method);
	free(r->path);
	query_free(&r->q);
}
