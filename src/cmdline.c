/* cmdline.c: what the programs' command lines share */
#include "config.h"

#include "cmdline.h"
#include "log.h"

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
			cl->usage(stdout);
			return 1;
		case CMD_VERSION:
			printf("%s %s\n", cl->prog, PACKAGE_VERSION);
			return 1;
		case '?':
		case ':':
			cl->usage(stderr);
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
cmdline_conf(const struct cmdline *cl, struct conf *c)
{
	char	err[512];

	conf_init(c);
	if (conf_load(c, conf_path(cl->config), err, sizeof err) == -1) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}
