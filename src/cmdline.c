/* cmdline.c: what the programs' command lines share */
#include "config.h"

#include "cmdline.h"
#include "log.h"

/* The usage summary: -c and -v around the program's own options. */
static void
usage(const struct cmdline *cl, FILE *fp)
{
	fprintf(fp, "%s"
	    "  -c, --config FILE  config file (default $NETKPI_CONFIG or %s)\n"
	    "%s"
	    "  -v, --verbose      log more\n", cl->synopsis, conf_path(NULL),
	    cl->options_help);
}

int
cmdline_parse(struct cmdline *cl, int argc, char **argv)
{
	int	ch;

	while ((ch = getopt_long(argc, argv, "c:v", cl->longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cl->config = optarg;
			break;
		case 'v':
			cl->verbose++;
			break;
		case CMD_HELP:
			usage(cl, stdout);
			return 1;
		case CMD_VERSION:
			printf("%s %s\n", cl->prog, PACKAGE_VERSION);
			return 1;
		case '?':
		case ':':
			usage(cl, stderr);
			return -1;
		default:
			if (cl->option(ch, optarg, cl->opts) == -1)
				return -1;
		}
	}
	if (optind != argc) {
		log_error("unexpected argument: %s", argv[optind]);
		return -1;
	}
	return 0;
}

int
cmdline_start(struct cmdline *cl, int argc, char **argv, struct conf *c,
    int *status)
{
	char	err[512];
	int	rc;

	conf_init(c);
	*status = EXIT_USAGE;
	if ((rc = cmdline_parse(cl, argc, argv)) != 0) {
		*status = rc > 0 ? EXIT_DONE : EXIT_USAGE;
		return -1;
	}
	log_set_verbose(cl->verbose);
	if (cl->check != NULL && cl->check(cl->opts) == -1)
		return -1;
	if (conf_load(c, conf_path(cl->config), err, sizeof err) == -1) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}
