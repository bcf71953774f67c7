/* utf8.h: UTF-8 repair of the client's bytes that an error message echoes */
#ifndef NETKPI_UTF8_H
#define NETKPI_UTF8_H

#include <stddef.h>

#include "buf.h"

/*
 * Append s[0..len) to b as valid UTF-8: every maximal invalid
 * subsequence becomes U+FFFD, as Python's "replace" error handler does.
 * yajl refuses invalid UTF-8: what a message echoes (a filter's value,
 * the method) goes through here first.
 */
void	utf8_clean(struct buf *b, const char *s, size_t len);

#endif
