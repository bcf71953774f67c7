/* stmts.c: the prepared statements of a writer, made and closed as a set */
#include "config.h"

#include "db.h"
#include "stmts.h"

size_t
stmts_rows(const struct stmts_batch *batch, size_t left)
{
	if (left >= batch->n)
		return batch->n;
	return left >= batch->small ? batch->small : 1;
}

/* batch's text of rows rows into q. */
static void
batch_sql(struct buf *q, const struct stmts_batch *batch, size_t rows)
{
	size_t	i;

	buf_reset(q);
	buf_addstr(q, batch->head);
	for (i = 0; i < rows; i++) {
		if (i > 0)
			buf_addstr(q, ", ");
		buf_addstr(q, batch->row);
	}
	buf_addstr(q, batch->tail);
}

int
stmts_prepare(MYSQL *m, const char *const *sql,
    const struct stmts_batch *batch, MYSQL_STMT **st, size_t n, char *err,
    size_t errlen)
{
	struct buf	q = BUF_INIT;
	size_t		i, batches = 0;
	int		rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (sql[i] == NULL)
			batch_sql(&q, batch, batches++ == 0 ? batch->n :
			    batch->small);
		if ((st[i] = db_prepare(m, sql[i] != NULL ? sql[i] :
		    buf_cstr(&q), err, errlen)) == NULL)
			rc = -1;
	}
	buf_free(&q);
	return rc;
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
