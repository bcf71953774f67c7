/* httpdate.h: HTTP dates (RFC 9110 section 5.6.7), read and written */
#ifndef NETKPI_HTTPDATE_H
#define NETKPI_HTTPDATE_H

#include <stddef.h>
#include <stdint.h>

/* "Sun, 06 Nov 1994 08:49:37 GMT" and its NUL. */
#define HTTPDATE_LEN	30

/*
 * Parse an HTTP date in any of the three forms a recipient must
 * accept: IMF-fixdate, RFC 850 (its two-digit year 00-49 read as 20YY,
 * 50-99 as 19YY) and asctime.  Returns 0 with the Unix time in *secs,
 * -1 when s is not one.
 */
int	httpdate_parse(const char *s, int64_t *secs);

/* The IMF-fixdate of Unix time secs into buf (HTTPDATE_LEN bytes). */
size_t	httpdate_format(int64_t secs, char *buf);

#endif
