/* main.c: netkpi-fcgi command line: options, config, socket, mode */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "conf.h"
#include "db.h"
#include "kpidb.h"
#include "log.h"
#include "num.h"
#include "server.h"

enum { EXIT_DONE = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

enum opt { OPT_LISTEN = 256, OPT_THREADS, OPT_CHECK_CONFIG, OPT_HELP,
	OPT_VERSION };

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
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: netkpi-fcgi [-v] [-c FILE] [--listen PATH|HOST:PORT]"
	    " [--threads N]\n"
	    "       netkpi-fcgi [-v] [-c FILE] --check-config\n"
	    "       netkpi-fcgi --help | --version\n"
	    "\n"
	    "The FastCGI responder of the netkpi API.  Without --listen it\n"
	    "serves the socket on standard input (systemd, spawn-fcgi); with\n"
	    "no socket there and CGI variables set it answers one CGI request.\n"
	    "\n"
	    "  -c, --config FILE  config file (default $NETKPI_CONFIG or %s)\n"
	    "  --listen ADDR      make and serve a unix socket PATH or HOST:PORT\n"
	    "  --threads N        worker threads (default [api] threads)\n"
	    "  --check-config     validate the config (-v: and the database)\n"
	    "  -v, --verbose      log more\n", conf_path(NULL));
}

/* Parse argv into o; returns 0, 1 for --help/--version done, -1 on error. */
static int
parse_args(int argc, char **argv, struct options *o)
{
	int	ch;

	while ((ch = getopt_long(argc, argv, "c:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->config = optarg; break;
		case 'v': o->verbose++; break;
		case OPT_LISTEN: o->listen = optarg; break;
		case OPT_THREADS: o->threads = optarg; break;
		case OPT_CHECK_CONFIG: o->check_config = 1; break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("netkpi-fcgi %s\n", PACKAGE_VERSION);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		log_error("unexpected argument: %s", argv[optind]);
		return -1;
	}
	if (o->listen != NULL && *o->listen == '\0') {
		log_error("--listen: empty address");
		return -1;
	}
	return 0;
}

/* Load the config file and lay the flags over it. */
static int
load_config(const struct options *o, struct conf *c)
{
	char	err[512];

	conf_init(c);
	if (conf_load(c, conf_path(o->config), err, sizeof err) == -1 ||
	    conf_flag_int("--threads", o->threads, 1, CONF_THREADS_MAX,
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
	kpidb_init(&db, &p);
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

/* Make the unix socket at path with the configured mode and group. */
static int
listen_unix(const char *path, const struct conf *c)
{
	struct stat	 st;
	struct group	*gr;
	mode_t		 old;
	int		 fd;

	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	old = umask(0177);
	fd = FCGX_OpenSocket(path, 128);
	umask(old);
	if (fd < 0) {
		log_error("--listen %s: cannot listen: %s", path, strerror(errno));
		return -1;
	}
	if (chmod(path, (mode_t)c->listen_mode) == -1) {
		log_error("%s: chmod: %s", path, strerror(errno));
		goto fail;
	}
	if (c->listen_group != NULL) {
		if ((gr = getgrnam(c->listen_group)) == NULL) {
			log_error("listen_group %s: no such group", c->listen_group);
			goto fail;
		}
		if (chown(path, (uid_t)-1, gr->gr_gid) == -1) {
			log_error("%s: chown to group %s: %s", path,
			    c->listen_group, strerror(errno));
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* HOST:PORT, :PORT: TCP; anything else is the path of a unix socket. */
static int
listen_is_tcp(const char *spec)
{
	return spec[0] != '/' && spec[0] != '.' && strchr(spec, ':') != NULL;
}

/* The socket to serve: --listen, systemd's LISTEN_FDS, or stdin; -2: none. */
static int
listen_socket(const struct options *o, const struct conf *c)
{
	const char	*fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	const char	*why;
	int64_t		 n, lp;
	int		 fd;

	if (o->listen != NULL) {
		if (listen_is_tcp(o->listen)) {
			if ((fd = FCGX_OpenSocket(o->listen, 128)) < 0)
				log_error("--listen %s: cannot listen", o->listen);
			return fd < 0 ? -1 : fd;
		}
		return listen_unix(o->listen, c);
	}
	if (fds != NULL && pid != NULL &&
	    num_parse_str(fds, 1, 1, &n, &why) == 0 &&
	    num_parse_str(pid, 1, INT32_MAX, &lp, &why) == 0 &&
	    lp == (int64_t)getpid())
		return 3;
	return FCGX_IsCGI() ? -2 : 0;
}

int
main(int argc, char **argv)
{
	struct options	 o;
	struct conf	 c;
	struct db_params p;
	int		 rc = EXIT_RUNTIME, fd;

	log_init("netkpi-fcgi");
	memset(&o, 0, sizeof o);
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	log_set_verbose(o.verbose);
	if (load_config(&o, &c) == -1) {
		conf_free(&c);
		return EXIT_USAGE;
	}
	if (db_library_init() == -1 || FCGX_Init() != 0) {
		log_error("cannot initialise the MySQL or FastCGI library");
		conf_free(&c);
		return EXIT_RUNTIME;
	}
	conf_db_params(&c, CONF_API, &p);
	if (o.check_config) {
		rc = check_config(&o, &c);
		goto out;
	}
	fd = listen_socket(&o, &c);
	if (fd == -2) {
		if (getenv("REQUEST_METHOD") == NULL) {
			log_error("standard input is not a socket and there is"
			    " no CGI request: use --listen");
			rc = EXIT_USAGE;
		} else
			rc = server_cgi(&p) == 0 ? EXIT_DONE : EXIT_RUNTIME;
		goto out;
	}
	if (fd < 0)
		goto out;
	rc = server_run(fd, c.api_threads, &p) == 0 ? EXIT_DONE : EXIT_RUNTIME;
	if (o.listen != NULL && !listen_is_tcp(o.listen))
		unlink(o.listen);
out:
	conf_free(&c);
	db_library_end();
	return rc;
}
