/* main.c: netkpi-ingest command line: options, config, mode dispatch */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "conf.h"
#include "datetime.h"
#include "db.h"
#include "dirscan.h"
#include "expire.h"
#include "flowread.h"
#include "grants.h"
#include "log.h"
#include "pass.h"
#include "plan.h"
#include "runs.h"
#include "schema.h"
#include "state.h"
#include "store.h"
#include "utctime.h"

/* Seconds one database wait of --migrate may take (ALTER TABLE). */
#define MIGRATE_TIMEOUT	3600

enum opt {
	OPT_INPUT_DIR = CMD_OWN, OPT_TOP_N, OPT_DELAY, OPT_THREADS, OPT_NOW,
	OPT_DRY_RUN, OPT_MIGRATE, OPT_CHECK_CONFIG, OPT_PRINT_GRANTS,
	OPT_GRANT_HOST, OPT_EXPIRE
};

struct options {
	const char	*config;
	const char	*input_dir;
	const char	*top_n, *delay, *threads, *now;
	const char	*print_grants, *grant_host;
	int		 dry_run, migrate, check_config, verbose;
	int		 expire;	/* --expire: only expire */
	utc_us		 now_us;	/* --now, or the clock */
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "input-dir", required_argument, NULL, OPT_INPUT_DIR },
	{ "top-n", required_argument, NULL, OPT_TOP_N },
	{ "delay", required_argument, NULL, OPT_DELAY },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "expire", no_argument, NULL, OPT_EXPIRE },
	{ "migrate", no_argument, NULL, OPT_MIGRATE },
	{ "check-config", no_argument, NULL, OPT_CHECK_CONFIG },
	{ "print-grants", required_argument, NULL, OPT_PRINT_GRANTS },
	{ "grant-host", required_argument, NULL, OPT_GRANT_HOST },
	CMD_LONGOPTS_END
};

/* What --help says before the options, and netkpi-ingest's own options. */
static const char synopsis[] =
	"usage: netkpi-ingest [-v] [-c FILE] [--input-dir DIR] [--top-n N]\n"
	"                     [--delay SEC] [--threads N] [--now TIME]\n"
	"                     [--expire] [--dry-run | --migrate | --check-config]\n"
	"       netkpi-ingest [-c FILE] --print-grants ROLE [--grant-host HOST]\n"
	"       netkpi-ingest --help | --version\n"
	"\n"
	"Reads the flow files due since the last run and writes 5-minute\n"
	"and hourly KPI rows, then exits.\n"
	"\n";
static const char options_help[] =
	"  --input-dir DIR    directory of flow files\n"
	"  --top-n N          keys kept per interval and KPI\n"
	"  --delay SEC        seconds after an interval's end before it is due\n"
	"  --threads N        worker threads, 0 = one per core\n"
	"  --now TIME         take TIME (Unix seconds or ISO 8601) as now\n"
	"  --dry-run          write nothing; print the rows as JSON lines\n"
	"  --expire           only delete what [retention] says is past;\n"
	"                     with --dry-run, print it\n"
	"  --migrate          create or upgrade the schema, then exit\n"
	"  --check-config     validate the config (-v: and the database)\n"
	"  --print-grants ROLE  print the GRANTs the api or ingest user needs\n"
	"  --grant-host HOST  the users' host in them (default localhost)\n";

/* One option of netkpi-ingest's own (a cmdline option callback). */
static int
option(int ch, const char *arg, void *opts)
{
	struct options	*o = opts;

	switch (ch) {
	case OPT_INPUT_DIR: o->input_dir = arg; break;
	case OPT_TOP_N: o->top_n = arg; break;
	case OPT_DELAY: o->delay = arg; break;
	case OPT_THREADS: o->threads = arg; break;
	case OPT_NOW: o->now = arg; break;
	case OPT_DRY_RUN: o->dry_run = 1; break;
	case OPT_EXPIRE: o->expire = 1; break;
	case OPT_MIGRATE: o->migrate = 1; break;
	case OPT_CHECK_CONFIG: o->check_config = 1; break;
	case OPT_PRINT_GRANTS: o->print_grants = arg; break;
	case OPT_GRANT_HOST: o->grant_host = arg; break;
	}
	return 0;
}

/* The options together: 0, or -1 (said). */
static int
check_args(void *opts)
{
	struct options	*o = opts;
	const char	*why;

	if (o->dry_run + o->migrate + o->check_config +
	    (o->print_grants != NULL) > 1) {
		log_error("--dry-run, --migrate, --check-config and"
		    " --print-grants exclude each other");
		return -1;
	}
	if (o->expire && o->migrate + o->check_config +
	    (o->print_grants != NULL) > 0) {
		log_error("--expire goes alone or with --dry-run");
		return -1;
	}
	if (o->grant_host != NULL && o->print_grants == NULL) {
		log_error("--grant-host goes with --print-grants");
		return -1;
	}
	o->now_us = utc_now();
	if (o->now != NULL &&
	    datetime_parse_now(o->now, &o->now_us, &why) == -1) {
		log_error("--now %s: %s", o->now, why);
		return -1;
	}
	return 0;
}

/* Lay the flags over the config file's c. */
static int
flags_over(const struct options *o, struct conf *c)
{
	char	err[512];

	if (o->input_dir != NULL)
		conf_set_str(&c->input_dir, o->input_dir);
	if (conf_flag_int("--top-n", o->top_n, 1, CONF_TOP_N_MAX, &c->top_n,
	    err, sizeof err) == -1 ||
	    conf_flag_int("--delay", o->delay, 0, CONF_DELAY_MAX, &c->delay,
	    err, sizeof err) == -1 ||
	    conf_flag_int("--threads", o->threads, 0, CONF_THREADS_MAX,
	    &c->ingest_threads, err, sizeof err) == -1) {
		log_error("%s", err);
		return -1;
	}
	if (c->input_dir == NULL && !o->migrate && o->print_grants == NULL) {
		log_error("%s: no input_dir in [ingest] (or --input-dir)",
		    conf_path(o->config));
		return -1;
	}
	return 0;
}

/*
 * Parse argv into o, load the config file into c and lay the flags
 * over it.  Returns 0 to go on, or -1 to exit with *status (--help and
 * --version: done).
 */
static int
start(int argc, char **argv, struct options *o, struct conf *c, int *status)
{
	struct cmdline	cl = { "netkpi-ingest", longopts, synopsis,
			    options_help, option, check_args, o, NULL, 0 };

	memset(o, 0, sizeof *o);
	if (cmdline_start(&cl, argc, argv, c, status) == -1)
		return -1;
	o->config = cl.config;
	o->verbose = cl.verbose;
	return flags_over(o, c);
}

/*
 * Take the database lock of the ingest (what: the log prefix).  Returns
 * 1 when this run holds it, 0 when another run does (said), -1 on an
 * error (logged).
 */
static int
take_lock(MYSQL *m, const char *dbname, const char *what)
{
	char	err[512];
	int	got;

	if (db_lock(m, dbname, &got, err, sizeof err) == -1) {
		log_error("%s: %s", what, err);
		return -1;
	}
	if (!got)
		log_info("another netkpi-ingest run holds the lock; exiting");
	return got;
}

static int
run_migrate(MYSQL *m, const char *dbname, kpi_mask kpis)
{
	char	err[512];
	int	got, rc = EXIT_RUNTIME;

	if ((got = take_lock(m, dbname, "migrate")) <= 0)
		rc = got == 0 ? EXIT_DONE : EXIT_RUNTIME;
	else if (schema_migrate(m, kpis, err, sizeof err) == -1)
		log_error("migrate: %s", err);
	else {
		log_info("migrate: schema is at version %d", SCHEMA_VERSION);
		rc = EXIT_DONE;
	}
	return rc;
}

/*
 * Plan and run one catch-up pass over the input directory; what it
 * wrote goes to row.
 */
static int
catch_up(const struct options *o, const struct conf *c, MYSQL *m,
    struct flowdir *d, struct skipcount *skipped, struct runrow *row)
{
	struct dbstate	 s;
	struct plan	 plan;
	struct pass	 ps;
	struct agg_count sizes;
	char		 err[1024];
	utc_us		 since;
	int		 rc = EXIT_RUNTIME;

	since = d->n > 0 ? d->files[0].end - USEC_PER_HOUR : UTC_MAX_US;
	if (state_load(m, !o->dry_run, since, &s, err, sizeof err) == -1) {
		log_error("database: reading the state: %s; nothing was"
		    " written", err);
		return EXIT_RUNTIME;
	}
	plan_make(&s, d, o->now_us, c->delay, skipped, &plan);
	if (plan.n == 0)
		log_info("nothing is due");
	memset(&ps, 0, sizeof ps);
	ps.state = &s;
	ps.dir = d;
	ps.top_n = c->top_n;
	ps.kpis = c->kpis;
	ps.store = o->dry_run ? dryrun_new() : dbwrite_new(m, c->kpis, err,
	    sizeof err);
	if (ps.store == NULL) {
		log_error("database: %s; nothing was written", err);
		goto out;
	}
	ps.reader = flowread_new(c->ingest_threads);
	/* (a run with nothing due makes no tables) */
	if (plan.n > 0 && runs_sizes(m, &sizes, err, sizeof err) == -1)
		log_debug("database: reading the last run's table sizes: %s",
		    err);
	else if (plan.n > 0)
		pass_start_sizes(&ps, &sizes);
	if (pass_run(&ps, &plan, err, sizeof err) == -1)
		log_error("database: %s; the next run goes on from the last"
		    " interval written", err);
	else
		rc = EXIT_DONE;
	flowread_summary(ps.reader);
	flowread_free(ps.reader);
	ps.store->free(ps.store);
	row->intervals = ps.intervals;
	row->files = ps.files_read;
	row->files_rejected = ps.files_rejected;
	row->files_bad_rows = ps.files_bad_rows;
	pass_last_sizes(&ps, &row->last);
out:
	plan_free(&plan);
	state_free(&s);
	return rc;
}

/*
 * Fill in the netkpi_runs row of the run: a run that did its work but
 * cannot record it exits 1 too; after a database error (already
 * logged) a failure here is no news.
 */
static int
end_run(MYSQL *m, int64_t id, struct runrow *row, int rc)
{
	char	err[1024];

	row->exit_status = rc;
	if (runs_end(m, id, row, err, sizeof err) != 0) {
		if (rc == EXIT_DONE) {
			log_error("database: writing netkpi_runs: %s", err);
			rc = EXIT_RUNTIME;
		} else
			log_debug("database: writing netkpi_runs: %s", err);
	}
	return rc;
}

/*
 * Take the lock and start a netkpi_runs row (not for --dry-run), list
 * the input, catch up (not for --expire), expire (not for a --dry-run
 * alone), and fill in the row.
 */
static int
ingest(const struct options *o, const struct conf *c, MYSQL *m,
    const char *dbname)
{
	struct flowdir	 d;
	struct skipcount skipped;
	struct runrow	 row;
	char		 err[1024];
	int64_t		 id = 0;
	int		 got, rc;

	if (!o->dry_run) {
		if ((got = take_lock(m, dbname, "database: taking the lock")) <= 0)
			return got == 0 ? EXIT_DONE : EXIT_RUNTIME;
		if (runs_begin(m, &id, err, sizeof err) == -1) {
			log_error("database: starting a netkpi_runs row: %s;"
			    " nothing was written", err);
			return EXIT_RUNTIME;
		}
	}
	memset(&skipped, 0, sizeof skipped);
	memset(&row, 0, sizeof row);
	row.skipped = &skipped;
	row.flow_files = row.flow_bytes = row.over_size = -1;
	rc = EXIT_DONE;
	if (!o->expire &&
	    dirscan(c->input_dir, &d, &skipped, err, sizeof err) == -1) {
		log_error("%s", err);
		rc = EXIT_RUNTIME;
	} else if (!o->expire) {
		rc = catch_up(o, c, m, &d, &skipped, &row);
		flowdir_free(&d);
	}
	skip_summary(&skipped);
	if (rc == EXIT_DONE && (o->expire || !o->dry_run) &&
	    expire_ingest(m, c, o->now_us, o->dry_run, &row) == -1)
		rc = EXIT_RUNTIME;
	if (!o->dry_run)
		rc = end_run(m, id, &row, rc);
	return rc;
}

static int
run(const struct options *o, const struct conf *c)
{
	struct db_params p;
	char	 err[1024];
	MYSQL	*m;
	int	 rc = EXIT_RUNTIME;

	conf_db_params(c, CONF_INGEST, &p);
	/* Widening a large table of the original's takes its time. */
	if (o->migrate && p.timeout < MIGRATE_TIMEOUT)
		p.timeout = MIGRATE_TIMEOUT;
	if (o->check_config && !o->verbose) {
		log_info("%s: configuration OK", conf_path(o->config));
		return EXIT_DONE;
	}
	if ((m = db_connect(&p, err, sizeof err)) == NULL) {
		log_error("%s", err);
		return EXIT_RUNTIME;
	}
	if (o->migrate) {
		rc = run_migrate(m, p.name, c->kpis);
		goto out;
	}
	if (schema_check(m, c->kpis, err, sizeof err) == -1) {
		log_error("%s", err);
		goto out;
	}
	if (o->check_config) {
		log_info("%s: configuration OK, database reachable and migrated",
		    conf_path(o->config));
		rc = EXIT_DONE;
		goto out;
	}
	rc = ingest(o, c, m, p.name);
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
	if (start(argc, argv, &o, &c, &rc) == -1) {
		conf_free(&c);
		return rc;
	}
	if (o.print_grants != NULL) {
		rc = grants_print(&c, o.print_grants, o.grant_host != NULL ?
		    o.grant_host : "localhost", conf_path(o.config));
		conf_free(&c);
		return rc;
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
