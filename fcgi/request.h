/* request.h: one API request: what was asked, and where the answer goes */
#ifndef NETKPI_REQUEST_H
#define NETKPI_REQUEST_H

#include <stddef.h>

#include <fcgiapp.h>

#include "kpi.h"
#include "query.h"
#include "sink.h"

struct kpidb;

struct request {
	struct sink	 out;
	char		*method;	/* upper case; owned */
	char		*path;		/* percent-decoded; owned */
	size_t		 pathlen;	/* may hold NUL bytes */
	const char	*query;		/* raw query string */
	size_t		 querylen;
	struct query	 q;		/* parsed by the router */
	const char	*accept;	/* NULL: no Accept header */
	const char	*if_none_match;	/* NULL: no such header */
	const char	*if_modified_since;
	int		 indent;	/* 0: compact JSON */
	int		 csv;		/* the answer is CSV (negotiated) */
	int		 head;		/* HEAD: no body */
	struct kpidb	*db;		/* this thread's connection */
	kpi_mask	 kpis;		/* the KPIs in effect: db's */
};

/*
 * Fill r from CGI variables (envp as FastCGI hands them over, or
 * environ); out NULL means stdout.  The KPIs it may serve are those db
 * was made for (kpidb_init, from the config).  Free with request_free.
 */
void	request_init(struct request *r, char **envp, FCGX_Stream *out,
	    struct kpidb *db);
void	request_free(struct request *r);

#endif
