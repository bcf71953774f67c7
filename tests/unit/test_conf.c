/* test_conf.c: unit tests for the netkpi.conf reader */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "tap.h"

static char	tmpl[] = "/tmp/netkpi-test-conf.XXXXXX";
static char	path[64];

static void
write_file(const char *text)
{
	FILE	*fp = fopen(path, "w");

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
}

/* Load text; returns the rc, err holds the message. */
static int
load(struct conf *c, const char *text, char *err, size_t errlen)
{
	write_file(text);
	conf_free(c);
	conf_init(c);
	err[0] = '\0';
	return conf_load(c, path, err, errlen);
}

static void
bad(const char *text, int line, const char *needle)
{
	struct conf	c;
	char		err[512], want[128];
	int		rc;

	conf_init(&c);
	rc = load(&c, text, err, sizeof err);
	snprintf(want, sizeof want, "%s:%d: ", path, line);
	ok(rc == -1 && strncmp(err, want, strlen(want)) == 0 &&
	    strstr(err, needle) != NULL, "rejected at line %d with \"%s\": %s",
	    line, needle, err);
	conf_free(&c);
}

/* Files refused: the line named and a word of the message. */
static const struct {
	const char	*text;
	int		 line;
	const char	*needle;
} refused[] = {
	{ "[database]\nnmae = x\n", 2, "unknown key \"nmae\"" },
	{ "[databse]\n", 1, "unknown section" },
	{ "name = x\n", 1, "outside of a section" },
	{ "[database]\nport = 0\n", 2, "too small" },
	{ "[database]\nport = 65536\n", 2, "too large" },
	{ "[database]\nport = 33o6\n", 2, "not a number" },
	{ "[database]\nport =\n", 2, "empty" },
	{ "[ingest]\ntop_n = 0\n", 2, "invalid value for top_n" },
	{ "[ingest]\ndelay = -1\n", 2, "delay" },
	{ "[ingest]\nthreads = 257\n", 2, "too large" },
	{ "[api]\nthreads = 0\n", 2, "too small" },
	{ "[kpis]\nextra = CellTraffic\n", 2, "not a KPI name" },
	{ "[kpis]\nextra = ServiceTrafficVolume\n", 2, "always on" },
	{ "[kpis]\nextra = 9\n", 2, "not a KPI name" },
	{ "[api]\ndb_timeout = 0\n", 2, "too small" },
	{ "[ingest]\ndb_timeout = 86401\n", 2, "too large" },
	{ "[api]\nbacklog = 0\n", 2, "too small" },
	{ "[api]\nbacklog = 65536\n", 2, "too large" },
	{ "[api]\nmax_lag = 59\n", 2, "too small" },
	{ "[api]\nmax_lag = 31536001\n", 2, "too large" },
	{ "[ingest]\nmax_lag = 900\n", 2, "unknown key" },
	{ "[api]\nlisten_mode = 0999\n", 2, "octal" },
	{ "[api]\nlisten_mode = rw\n", 2, "octal" },
	{ "[database]\nname = a\nname = b\n", 3, "duplicate key" },
	{ "[database\n", 1, "malformed section" },
	{ "\n\n[database]\njust words\n", 4, "expected \"key = value\"" },
	{ "[ingest]\ninput_dir = x\n[api]\ninput_dir = y\n", 4, "unknown key" },
	{ "[retention]\nflow_files = 7\n", 2, "needs a unit" },
	{ "[retention]\nflow_files_size = 50GB\n", 2, "needs a unit" },
	{ "[api]\nrow_cache = 64MB\n", 2, "needs a unit" },
	{ "[ingest]\nrow_cache = 64M\n", 2, "unknown key" },
	{ "[retention]\nhourly = 1y\n", 2, "invalid value for hourly" },
};

int
main(void)
{
	struct conf		c;
	struct db_params	p;
	char			err[512];
	size_t			i;
	int			fd;

	if ((fd = mkstemp(tmpl)) == -1) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	snprintf(path, sizeof path, "%s", tmpl);

	conf_init(&c);
	ok(c.top_n == 3 && c.delay == 150 && c.ingest_threads == 0 &&
	    c.api_threads == 4 && c.listen_mode == 0660 && c.db.port == 3306,
	    "defaults of netkpi.conf(5)");
	is_str(c.db.name, "djangodatabase", "default database name");
	ok(c.ingest_timeout == 30 && c.api_timeout == 2 && c.backlog == 4096,
	    "default database timeouts (ingest 30 s, API 3 s) and backlog 4096");

	ok(load(&c,
	    "# comment\n"
	    "; another\n"
	    "\n"
	    "[database]\n"
	    "name = kpi\n"
	    "user = writer\r\n"
	    "password =  p#ss; word with spaces  \n"
	    "host = db.example\n"
	    "port = 3307\n"
	    "socket = /run/mysqld/mysqld.sock\n"
	    "  [ingest]  \n"
	    "input_dir = /var/lib/netkpi/incoming\n"
	    "top_n = 10\n"
	    "delay = 0\n"
	    "threads = 8\n"
	    "db_timeout = 120\n"
	    "[api]\n"
	    "db_timeout = 2\n"
	    "backlog = 1024\n"
	    "user = reader\n"
	    "password = ro\n"
	    "threads = 16\n"
	    "listen_mode = 0600\n"
	    "listen_group = www-data", err, sizeof err) == 0,
	    "full file loads (%s)", err);
	is_str(c.db.name, "kpi", "name");
	is_str(c.db.password, "p#ss; word with spaces", "password keeps # ; and spaces");
	is_str(c.db.user, "writer", "CRLF trimmed");
	is_int(c.db.port, 3307, "port");
	is_str(c.input_dir, "/var/lib/netkpi/incoming", "input_dir");
	is_int(c.top_n, 10, "top_n");
	is_int(c.delay, 0, "delay 0 allowed");
	is_int(c.ingest_threads, 8, "ingest threads");
	is_int(c.api_threads, 16, "api threads");
	is_int(c.listen_mode, 0600, "listen_mode is octal");
	is_str(c.listen_group, "www-data", "last line without newline");

	is_int(c.backlog, 1024, "backlog");
	conf_db_params(&c, CONF_INGEST, &p);
	is_str(p.user, "writer", "ingest uses [database] user without override");
	is_int(p.timeout, 120, "ingest db_timeout in its parameters");
	conf_db_params(&c, CONF_API, &p);
	ok(strcmp(p.user, "reader") == 0 && strcmp(p.password, "ro") == 0,
	    "api user/password override [database]");
	ok(strcmp(p.host, "db.example") == 0 && p.port == 3307,
	    "api keeps [database] host and port");
	is_int(p.timeout, 2, "api db_timeout in its parameters");

	ok(load(&c, "[ingest]\nuser = w\n", err, sizeof err) == 0, "ingest user");
	conf_db_params(&c, CONF_INGEST, &p);
	ok(strcmp(p.user, "w") == 0 && p.password == NULL,
	    "ingest user override, no password");

	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		bad(refused[i].text, refused[i].line, refused[i].needle);
	ok(load(&c, "[kpis]\nextra =\n", err, sizeof err) == 0 &&
	    c.kpis == kpi_default_mask(), "an empty [kpis] extra: the defaults");
	ok(c.api_max_lag == 900, "default [api] max_lag 900 s");
	ok(load(&c, "[api]\nmax_lag = 3600\n", err, sizeof err) == 0 &&
	    c.api_max_lag == 3600, "[api] max_lag = 3600 (%s)", err);

	ok(load(&c, "[database]\n", err, sizeof err) == 0 &&
	    c.api_row_cache == 64LL << 20, "[api] row_cache is 64M by default");
	ok(load(&c, "[api]\nrow_cache = 1G\n", err, sizeof err) == 0 &&
	    c.api_row_cache == 1LL << 30, "[api] row_cache = 1G (%s)", err);
	ok(load(&c, "[api]\nrow_cache = 0\n", err, sizeof err) == 0 &&
	    c.api_row_cache == 0, "[api] row_cache = 0: none (%s)", err);
	ok(load(&c, "[database]\n", err, sizeof err) == 0 &&
	    c.retention.flow_files == 0 && c.retention.flow_files_size == 0 &&
	    c.retention.five_minute == 0 && c.retention.hourly == 0,
	    "[retention] keeps everything by default");
	ok(load(&c, "[retention]\nflow_files = 7d\nflow_files_size = 50G\n"
	    "five_minute = 90d\nhourly = 400d\n", err, sizeof err) == 0 &&
	    c.retention.flow_files == 7 * 86400 &&
	    c.retention.flow_files_size == 50LL << 30 &&
	    c.retention.five_minute == 90 * 86400 &&
	    c.retention.hourly == 400 * 86400, "[retention] as in SPEC (%s)", err);
	ok(load(&c, "[retention]\nflow_files =\nfive_minute = 0\n", err,
	    sizeof err) == 0 && c.retention.flow_files == 0,
	    "[retention] empty or 0 keeps for ever (%s)", err);
	ok(load(&c, "[retention]\nfive_minute = 90d\nhourly = 30d\n", err,
	    sizeof err) == -1 && strstr(err, "hourly is shorter than"
	    " five_minute") != NULL, "hourly shorter than five_minute: %s", err);

	unlink(path);
	ok(conf_load(&c, path, err, sizeof err) == -1 &&
	    strstr(err, "No such file") != NULL, "missing file: %s", err);

	setenv("NETKPI_CONFIG", "/x/y.conf", 1);
	is_str(conf_path(NULL), "/x/y.conf", "NETKPI_CONFIG is used");
	is_str(conf_path("/a.conf"), "/a.conf", "-c wins over NETKPI_CONFIG");
	unsetenv("NETKPI_CONFIG");
	ok(strstr(conf_path(NULL), "/netkpi/netkpi.conf") != NULL,
	    "default path: %s", conf_path(NULL));

	/* Flags laid over the file: NULL keeps the value, bad ones say why. */
	{
		int	v = 7;

		ok(conf_flag_int("--top-n", NULL, 1, 10, &v, err, sizeof err) == 0 &&
		    v == 7, "an absent flag keeps the value");
		ok(conf_flag_int("--top-n", "10", 1, 10, &v, err, sizeof err) == 0 &&
		    v == 10, "a flag at its maximum is taken");
		ok(conf_flag_int("--top-n", "11", 1, 10, &v, err, sizeof err) == -1 &&
		    v == 10, "a flag past its maximum is refused");
		is_str(err, "--top-n 11: too large", "and the message names flag and value");
		ok(conf_flag_int("--delay", "5s", 0, 10, &v, err, sizeof err) == -1 &&
		    strcmp(err, "--delay 5s: not a number") == 0, "%s", err);
	}

	conf_free(&c);
	return tap_done();
}
