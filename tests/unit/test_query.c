/* test_query.c: unit tests for the query-string parser and the UTF-8 repair of echoes */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fcgi/query.h"
#include "fcgi/utf8.h"
#include "tap.h"

/* name's last value in qs is want (NULL: absent) of wantlen bytes. */
static const struct {
	const char	*qs, *name, *want;
	size_t		 wantlen;
} gets[] = {
	{ "interval=1", "interval", "1", 1 },
	{ "interval=1&interval=2", "interval", "2", 1 },
	{ "interval=1&interval=", "interval", "", 0 },
	{ "interval", "interval", "", 0 },
	{ "a=1", "interval", NULL, 0 },
	{ "Interval=1", "interval", NULL, 0 },
	{ "x=a+b", "x", "a b", 3 },
	{ "x=a%2Bb", "x", "a+b", 3 },
	{ "x=%41%42", "x", "AB", 2 },
	{ "x=%4", "x", "%4", 2 },
	{ "x=%", "x", "%", 1 },
	{ "x=%zz1", "x", "%zz1", 4 },
	{ "x=%00y", "x", "\0y", 2 },
	{ "x=a=b", "x", "a=b", 3 },
	{ "%78=1", "x", "1", 1 },
	{ "x+y=1", "x y", "1", 1 },
	{ "=5", "", "5", 1 },
	{ "x=1;y=2", "x", "1;y=2", 5 },
};

/* How many parameters qs holds. */
static const struct {
	const char	*qs;
	size_t		 want;
} counts[] = {
	{ "", 0 },
	{ "&&", 0 },
	{ "a&&b=&", 2 },
	{ "=", 1 },
};

/* utf8_clean of in is want. */
static const struct {
	const char	*in, *want;
} cleans[] = {
	{ "abc", "abc" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "a\xff" "b", "a\xef\xbf\xbd" "b" },
	{ "\xe2\x82", "\xef\xbf\xbd" },
	{ "\xe2\x82x", "\xef\xbf\xbdx" },
	{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xf0\x9f\x98", "\xef\xbf\xbd" },
};

/* Parse qs and check that name's last value is want (NULL: absent). */
static void
get_is(const char *qs, const char *name, const char *want, size_t wantlen)
{
	struct query	 q;
	const char	*v;
	size_t		 len;

	if (query_parse(qs, strlen(qs), &q) != QUERY_OK) {
		ok(0, "parse \"%s\"", qs);
		return;
	}
	v = query_get(&q, name, &len);
	if (want == NULL)
		ok(v == NULL, "\"%s\": no %s", qs, name);
	else
		ok(v != NULL && len == wantlen && memcmp(v, want, len) == 0,
		    "\"%s\": %s has the expected value", qs, name);
	query_free(&q);
}

static void
count_is(const char *qs, size_t want)
{
	struct query	q;

	if (query_parse(qs, strlen(qs), &q) != QUERY_OK) {
		ok(0, "parse \"%s\"", qs);
		return;
	}
	is_int(q.nparams, want, "\"%s\": %zu parameters", qs, want);
	query_free(&q);
}

static void
limits(void)
{
	struct query	 q;
	char		*s;
	size_t		 i;

	s = malloc(QUERY_MAX_LEN + 2);
	memset(s, 'a', QUERY_MAX_LEN + 1);
	s[QUERY_MAX_LEN + 1] = '\0';
	is_int(query_parse(s, QUERY_MAX_LEN, &q), QUERY_OK, "4096 bytes accepted");
	query_free(&q);
	is_int(query_parse(s, QUERY_MAX_LEN + 1, &q), QUERY_TOO_LONG,
	    "4097 bytes: too long");
	/* "a&a&...": 1000 parameters in 1999 bytes, then 1001. */
	for (i = 0; i < 2001; i++)
		s[i] = i % 2 ? '&' : 'a';
	is_int(query_parse(s, 1999, &q), QUERY_OK, "1000 parameters accepted");
	is_int(q.nparams, 1000, "and all are there");
	query_free(&q);
	is_int(query_parse(s, 2001, &q), QUERY_TOO_MANY, "1001 parameters refused");
	memset(s, '&', 3000);
	is_int(query_parse(s, 3000, &q), QUERY_OK, "3000 '&' are no parameters");
	is_int(q.nparams, 0, "none counted");
	query_free(&q);
	free(s);
}

int
main(void)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < sizeof gets / sizeof gets[0]; i++)
		get_is(gets[i].qs, gets[i].name, gets[i].want, gets[i].wantlen);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		count_is(counts[i].qs, counts[i].want);
	limits();

	for (i = 0; i < sizeof cleans / sizeof cleans[0]; i++) {
		buf_reset(&b);
		utf8_clean(&b, cleans[i].in, strlen(cleans[i].in));
		is_str(buf_cstr(&b), cleans[i].want, "utf8_clean -> %s",
		    cleans[i].want);
	}
	buf_free(&b);
	return tap_done();
}
