/* server.h: the FastCGI worker threads, and the one-shot CGI mode */
#ifndef NETKPI_SERVER_H
#define NETKPI_SERVER_H

#include "conf.h"

/*
 * Serve FastCGI requests on listen_fd with nthreads threads, each
 * with its own request and database connection, until SIGTERM or
 * SIGINT; requests in flight are finished first.  Returns 0, or -1
 * when no thread could start.
 */
int	server_run(int listen_fd, int nthreads, const struct db_params *p);

/* Answer the one CGI request described by the environment on stdout. */
int	server_cgi(const struct db_params *p);

#endif
