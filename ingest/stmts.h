/* stmts.h: the prepared statements of a writer, made and closed as a set */
#ifndef NETKPI_STMTS_H
#define NETKPI_STMTS_H

#include <stddef.h>

#include <mysql.h>

#include "buf.h"

/* A multi-row statement: head, then n times row separated by ", ", then tail. */
struct stmts_batch {
	const char	*head, *row, *tail;
	size_t		 n;
};

/*
 * Prepare sql[0..n) into st[0..n) (a NULL sql: batch's text instead).
 * Returns 0, or -1 with err (st then holds what was prepared: close it
 * with stmts_close).
 */
int	stmts_prepare(MYSQL *m, const char *const *sql,
	    const struct stmts_batch *batch, MYSQL_STMT **st, size_t n,
	    char *err, size_t errlen);
void	stmts_close(MYSQL_STMT **st, size_t n);

#endif
