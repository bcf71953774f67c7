/* retention_schema.h: the columns retention adds to netkpi's own tables */
#ifndef NETKPI_RETENTION_SCHEMA_H
#define NETKPI_RETENTION_SCHEMA_H

#include <stddef.h>

#include <mysql.h>

/*
 * Add what retention records (schema version 4), when not there yet:
 * netkpi_state's two expiry marks and netkpi_runs' expiry counts.
 * Idempotent; logs each column added.
 */
int	retention_schema(MYSQL *m, char *err, size_t errlen);

#endif
