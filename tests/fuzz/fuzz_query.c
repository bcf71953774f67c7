/* fuzz_query.c: libFuzzer target for the query-string parser (and Accept) */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datetime.h"
#include "fuzz.h"
#include "negotiate.h"
#include "query.h"
#include "utf8.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char	fuzz_target[] = "fuzz_query";

/*
 * utf8_clean gives valid UTF-8, so cleaning it again changes nothing,
 * and it only grows: a byte becomes at most three (U+FFFD).
 */
static void
check_clean(struct buf *b, struct buf *again, const char *s, size_t len)
{
	buf_reset(b);
	buf_reset(again);
	utf8_clean(b, s, len);
	utf8_clean(again, buf_cstr(b), b->len);
	if (b->len < len || b->len > 3 * len)
		fuzz_fail("utf8_clean: a length out of bounds");
	if (again->len != b->len || memcmp(buf_cstr(again), buf_cstr(b),
	    b->len) != 0)
		fuzz_fail("utf8_clean: its output is not valid UTF-8");
}

/*
 * The input is a query string; as a C string (up to the first NUL) it
 * is also an Accept header.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query	 q;
	struct buf	 b = BUF_INIT, again = BUF_INIT;
	const char	*qs = (const char *)data, *v;
	char		*accept;
	size_t		 i, len, total = 0;
	enum query_status st;
	int		 indent;
	utc_us		 t;

	accept = xstrndup(qs, size);
	(void)negotiate(accept, NULL, 0, 1);
	indent = negotiate_indent(accept);
	if (indent < 0 || indent > NEG_INDENT_MAX)
		fuzz_fail("negotiate_indent: out of range");
	free(accept);

	st = query_parse(qs, size, &q);
	if (st != QUERY_OK) {
		if (q.nparams != 0 || q.params != NULL || q.store != NULL)
			fuzz_fail("query_parse: a refused query string left"
			    " parameters");
		if ((st == QUERY_TOO_LONG) != (size > QUERY_MAX_LEN))
			fuzz_fail("query_parse: the length limit is wrong");
		return 0;
	}
	if (size > QUERY_MAX_LEN || q.nparams > QUERY_MAX_PARAMS)
		fuzz_fail("query_parse: accepted over a limit");
	for (i = 0; i < q.nparams; i++) {
		total += q.params[i].namelen + q.params[i].valuelen;
		check_clean(&b, &again, q.params[i].name, q.params[i].namelen);
		check_clean(&b, &again, q.params[i].value, q.params[i].valuelen);
		(void)datetime_parse(q.params[i].value, q.params[i].valuelen,
		    &t);
	}
	if (total > size)
		fuzz_fail("query_parse: decoded more bytes than it was given");
	if ((v = query_get(&q, "format", &len)) != NULL)
		(void)negotiate(NULL, v, len, 1);
	buf_free(&b);
	buf_free(&again);
	query_free(&q);
	return 0;
}
