/* stmts.h: the prepared statements of a writer, made and closed as a set */
#ifndef NETKPI_STMTS_H
#define NETKPI_STMTS_H

#include <stddef.h>

#include <mysql.h>

#include "buf.h"

/*
 * A multi-row statement: head, then n times row separated by ", ", then
 * tail; and the same of small rows, for what is left after batches of n
 * (fewer round trips than row by row).
 */
struct stmts_batch {
	const char	*head, *row, *tail;
	size_t		 n, small;
};

/*
 * The rows of the next statement when left rows are left to write:
 * batch->n, batch->small, or 1 (the largest that left fills).
 */
size_t	stmts_rows(const struct stmts_batch *batch, size_t left);

/*
 * Prepare sql[0..n) into st[0..n): a NULL sql is batch's text, of n
 * rows the first time, of small rows the second.
 * Returns 0, or -1 with err (st then holds what was prepared: close it
 * with stmts_close).
 */
int	stmts_prepare(MYSQL *m, const char *const *sql,
	    const struct stmts_batch *batch, MYSQL_STMT **st, size_t n,
	    char *err, size_t errlen);
void	stmts_close(MYSQL_STMT **st, size_t n);

#endif
