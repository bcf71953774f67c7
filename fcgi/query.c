/* query.c: query-string splitting and percent-decoding */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "xmalloc.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..len) into out; plus: '+' means a space.  Returns the length. */
static size_t
unescape(const char *s, size_t len, char *out, int plus)
{
	size_t	i, n = 0;
	int	hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && len - i >= 3 &&
		    (hi = hexval((unsigned char)s[i + 1])) != -1 &&
		    (lo = hexval((unsigned char)s[i + 2])) != -1) {
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+')
			out[n++] = ' ';
		else
			out[n++] = s[i];
	}
	return n;
}

size_t
query_unescape_path(const char *s, size_t len, char *out)
{
	return unescape(s, len, out, 0);
}

/* Count the non-empty pieces between '&'. */
static size_t
count_pieces(const char *qs, size_t len)
{
	size_t	i, n = 0, start = 0;

	for (i = 0; i <= len; i++) {
		if (i == len || qs[i] == '&') {
			if (i > start)
				n++;
			start = i + 1;
		}
	}
	return n;
}

enum query_status
query_parse(const char *qs, size_t len, struct query *q)
{
	size_t	i, start = 0, n, np = 0, off = 0;
	const char *eq;

	memset(q, 0, sizeof *q);
	if (len > QUERY_MAX_LEN)
		return QUERY_TOO_LONG;
	if ((n = count_pieces(qs, len)) > QUERY_MAX_PARAMS)
		return QUERY_TOO_MANY;
	if (n == 0)
		return QUERY_OK;
	q->params = xcalloc(n, sizeof *q->params);
	q->store = xmalloc(len + 1);
	for (i = 0; i <= len; i++) {
		struct qparam	*p;
		size_t		 plen, nlen;

		if (i < len && qs[i] != '&')
			continue;
		plen = i - start;
		if (plen > 0) {
			p = &q->params[np++];
			eq = memchr(qs + start, '=', plen);
			nlen = eq != NULL ? (size_t)(eq - (qs + start)) : plen;
			p->name = q->store + off;
			p->namelen = unescape(qs + start, nlen, q->store + off, 1);
			off += p->namelen;
			p->value = q->store + off;
			p->valuelen = eq == NULL ? 0 : unescape(eq + 1,
			    plen - nlen - 1, q->store + off, 1);
			off += p->valuelen;
		}
		start = i + 1;
	}
	q->nparams = np;
	return QUERY_OK;
}

void
query_free(struct query *q)
{
	free(q->params);
	free(q->store);
	memset(q, 0, sizeof *q);
}

const char *
query_get(const struct query *q, const char *name, size_t *len)
{
	size_t	i = q->nparams, nlen = strlen(name);

	while (i-- > 0) {
		const struct qparam *p = &q->params[i];

		if (p->namelen == nlen && memcmp(p->name, name, nlen) == 0) {
			*len = p->valuelen;
			return p->value;
		}
	}
	*len = 0;
	return NULL;
}
