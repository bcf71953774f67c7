/* grants.c: the GRANT statements each database user of netkpi needs */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "grants.h"
#include "log.h"
#include "tables.h"

/* What the ingest does: read and write rows, and --migrate's DDL. */
#define INGEST_PRIVILEGES \
	"SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX"

int
grants_role(const char *name, enum conf_prog *prog)
{
	if (strcmp(name, "ingest") == 0)
		*prog = CONF_INGEST;
	else if (strcmp(name, "api") == 0)
		*prog = CONF_API;
	else
		return -1;
	return 0;
}

/*
 * s between backticks, a backtick in it doubled; with wild, its _ and %
 * escaped (they are wildcards in the database name of ON db.*).
 */
static void
add_ident(struct buf *b, const char *s, int wild)
{
	buf_addc(b, '`');
	for (; *s != '\0'; s++) {
		if (*s == '`')
			buf_addc(b, '`');
		else if (wild && (*s == '_' || *s == '%'))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '`');
}

/* s between single quotes, its quotes and backslashes escaped. */
static void
add_literal(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'' || *s == '\\')
			buf_addc(b, *s == '\'' ? '\'' : '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/* "GRANT what ON `db`.table TO 'user'@'host';" (table: NULL for *). */
static void
add_grant(struct buf *b, const char *what, const char *db,
    const char *table, const char *user, const char *host)
{
	buf_addf(b, "GRANT %s ON ", what);
	add_ident(b, db, table == NULL);
	buf_addc(b, '.');
	if (table != NULL)
		add_ident(b, table, 0);
	else
		buf_addc(b, '*');
	buf_addstr(b, " TO ");
	add_literal(b, user);
	buf_addc(b, '@');
	add_literal(b, host);
	buf_addstr(b, ";\n");
}

void
grants_write(struct buf *b, enum conf_prog prog, const char *db,
    const char *user, const char *host, kpi_mask kpis)
{
	size_t	i;

	if (prog == CONF_INGEST) {
		add_grant(b, INGEST_PRIVILEGES, db, NULL, user, host);
		return;
	}
	for (i = 0; i < kpi_registry_len; i++)
		if (kpi_on(kpis, &kpi_registry[i]))
			add_grant(b, "SELECT", db, kpi_registry[i].table, user,
			    host);
	for (i = 0; i < table_defs_len; i++)
		if (table_defs[i].api_reads)
			add_grant(b, "SELECT", db, table_defs[i].name, user,
			    host);
}

int
grants_print(const struct conf *c, const char *role, const char *host,
    const char *path)
{
	struct db_params p;
	struct buf	 b = BUF_INIT;
	enum conf_prog	 prog;
	int		 rc = EXIT_DONE;

	if (grants_role(role, &prog) == -1) {
		log_error("--print-grants %s: the roles are api and ingest",
		    role);
		return EXIT_USAGE;
	}
	conf_db_params(c, prog, &p);
	if (p.user == NULL) {
		log_error("--print-grants %s: %s names no user ([%s] or"
		    " [database] user)", role, path, role);
		return EXIT_USAGE;
	}
	grants_write(&b, prog, p.name, p.user, host, c->kpis);
	if (fputs(buf_cstr(&b), stdout) == EOF || fflush(stdout) == EOF) {
		log_error("writing the GRANTs: %s", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	buf_free(&b);
	return rc;
}
