/* main.c: netkpi-ingest command line: options, config, mode dispatch */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "num.h"
#include "schema.h"
#include "utctime.h"

enum { EXIT_DONE = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

enum opt {
	OPT_INPUT_DIR = 256, OPT_TOP_N, OPT_DELAY, OPT_THREADS, OPT_NOW,
	OPT_DRY_RUN, OPT_MIGRATE, OPT_CHECK_CONFIG, OPT_HELP, OPT_VERSION
};

struct options {
	const char	*config;
	const char	*input_dir;
	const char	*top_n, *delay, *threads, *now;
	int		 dry_run, migrate, check_config, verbose;
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "input-dir", required_argument, NULL, OPT_INPUT_DIR },
	{ "top-n", required_argument, NULL, OPT_TOP_N },
	{ "delay", required_argument, NULL, OPT_DELAY },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "migrate", no_argument, NULL, OPT_MIGRATE },
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
	    "usage: netkpi-ingest [-v] [-c FILE] [--input-dir DIR] [--top-n N]\n"
	    "                     [--delay SEC] [--threads N] [--now TIME]\n"
	    "                     [--dry-run | --migrate | --check-config]\n"
	    "       netkpi-ingest --help | --version\n"
	    "\n"
	    "Reads the flow files due since the last run and writes 5-minute\n"
	    "and hourly KPI rows, then exits.\n"
	    "\n"
	    "  -c, --config FILE  config file (default $NETKPI_CONFIG or %s)\n"
	    "  --input-dir DIR    directory of flow files\n"
	    "  --top-n N          keys kept per interval and KPI\n"
	    "  --delay SEC        seconds after an interval's end before it is due\n"
	    "  --threads N        worker threads, 0 = one per core\n"
	    "  --now TIME         take TIME (Unix seconds or ISO 8601) as now\n"
	    "  --dry-run          write nothing; print the rows as JSON lines\n"
	    "  --migrate          create or upgrade the schema, then exit\n"
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
		case OPT_INPUT_DIR: o->input_dir = optarg; break;
		case OPT_TOP_N: o->top_n = optarg; break;
		case OPT_DELAY: o->delay = optarg; break;
		case OPT_THREADS: o->threads = optarg; break;
		case OPT_NOW: o->now = optarg; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_MIGRATE: o->migrate = 1; break;
		case OPT_CHECK_CONFIG: o->check_config = 1; break;
		case OPT_HELP:
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("netkpi-ingest %s\n", PACKAGE_VERSION);
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
	if (o->dry_run + o->migrate + o->check_config > 1) {
		log_error("--dry-run, --migrate and --check-config exclude each other");
		return -1;
	}
	return 0;
}

/* Apply one numeric flag over the config value. */
static int
flag_int(const char *flag, const char *arg, int64_t min, int64_t max, int *out)
{
	const char	*why;
	int64_t		 v;

	if (arg == NULL)
		return 0;
	if (num_parse_str(arg, min, max, &v, &why) == -1) {
		log_error("%s %s: %s", flag, arg, why);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Load the config file and lay the flags over it. */
static int
load_config(const struct options *o, struct conf *c)
{
	char	err[512];

	conf_init(c);
	if (conf_load(c, conf_path(o->config), err, sizeof err) == -1) {
		log_error("%s", err);
		return -1;
	}
	if (o->input_dir != NULL)
		conf_set_str(&c->input_dir, o->input_dir);
	if (flag_int("--top-n", o->top_n, 1, CONF_TOP_N_MAX, &c->top_n) == -1 ||
	    flag_int("--delay", o->delay, 0, CONF_DELAY_MAX, &c->delay) == -1 ||
	    flag_int("--threads", o->threads, 0, CONF_THREADS_MAX,
	    &c->ingest_threads) == -1)
		return -1;
	if (c->input_dir == NULL && !o->migrate) {
		log_error("%s: no input_dir in [ingest] (or --input-dir)",
		    conf_path(o->config));
		return -1;
	}
	return 0;
}

static int
run_migrate(MYSQL *m, const char *dbname)
{
	char	err[512];
	int	got;

	if (db_lock(m, dbname, &got, err, sizeof err) == -1) {
		log_error("migrate: %s", err);
		return EXIT_RUNTIME;
	}
	if (!got) {
		log_info("another netkpi-ingest run holds the lock; exiting");
		return EXIT_DONE;
	}
	if (schema_migrate(m, err, sizeof err) == -1) {
		log_error("migrate: %s", err);
		return EXIT_RUNTIME;
	}
	log_info("migrate: schema is at version %d", SCHEMA_VERSION);
	return EXIT_DONE;
}

static int
run(const struct options *o, const struct conf *c)
{
	struct db_params p;
	char	 err[1024];
	MYSQL	*m;
	int	 rc = EXIT_RUNTIME;

	conf_db_params(c, CONF_INGEST, &p);
	if (o->check_config && !o->verbose) {
		log_info("%s: configuration OK", conf_path(o->config));
		return EXIT_DONE;
	}
	if ((m = db_connect(&p, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return EXIT_RUNTIME;
	}
	if (o->migrate) {
		rc = run_migrate(m, p.name);
		goto out;
	}
	if (schema_check(m, err, sizeof err) == -1) {
		log_error("%s", err);
		goto out;
	}
	if (o->check_config) {
		log_info("%s: configuration OK, database reachable and migrated",
		    conf_path(o->config));
		rc = EXIT_DONE;
		goto out;
	}
	log_info("nothing to do: the ingest pass is not implemented yet");
	rc = EXIT_DONE;
out:
	mysql_close(m);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options	o;
	struct conf	c;
	int		rc;

	log_init("netkpi-ingest");
	memset(&o, 0, sizeof o);
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	log_set_verbose(o.verbose);
	if (o.now != NULL) {
		const char *why;
		utc_us now;

		if (utc_parse_now(o.now, &now, &why) == -1) {
			log_error("--now %s: %s", o.now, why);
			return EXIT_USAGE;
		}
	}
	if (load_config(&o, &c) == -1) {
		conf_free(&c);
		return EXIT_USAGE;
	}
	if (db_library_init() == -1) {
		log_error("cannot initialise the MySQL client library");
		conf_free(&c);
		return EXIT_RUNTIME;
	}
	rc = run(&o, &c);
	conf_free(&c);
	db_library_end();
	return rc;
}
