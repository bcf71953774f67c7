/* tables.h: netkpi's own tables, and each KPI's columns and indexes */
#ifndef NETKPI_TABLES_H
#define NETKPI_TABLES_H

#include <stddef.h>

#include "buf.h"
#include "kpi.h"

/*
 * One table of no KPI: the original's kpis_jobs and netkpi's own.
 * api_reads: netkpi-fcgi reads it (the API user's GRANTs).
 */
struct table_def {
	const char	*name;
	const char	*columns;	/* of CREATE TABLE, without parentheses */
	int		 api_reads;
};

extern const struct table_def table_defs[];
extern const size_t table_defs_len;

/*
 * The indexes --migrate gives each KPI table, for the API's filters;
 * each holds the columns of an answer, the column it is for first.
 */
#define TABLES_KPI_INDEXES	3
#define TABLES_INDEX_COLUMNS	5

/* The columns of KPI k's table (of CREATE TABLE), added to b. */
void	tables_kpi_columns(const struct kpi *k, struct buf *b);

/* b := the name of index i of KPI k's table. */
void	tables_index_name(const struct kpi *k, size_t i, struct buf *b);

/* The columns of index i of KPI k's table, in their order. */
void	tables_index_columns(const struct kpi *k, size_t i,
	    const char *cols[TABLES_INDEX_COLUMNS]);

#endif
