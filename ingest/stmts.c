/* stmts.c: the prepared statements of a writer, made and closed as a set */
#include "config.h"

#include "db.h"
#include "stmts.h"

int
stmts_prepare(MYSQL *m, const char *const *sql, const char *batch,
    MYSQL_STMT **st, size_t n, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((st[i] = db_prepare(m, sql[i] != NULL ? sql[i] : batch,
		    err, errlen)) == NULL)
			return -1;
	return 0;
}

void
stmts_close(MYSQL_STMT **st, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (st[i] != NULL) {
			mysql_stmt_close(st[i]);
			st[i] = NULL;
		}
}

void
stmts_batch_sql(struct buf *q, const char *head, const char *row, size_t n,
    const char *tail)
{
	size_t	i;

	buf_addstr(q, head);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addstr(q, ", ");
		buf_addstr(q, row);
	}
	buf_addstr(q, tail);
}
