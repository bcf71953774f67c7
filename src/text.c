/* text.c: ASCII white space: tests and trimming, whatever the locale */
#include "config.h"

#include <string.h>

#include "text.h"

static int
in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

int
text_all_blank(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (!text_is_blank((unsigned char)s[i]))
			return 0;
	return 1;
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

char *
text_trim_str(char *s, const char *set)
{
	size_t	len = strlen(s);
	char	*t = (char *)text_trim(s, &len, set);

	t[len] = '\0';
	return t;
}
