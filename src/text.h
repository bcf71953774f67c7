/* text.h: ASCII white space: tests and trimming, whatever the locale */
#ifndef NETKPI_TEXT_H
#define NETKPI_TEXT_H

#include <stddef.h>

/* The sets text_trim takes. */
#define TEXT_BLANK	" \t"		/* CSV fields, HTTP's OWS */
#define TEXT_SPACE	" \t\n\v\f\r"	/* isspace() of the C locale */

/*
 * s[0..*len) without the leading and trailing bytes that are in set
 * (a NUL is never in it): returns the new start and sets *len.
 */
const char *text_trim(const char *s, size_t *len, const char *set);

#endif
