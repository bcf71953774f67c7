/* server.h: the FastCGI worker threads, and the one-shot CGI mode */
#ifndef NETKPI_SERVER_H
#define NETKPI_SERVER_H

#include <stdint.h>

#include "conf.h"
#include "listen.h"

/*
 * Serve FastCGI requests on l with nthreads threads, each with its own
 * database connection, until SIGTERM or SIGINT.  Then accept nothing
 * more (a listener of our own: unlink it and serve what is queued on
 * it), finish every accepted request, and return 0; -1 when no thread
 * could start.  kpis: the KPIs in effect (conf.kpis); row_cache: the
 * bytes the workers may keep of the KPIs' rows (rowstore.h; 0: none).
 */
int	server_run(struct listener *l, int nthreads, const struct db_params *p,
	    kpi_mask kpis, int64_t row_cache);

/* Answer the one CGI request described by the environment on stdout. */
int	server_cgi(const struct db_params *p, kpi_mask kpis);

#endif
