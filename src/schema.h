/* schema.h: the database schema step (--migrate) and its checks */
#ifndef NETKPI_SCHEMA_H
#define NETKPI_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

#include "kpi.h"

/*
 * Bumped whenever schema_migrate learns a new step.
 * 1: the kpis_* upgrade, netkpi_schema, _state, _intervals, _files
 * 2: netkpi_runs
 * 3: netkpi_version
 * 4: retention's columns (retention_schema.c); netkpi_totals,
 *    netkpi_sketches (range.h)
 */
#define SCHEMA_VERSION	4

/*
 * Create the tables on an empty database, or upgrade in place one that
 * the original application (or an older netkpi) created, keeping every
 * row: kpis_jobs, netkpi's own tables, and the table of each KPI in
 * kpis, with its indexes (README: Database schema).  Idempotent: a
 * second run changes nothing.  Logs each change.
 */
int	schema_migrate(MYSQL *m, kpi_mask kpis, char *err, size_t errlen);

/*
 * Add to *kpis the KPIs of the registry whose table the database has
 * (a KPI turned off keeps its table and rows).
 */
int	schema_kpi_tables(MYSQL *m, kpi_mask *kpis, char *err, size_t errlen);

/*
 * *version: the schema version of the database, 0 when it has no
 * netkpi_schema table.
 */
int	schema_version(MYSQL *m, int64_t *version, char *err, size_t errlen);

/*
 * The ingest's check: 0 when the database is at SCHEMA_VERSION and
 * schema_check_kpis passes; -1 with a message telling the operator to
 * run "netkpi-ingest --migrate" otherwise (or a database error).
 */
int	schema_check(MYSQL *m, kpi_mask kpis, char *err, size_t errlen);

/*
 * The API's check, which needs no more than SELECT on the KPI tables:
 * 0 when every KPI in kpis has its table and the indexes --migrate
 * adds; -1 with a message that says to run "netkpi-ingest --migrate"
 * (or a database error) otherwise.
 */
int	schema_check_kpis(MYSQL *m, kpi_mask kpis, char *err, size_t errlen);

#endif
