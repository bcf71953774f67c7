/* num.h: the one range-checked integer parser, and integers written out */
#ifndef NETKPI_NUM_H
#define NETKPI_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse the decimal integer s[0..len) into *out, within [min, max].
 * Digits only, with a leading '-' allowed when min < 0; no spaces, no
 * '+', no base prefixes.  Returns 0, or -1 with *errstr set to a static
 * reason ("empty", "not a number", "too small", "too large").
 */
int	num_parse(const char *s, size_t len, int64_t min, int64_t max,
	    int64_t *out, const char **errstr);
/* The same for a NUL-terminated string. */
int	num_parse_str(const char *s, int64_t min, int64_t max, int64_t *out,
	    const char **errstr);

/* The longest num_format text: "-9223372036854775808". */
#define NUM_FORMAT_LEN	20

/*
 * v in decimal at buf (NUM_FORMAT_LEN bytes at least, no NUL written);
 * returns the length.  The API writes four of these per row it sends.
 */
size_t	num_format(int64_t v, char *buf);

#endif
