/* main.c: netkpi-fcgi command line: options, config, socket, mode */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "cmdline.h"
#include "conf.h"
#include "db.h"
#include "kpidb.h"
#include "listen.h"
#include "log.h"
#include "metrics.h"
#include "server.h"

enum opt { OPT_LISTEN = CMD_OWN, OPT_THREADS, OPT_CHECK_CONFIG };

struct options {
	const char	*config;
	const char	*listen;
	const char	*threads;
	int		 check_config, verbose;
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
	CMD_LONGOPTS_END
};

/* One option of netkpi-fcgi's own (a cmdline option callback). */
static int
option(int ch, const char *arg, void *opts)
{
	struct options	*o = opts;

	switch (ch) {
	case OPT_LISTEN:
		if (*arg == '\0') {
			log_error("--listen: empty address");
			return -1;
		}
		o->listen = arg;
		break;
	case OPT_THREADS: o->threads = arg; break;
	case OPT_CHECK_CONFIG: o->check_config = 1; break;
	}
	return 0;
}

/* What --help says before the options, and netkpi-fcgi's own options. */
static const char synopsis[] =
	"usage: netkpi-fcgi [-v] [-c FILE] [--listen PATH|HOST:PORT]"
	" [--threads N]\n"
	"       netkpi-fcgi [-v] [-c FILE] --check-config\n"
	"       netkpi-fcgi --help | --version\n"
	"\n"
	"The FastCGI responder of the netkpi API.  Without --listen it\n"
	"serves the socket on standard input (systemd, spawn-fcgi); with\n"
	"no socket there and CGI variables set it answers one CGI request.\n"
	"\n";
static const char options_help[] =
	"  --listen ADDR      make and serve a unix socket PATH or HOST:PORT\n"
	"  --threads N        worker threads (default [api] threads)\n"
	"  --check-config     validate the config (-v: and the database)\n";

/*
 * Parse argv into o, load the config file into c and lay the flags
 * over it.  Returns 0 to go on, or -1 to exit with *status (--help and
 * --version: done).
 */
static int
start(int argc, char **argv, struct options *o, struct conf *c, int *status)
{
	struct cmdline	cl = { "netkpi-fcgi", longopts, synopsis,
			    options_help, option, NULL, o, NULL, 0 };
	char		err[512];

	memset(o, 0, sizeof *o);
	if (cmdline_start(&cl, argc, argv, c, status) == -1)
		return -1;
	o->config = cl.config;
	o->verbose = cl.verbose;
	if (conf_flag_int("--threads", o->threads, 1, CONF_THREADS_MAX,
	    &c->api_threads, err, sizeof err) == -1) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

/* --check-config: the file is valid; with -v the database is usable too. */
static int
check_config(const struct options *o, const struct conf *c)
{
	struct db_params p;
	struct kpidb	 db;
	char		 err[1024];
	int		 rc;

	if (!o->verbose) {
		log_info("%s: configuration OK", conf_path(o->config));
		return EXIT_DONE;
	}
	conf_db_params(c, CONF_API, &p);
	kpidb_init(&db, &p, c->kpis, NULL);
	rc = kpidb_connect(&db, err, sizeof err);
	kpidb_close(&db);
	if (rc == -1) {
		log_error("%s", err);
		return EXIT_RUNTIME;
	}
	log_info("%s: configuration OK, database reachable and migrated",
	    conf_path(o->config));
	return EXIT_DONE;
}

int
main(int argc, char **argv)
{
	struct options	 o;
	struct conf	 c;
	struct db_params p;
	struct listener	 l;
	int		 rc = EXIT_RUNTIME;

	log_init("netkpi-fcgi");
	if (start(argc, argv, &o, &c, &rc) == -1) {
		conf_free(&c);
		return rc;
	}
	if (db_library_init() == -1 || FCGX_Init() != 0) {
		log_error("cannot initialise the MySQL or FastCGI library");
		conf_free(&c);
		return EXIT_RUNTIME;
	}
	conf_db_params(&c, CONF_API, &p);
	metrics_init(c.api_threads, c.api_max_lag);
	if (o.check_config) {
		rc = check_config(&o, &c);
		goto out;
	}
	rc = o.listen != NULL ? listener_open(&l, o.listen, &c) :
	    listener_inherit(&l);
	if (rc == 1) {
		if (getenv("REQUEST_METHOD") == NULL) {
			log_error("standard input is not a listening socket and"
			    " there is no CGI request: use --listen");
			rc = EXIT_USAGE;
		} else
			rc = server_cgi(&p, c.kpis) == 0 ? EXIT_DONE :
			    EXIT_RUNTIME;
		goto out;
	}
	if (rc == -1) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	rc = server_run(&l, c.api_threads, &p, c.kpis, c.api_row_cache) == 0 ?
	    EXIT_DONE : EXIT_RUNTIME;
	listener_close(&l);
out:
	conf_free(&c);
	db_library_end();
	return rc;
}
