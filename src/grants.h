/* grants.h: the GRANT statements each database user of netkpi needs */
#ifndef NETKPI_GRANTS_H
#define NETKPI_GRANTS_H

#include "buf.h"
#include "conf.h"

/* CONF_INGEST or CONF_API from "ingest" or "api"; -1 for another name. */
int	grants_role(const char *name, enum conf_prog *prog);

/*
 * Add to b the GRANTs of prog's user on database db, one statement a
 * line, each ending in ";": the ingest's on the whole database (its
 * run and --migrate), the API's SELECT on each table it reads (the
 * tables of the KPIs in kpis and those of table_defs marked api_reads).
 * user and host become SQL string literals.
 */
void	grants_write(struct buf *b, enum conf_prog prog, const char *db,
	    const char *user, const char *host, kpi_mask kpis);

/*
 * netkpi-ingest --print-grants: the GRANTs of role ("api" or
 * "ingest") of config c (read from path) to its user at host, on
 * standard output.  Returns the exit status (EXIT_USAGE for an unknown
 * role or no user, said).
 */
int	grants_print(const struct conf *c, const char *role, const char *host,
	    const char *path);

#endif
