/* cmdline.h: what the programs' command lines share */
#ifndef NETKPI_CMDLINE_H
#define NETKPI_CMDLINE_H

#include <getopt.h>
#include <stdio.h>

#include "conf.h"

/* The exit statuses of the programs. */
enum { EXIT_DONE = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/*
 * The codes of --help and --version in a program's long options (with
 * 'c' for --config and 'v' for --verbose); its own options take codes
 * from CMD_OWN on.
 */
enum { CMD_HELP = 256, CMD_VERSION, CMD_OWN };

/* The last entries of a program's long options (after its own). */
#define CMD_LONGOPTS_END \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "help", no_argument, NULL, CMD_HELP }, \
	{ "version", no_argument, NULL, CMD_VERSION }, \
	{ NULL, 0, NULL, 0 }

struct cmdline {
	const char		*prog;		/* for --version */
	const struct option	*longopts;
	/* --help: the synopsis, and the program's own options' lines. */
	const char		*synopsis;
	const char		*options_help;
	/* One of the program's own options into opts: 0, or -1 (said). */
	int			(*option)(int ch, const char *arg, void *opts);
	/* The options together, before the config is read (or NULL). */
	int			(*check)(void *opts);
	void			*opts;
	const char		*config;	/* -c, or NULL */
	int			 verbose;	/* how many -v */
};

/*
 * Parse argv (-c FILE, -v, --help, --version and the program's own
 * options; no operands) into cl and its opts.  Returns 0, 1 when
 * --help or --version was answered, -1 on a usage error (said).
 */
int	cmdline_parse(struct cmdline *cl, int argc, char **argv);

/*
 * A program's start: parse argv (cmdline_parse), set the log's
 * verbosity, check the options, and read c: the defaults, then the
 * config file (-c FILE, $NETKPI_CONFIG or the default).  Returns 0 to
 * go on, or -1 to exit with *status (EXIT_DONE after --help and
 * --version; else the reason was logged).  c is to be freed either way.
 */
int	cmdline_start(struct cmdline *cl, int argc, char **argv,
	    struct conf *c, int *status);

#endif
