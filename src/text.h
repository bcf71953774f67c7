/* text.h: ASCII white space: tests and trimming, whatever the locale */
#ifndef NETKPI_TEXT_H
#define NETKPI_TEXT_H

#include <stddef.h>

/* The sets text_trim takes. */
#define TEXT_BLANK	" \t"		/* CSV fields, HTTP's OWS */
#define TEXT_SPACE	" \t\n\v\f\r"	/* isspace() of the C locale */

/*
 * 1 for a blank (space or tab).  Inline: the CSV reader asks it for
 * every byte around every field.
 */
static inline int
text_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* 1 for ASCII white space (TEXT_SPACE). */
static inline int
text_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* 1 when s[0..len) is empty or blanks only. */
int	text_all_blank(const char *s, size_t len);

/*
 * s[0..*len) without the leading and trailing bytes that are in set
 * (a NUL is never in it): returns the new start and sets *len.
 */
const char *text_trim(const char *s, size_t *len, const char *set);

/* The same for a string, in place (the end is cut with a NUL). */
char	*text_trim_str(char *s, const char *set);

#endif
