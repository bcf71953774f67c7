/* buf.h: a growable byte buffer, always NUL-terminated */
#ifndef NETKPI_BUF_H
#define NETKPI_BUF_H

#include <stddef.h>

#include "log.h"

struct buf {
	char	*data;		/* owned; NULL until the first add */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	buf_add(struct buf *b, const void *p, size_t n);
/*
 * Room for n bytes (and the NUL) at the end of b, to be written there
 * and then counted with buf_commit(b, m), m <= n: for a writer that
 * knows the most it writes, not what it writes.
 */
char	*buf_room(struct buf *b, size_t n);
void	buf_commit(struct buf *b, size_t n);
void	buf_addstr(struct buf *b, const char *s);
void	buf_addc(struct buf *b, char c);
void	buf_addf(struct buf *b, const char *fmt, ...) LOG_PRINTF(2, 3);
void	buf_reset(struct buf *b);		/* keep the memory */
void	buf_free(struct buf *b);
/* The contents as a C string (never NULL); valid until the next change. */
const char *buf_cstr(struct buf *b);

#endif
