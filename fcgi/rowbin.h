/* rowbin.h: KPI rows decoded straight from the binary protocol's row */
#ifndef NETKPI_ROWBIN_H
#define NETKPI_ROWBIN_H

#include <mysql.h>

#include "rows.h"

/* What a column of a KPI row's SELECT fills in struct kpi_row. */
enum rowbin_role {
	ROWBIN_ID, ROWBIN_START, ROWBIN_END, ROWBIN_INTERVAL, ROWBIN_KEY,
	ROWBIN_VALUE
};

/* How a column is encoded in a row of the binary protocol. */
enum rowbin_kind {
	ROWBIN_I8, ROWBIN_U8, ROWBIN_I16, ROWBIN_U16, ROWBIN_I32, ROWBIN_U32,
	ROWBIN_I64, ROWBIN_TIME
};

#define ROWBIN_MAX	8

/*
 * A statement's rows decoded by MariaDB Connector/C's result callback
 * (STMT_ATTR_CB_RESULT): each value is read from the row as the server
 * sent it, into out, with no MYSQL_BIND and no MYSQL_TIME between.
 * Measured on the 5,040-row answer of tests/bench/api.sh, libmariadb's
 * conversions into the binds and their packing were a third of the
 * responder's user time.
 */
struct rowbin {
	struct kpi_row	*out;		/* the row being decoded */
	unsigned char	 role[ROWBIN_MAX];
	unsigned char	 kind[ROWBIN_MAX];
	unsigned	 ncols;
	unsigned	 decoded;	/* columns decoded since rowbin_begin */
	int		 bad;		/* a NULL or a column out of range */
};

/*
 * After st was executed: decode its rows into *out, column i filling
 * role[i] (n columns), when the client library has the callback and
 * every column's type decodes to its role.  Returns 0, or -1: bind the
 * results instead (mysql_stmt_bind_result; once a statement is bound,
 * the library no longer calls the callback: see rowbin_begin).
 */
int	rowbin_attach(struct rowbin *b, MYSQL_STMT *st,
	    const enum rowbin_role *role, unsigned n, struct kpi_row *out);
/* Before each mysql_stmt_fetch. */
void	rowbin_begin(struct rowbin *b);
/*
 * After a fetch that returned a row: 1 when the callback decoded it
 * into *out, 0 when it did not run (the statement's results were
 * bound), -1 when the row could not be decoded.
 */
int	rowbin_end(const struct rowbin *b);
/*
 * The callback (ps_result_callback): column i of the row at *row into
 * b->out, *row moved past it.  Exported for the unit tests.
 */
void	rowbin_column(void *b, unsigned int i, unsigned char **row);

#endif
