/* conf.c: reader for netkpi.conf (INI: [section], key = value, # comments) */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "conf.h"
#include "num.h"
#include "text.h"
#include "xmalloc.h"

#ifndef NETKPI_SYSCONFDIR
#define NETKPI_SYSCONFDIR "/etc"
#endif

#define CONF_LINE_MAX	4096

enum kind { K_STR, K_INT, K_MODE, K_KPIS, K_AGE, K_SIZE };

/* One key of one section: where it goes and what it may hold. */
struct key {
	const char	*section;
	const char	*name;
	enum kind	 kind;
	size_t		 offset;
	int64_t		 min, max;
};

#define S(sec, name, field) \
	{ sec, name, K_STR, offsetof(struct conf, field), 0, 0 }
#define I(sec, name, field, lo, hi) \
	{ sec, name, K_INT, offsetof(struct conf, field), lo, hi }
#define R(name, kind, field) \
	{ "retention", name, kind, offsetof(struct conf, retention.field), 0, 0 }
static const struct key keys[] = {
	S("database", "name", db.name),
	S("database", "user", db.user),
	S("database", "password", db.password),
	S("database", "host", db.host),
	I("database", "port", db.port, 1, 65535),
	S("database", "socket", db.socket),
	S("ingest", "user", ingest_user),
	S("ingest", "password", ingest_password),
	I("ingest", "threads", ingest_threads, 0, CONF_THREADS_MAX),
	I("ingest", "db_timeout", ingest_timeout, 1, CONF_TIMEOUT_MAX),
	S("ingest", "input_dir", input_dir),
	I("ingest", "top_n", top_n, 1, CONF_TOP_N_MAX),
	I("ingest", "delay", delay, 0, CONF_DELAY_MAX),
	S("api", "user", api_user),
	S("api", "password", api_password),
	I("api", "threads", api_threads, 1, CONF_THREADS_MAX),
	I("api", "db_timeout", api_timeout, 1, CONF_TIMEOUT_MAX),
	{ "api", "row_cache", K_SIZE, offsetof(struct conf, api_row_cache), 0, 0 },
	I("api", "backlog", backlog, 1, CONF_BACKLOG_MAX),
	I("api", "max_lag", api_max_lag, 60, CONF_MAX_LAG_MAX),
	{ "api", "listen_mode", K_MODE, offsetof(struct conf, listen_mode), 0, 07777 },
	S("api", "listen_group", listen_group),
	{ "kpis", "extra", K_KPIS, offsetof(struct conf, kpis), 0, 0 },
	R("flow_files", K_AGE, flow_files),
	R("flow_files_size", K_SIZE, flow_files_size),
	R("five_minute", K_AGE, five_minute),
	R("hourly", K_AGE, hourly),
};

#define NKEYS (sizeof keys / sizeof keys[0])

void
conf_set_str(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

int
conf_flag_int(const char *flag, const char *arg, int64_t min, int64_t max,
    int *out, char *err, size_t errlen)
{
	const char	*why;
	int64_t		 v;

	if (arg == NULL)
		return 0;
	if (num_parse_str(arg, min, max, &v, &why) == -1) {
		snprintf(err, errlen, "%s %s: %s", flag, arg, why);
		return -1;
	}
	*out = (int)v;
	return 0;
}

void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->db.name = xstrdup("djangodatabase");
	c->db.host = xstrdup("localhost");
	c->db.port = 3306;
	c->top_n = 3;
	c->delay = 150;
	c->ingest_threads = 0;
	c->ingest_timeout = CONF_INGEST_TIMEOUT;
	c->api_threads = 4;
	c->api_timeout = CONF_API_TIMEOUT;
	c->api_row_cache = CONF_ROW_CACHE;
	c->backlog = CONF_BACKLOG;
	c->api_max_lag = CONF_MAX_LAG;
	c->listen_mode = 0660;
	c->kpis = kpi_default_mask();
}

void
conf_free(struct conf *c)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++) {
		if (keys[i].kind == K_STR) {
			void	*field = (char *)c + keys[i].offset;
			char	**p = field;

			free(*p);
			*p = NULL;
		}
	}
}

const char *
conf_path(const char *explicit_path)
{
	const char	*env;

	if (explicit_path != NULL)
		return explicit_path;
	env = getenv("NETKPI_CONFIG");
	if (env != NULL && *env != '\0')
		return env;
	return NETKPI_SYSCONFDIR "/netkpi/netkpi.conf";
}

void
conf_db_params(const struct conf *c, enum conf_prog prog, struct db_params *out)
{
	const char	*user, *password;

	*out = c->db;
	user = prog == CONF_INGEST ? c->ingest_user : c->api_user;
	password = prog == CONF_INGEST ? c->ingest_password : c->api_password;
	out->timeout = prog == CONF_INGEST ? c->ingest_timeout : c->api_timeout;
	if (user != NULL)
		out->user = (char *)user;
	if (password != NULL)
		out->password = (char *)password;
}

/* Blanks around lines, names and values, and the line end. */
#define CONF_TRIM	" \t\r\n"

static const struct key *
find_key(const char *section, const char *name)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
known_section(const char *section)
{
	size_t	i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0)
			return 1;
	return 0;
}

/* Parse "0660"-style octal permissions. */
static int
parse_mode(const char *v, int64_t max, int64_t *out)
{
	int64_t	m = 0;

	if (*v == '\0' || strlen(v) > 5)
		return -1;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '7')
			return -1;
		m = m * 8 + (*v - '0');
	}
	if (m > max)
		return -1;
	*out = m;
	return 0;
}

/* Store value for key k into c; returns 0 or -1 with a reason. */
static int
set_value(struct conf *c, const struct key *k, const char *value,
    const char **why)
{
	void	*field = (char *)c + k->offset;
	int64_t	 v;

	switch (k->kind) {
	case K_STR:
		conf_set_str(field, *value == '\0' ? NULL : value);
		return 0;
	case K_KPIS:
		return kpi_parse_extra(value, field, why);
	case K_AGE:
		return retention_parse_age(value, field, why);
	case K_SIZE:
		return retention_parse_size(value, field, why);
	case K_MODE:
		if (parse_mode(value, k->max, &v) == -1) {
			*why = "not an octal mode";
			return -1;
		}
		break;
	case K_INT:
		if (num_parse_str(value, k->min, k->max, &v, why) == -1)
			return -1;
		break;
	}
	*(int *)field = (int)v;
	return 0;
}

/* Handle one line; returns 0 or -1 with a message in err. */
static int
conf_line(struct conf *c, char *line, char *section, size_t seclen,
    unsigned char *seen, char *err, size_t errlen)
{
	const struct key *k;
	const char	*why = NULL;
	char		*s = text_trim_str(line, CONF_TRIM), *eq, *name, *value;

	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');

		if (end == NULL || end[1] != '\0') {
			snprintf(err, errlen, "malformed section header");
			return -1;
		}
		*end = '\0';
		name = text_trim_str(s + 1, CONF_TRIM);
		if (!known_section(name)) {
			snprintf(err, errlen, "unknown section [%.64s]", name);
			return -1;
		}
		snprintf(section, seclen, "%s", name);
		return 0;
	}
	if ((eq = strchr(s, '=')) == NULL) {
		snprintf(err, errlen, "expected \"key = value\"");
		return -1;
	}
	*eq = '\0';
	name = text_trim_str(s, CONF_TRIM);
	value = text_trim_str(eq + 1, CONF_TRIM);
	if (*section == '\0') {
		snprintf(err, errlen, "key \"%.64s\" outside of a section", name);
		return -1;
	}
	if ((k = find_key(section, name)) == NULL) {
		snprintf(err, errlen, "unknown key \"%.64s\" in [%s]", name,
		    section);
		return -1;
	}
	if (seen[k - keys]) {
		snprintf(err, errlen, "duplicate key \"%s\" in [%s]", name,
		    section);
		return -1;
	}
	seen[k - keys] = 1;
	if (set_value(c, k, value, &why) == -1) {
		snprintf(err, errlen, "invalid value for %s: %s", name, why);
		return -1;
	}
	return 0;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	unsigned char	 seen[NKEYS] = { 0 };
	char		 section[32] = "", why[256], *line = NULL;
	const char	*reason;
	size_t		 cap = 0;
	ssize_t		 len;
	unsigned	 lineno = 0;
	FILE		*fp;
	int		 rc = -1;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > CONF_LINE_MAX) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			goto out;
		}
		if (memchr(line, '\0', (size_t)len) != NULL) {
			snprintf(err, errlen, "%s:%u: NUL byte in line", path, lineno);
			goto out;
		}
		if (conf_line(c, line, section, sizeof section, seen, why,
		    sizeof why) == -1) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			goto out;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (retention_check(&c->retention, &reason) == -1) {
		snprintf(err, errlen, "%s: %s", path, reason);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(fp);
	return rc;
}
