/* fuzz_conf.c: libFuzzer target for the config file reader */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "fuzz.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char	fuzz_target[] = "fuzz_conf";

/* The temporary file every input is written to, removed at exit. */
static const char *path;
static int	fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fd = fuzz_tmpfile(&path);
	return 0;
}

/* A string option is unset (NULL) or non-empty, one line, trimmed. */
static void
check_str(const char *s)
{
	size_t	n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (n == 0 || strchr(s, '\n') != NULL || s[0] == ' ' ||
	    s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r')
		fuzz_fail("a string option empty or not trimmed");
}

static void
check_int(int v, int min, int max)
{
	if (v < min || v > max)
		fuzz_fail("a numeric option out of its range");
}

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* What the file set in c: valid values only. */
static void
check_conf(const struct conf *c)
{
	check_str(c->db.name);
	check_str(c->db.user);
	check_str(c->db.password);
	check_str(c->db.host);
	check_str(c->db.socket);
	check_str(c->ingest_user);
	check_str(c->ingest_password);
	check_str(c->input_dir);
	check_str(c->api_user);
	check_str(c->api_password);
	check_str(c->listen_group);
	check_int(c->db.port, 1, 65535);
	check_int(c->top_n, 1, CONF_TOP_N_MAX);
	check_int(c->delay, 0, CONF_DELAY_MAX);
	check_int(c->ingest_threads, 0, CONF_THREADS_MAX);
	check_int(c->ingest_timeout, 1, CONF_TIMEOUT_MAX);
	check_int(c->api_threads, 1, CONF_THREADS_MAX);
	check_int(c->api_timeout, 1, CONF_TIMEOUT_MAX);
	check_int(c->backlog, 1, CONF_BACKLOG_MAX);
	check_int(c->listen_mode, 0, 07777);
}

static int
conf_eq(const struct conf *a, const struct conf *b)
{
	return str_eq(a->db.name, b->db.name) &&
	    str_eq(a->db.user, b->db.user) &&
	    str_eq(a->db.password, b->db.password) &&
	    str_eq(a->db.host, b->db.host) &&
	    str_eq(a->db.socket, b->db.socket) &&
	    str_eq(a->ingest_user, b->ingest_user) &&
	    str_eq(a->ingest_password, b->ingest_password) &&
	    str_eq(a->input_dir, b->input_dir) &&
	    str_eq(a->api_user, b->api_user) &&
	    str_eq(a->api_password, b->api_password) &&
	    str_eq(a->listen_group, b->listen_group) &&
	    a->db.port == b->db.port && a->top_n == b->top_n &&
	    a->delay == b->delay && a->ingest_threads == b->ingest_threads &&
	    a->ingest_timeout == b->ingest_timeout &&
	    a->api_threads == b->api_threads &&
	    a->api_timeout == b->api_timeout && a->backlog == b->backlog &&
	    a->listen_mode == b->listen_mode;
}

/*
 * The input is a config file.  Loading it (over the defaults) gives
 * valid values or a "path:line: reason" error; loading it a second time
 * over the first changes nothing.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf	 once, twice;
	struct db_params p;
	char		 err[1024], err2[1024];
	size_t		 plen = strlen(path);
	int		 rc, rc2;

	fuzz_put(fd, data, size);
	conf_init(&once);
	conf_init(&twice);
	err[0] = err2[0] = '\0';
	rc = conf_load(&once, path, err, sizeof err);
	if (rc == -1 && (strncmp(err, path, plen) != 0 || err[plen] != ':'))
		fuzz_fail("an error that does not start with the file name");
	check_conf(&once);
	(void)conf_load(&twice, path, err2, sizeof err2);
	rc2 = conf_load(&twice, path, err2, sizeof err2);
	if (rc2 != rc || strcmp(err, err2) != 0 || !conf_eq(&once, &twice))
		fuzz_fail("loading the file twice is not loading it once");
	conf_db_params(&once, CONF_API, &p);
	conf_db_params(&once, CONF_INGEST, &p);
	conf_free(&once);
	conf_free(&twice);
	return 0;
}
