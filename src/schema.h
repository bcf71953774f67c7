/* schema.h: the database schema step (--migrate) and its check */
#ifndef NETKPI_SCHEMA_H
#define NETKPI_SCHEMA_H

#include <stddef.h>

#include <mysql.h>

/*
 * Bumped whenever schema_migrate learns a new step.
 * 1: the kpis_* upgrade, netkpi_schema, _state, _intervals, _files
 * 2: netkpi_runs
 */
#define SCHEMA_VERSION	2

/*
 * Create the tables on an empty database, or upgrade in place one that
 * the original application (or an older netkpi) created, keeping every
 * row.  Idempotent: a second run changes nothing.  Logs each change.
 */
int	schema_migrate(MYSQL *m, char *err, size_t errlen);

/*
 * 0 when the database is at SCHEMA_VERSION; -1 with a message telling
 * the operator to run "netkpi-ingest --migrate" otherwise.
 */
int	schema_check(MYSQL *m, char *err, size_t errlen);

#endif
