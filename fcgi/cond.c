/* cond.c: conditional requests (RFC 9110 section 13): does the client's copy still hold? */
#include "config.h"

#include <string.h>

#include "cond.h"
#include "httpdate.h"
#include "text.h"

/*
 * The next entity tag of an If-None-Match list at *p: its opaque part
 * (quotes included, W/ dropped) in [*tag, *tag + *len); advances *p
 * past it and its comma.  Returns 0 at the end of the list, -1 when the
 * list is malformed.
 */
static int
next_tag(const char **p, const char **tag, size_t *len)
{
	const char	*s = *p, *q;

	while (*s == ',' || text_is_blank((unsigned char)*s))
		s++;
	if (*s == '\0')
		return 0;
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	if (*s != '"' || (q = strchr(s + 1, '"')) == NULL)
		return -1;
	*tag = s;
	*len = (size_t)(q + 1 - s);
	for (s = q + 1; text_is_blank((unsigned char)*s); s++)
		;
	if (*s != ',' && *s != '\0')
		return -1;
	*p = s;
	return 1;
}

/* 1 when the list names etag (weak comparison) or is "*". */
static int
none_match_hit(const char *list, const char *etag)
{
	const char	*tag, *p;
	size_t		 n = strlen(list), len, elen = strlen(etag);
	int		 rc;

	p = text_trim(list, &n, TEXT_BLANK);
	if (n == 1 && *p == '*')
		return 1;
	while ((rc = next_tag(&p, &tag, &len)) == 1)
		if (len == elen && memcmp(tag, etag, len) == 0)
			return 1;
	return 0;
}

int
cond_not_modified(const char *if_none_match, const char *if_modified_since,
    const char *etag, int64_t modified)
{
	int64_t	since;

	if (if_none_match != NULL)
		return none_match_hit(if_none_match, etag);
	if (if_modified_since != NULL &&
	    httpdate_parse(if_modified_since, &since) == 0)
		return modified <= since;
	return 0;
}
