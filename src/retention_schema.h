/* retention_schema.h: the columns retention (and the ingest's table sizes) add to netkpi's own tables */
#ifndef NETKPI_RETENTION_SCHEMA_H
#define NETKPI_RETENTION_SCHEMA_H

#include <stddef.h>

#include <mysql.h>

/*
 * Add what retention records (schema version 4), when not there yet:
 * netkpi_state's two expiry marks, netkpi_runs' expiry counts, and
 * netkpi_version's expiry version (added later, in the same version);
 * and netkpi_runs' table sizes (later again, a hint the ingest does
 * without where they are missing).  Idempotent; logs each column added.
 */
int	retention_schema(MYSQL *m, char *err, size_t errlen);

/* *has: 1 when table has column, else 0.  0, or -1 with err. */
int	retention_schema_has(MYSQL *m, const char *table, const char *column,
	    int *has, char *err, size_t errlen);

#endif
