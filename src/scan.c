/* scan.c: a cursor over bytes being parsed: digits, characters, words */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "num.h"
#include "scan.h"

int
scan_digits(struct scan *c, size_t min, size_t max, int *v)
{
	const char	*err;
	int64_t		 x;
	size_t		 n = 0;

	while (c->p + n < c->end && n < max &&
	    scan_is_digit((unsigned char)c->p[n]))
		n++;
	if (n < min || num_parse(c->p, n, 0, INT64_MAX, &x, &err) == -1)
		return -1;
	*v = (int)x;
	c->p += n;
	return 0;
}

int
scan_char(struct scan *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

int
scan_word(struct scan *c, const char *s)
{
	size_t	n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

int
scan_done(const struct scan *c)
{
	return c->p == c->end;
}
