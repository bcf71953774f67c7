/* text.c: ASCII white space: tests and trimming, whatever the locale */
#include "config.h"

#include <string.h>

#include "text.h"

static int
in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

const char *
text_trim(const char *s, size_t *len, const char *set)
{
	while (*len > 0 && in_set(*s, set)) {
		s++;
		(*len)--;
	}
	while (*len > 0 && in_set(s[*len - 1], set))
		(*len)--;
	return s;
}
