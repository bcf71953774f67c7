/* test_cond.c: HTTP dates and conditional requests (If-None-Match, If-Modified-Since) */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fcgi/cond.h"
#include "fcgi/httpdate.h"
#include "tap.h"

#define ETAG	"\"7-42-00ff00ff00ff00ff\""
/* 1994-11-06T08:49:37Z */
#define T1994	INT64_C(784111777)

static void
parses(const char *s, int64_t want)
{
	int64_t	got = -1;

	ok(httpdate_parse(s, &got) == 0 && got == want,
	    "\"%s\" is %lld (got %lld)", s, (long long)want, (long long)got);
}

static void
refused(const char *s)
{
	int64_t	got;

	ok(httpdate_parse(s, &got) == -1, "\"%s\" is not an HTTP date", s);
}

static void
cond(const char *inm, const char *ims, int64_t modified, int want,
    const char *what)
{
	ok(cond_not_modified(inm, ims, ETAG, modified) == want, "%s: %s",
	    what, want ? "304" : "200");
}

int
main(void)
{
	char	buf[HTTPDATE_LEN];
	size_t	n;

	/* The three forms of RFC 9110 section 5.6.7. */
	parses("Sun, 06 Nov 1994 08:49:37 GMT", T1994);
	parses("Sunday, 06-Nov-94 08:49:37 GMT", T1994);
	parses("Sun Nov  6 08:49:37 1994", T1994);
	parses("Thu, 01 Jan 1970 00:00:00 GMT", 0);
	parses("Tuesday, 29-Feb-00 12:00:00 GMT", INT64_C(951825600));
	parses("Fri, 31 Dec 9999 23:59:59 GMT", INT64_C(253402300799));
	refused("");
	refused("Sun, 06 Nov 1994 08:49:37 UTC");
	refused("Sun, 06 Nov 1994 08:49:37");
	refused("Sun, 6 Nov 1994 08:49:37 GMT");
	refused("Sun, 31 Feb 1994 08:49:37 GMT");
	refused("Sun, 06 Nov 1994 24:00:00 GMT");
	refused("Sun, 06 Nov 1994 08:49:37 GMT ");
	refused("Xyz, 06 Nov 1994 08:49:37 GMT");
	refused("1994-11-06T08:49:37Z");
	refused("Sun Nov 6 08:49:37 1994");

	n = httpdate_format(T1994, buf);
	ok(n == 29 && strcmp(buf, "Sun, 06 Nov 1994 08:49:37 GMT") == 0,
	    "formatted: %s", buf);
	httpdate_format(0, buf);
	is_str(buf, "Thu, 01 Jan 1970 00:00:00 GMT", "the epoch");
	httpdate_format(INT64_C(1764417600), buf);
	is_str(buf, "Sat, 29 Nov 2025 12:00:00 GMT", "a Saturday");
	httpdate_format(-86400, buf);
	is_str(buf, "Wed, 31 Dec 1969 00:00:00 GMT", "before the epoch");

	cond(NULL, NULL, T1994, 0, "no condition");
	cond(ETAG, NULL, T1994, 1, "If-None-Match: the tag");
	cond("W/" ETAG, NULL, T1994, 1, "If-None-Match: the weak tag");
	cond("\"other\", " ETAG, NULL, T1994, 1, "If-None-Match: in a list");
	cond("\"other\"  ,W/\"x\" , " ETAG "  ", NULL, T1994, 1,
	    "If-None-Match: spaces around commas");
	cond("*", NULL, T1994, 1, "If-None-Match: *");
	cond(" * ", NULL, T1994, 1, "If-None-Match: * with spaces");
	cond("\"other\"", NULL, T1994, 0, "If-None-Match: another tag");
	cond("\"7-42-00ff00ff00ff00f\"", NULL, T1994, 0,
	    "If-None-Match: a tag one character short");
	cond(ETAG "x", NULL, T1994, 0, "If-None-Match: malformed");
	cond("", NULL, T1994, 0, "If-None-Match: empty");
	cond("\"other\"", "Sun, 06 Nov 1994 08:49:37 GMT", T1994, 0,
	    "If-None-Match wins over If-Modified-Since");
	cond(NULL, "Sun, 06 Nov 1994 08:49:37 GMT", T1994, 1,
	    "If-Modified-Since: the same second");
	cond(NULL, "Sun, 06 Nov 1994 08:49:38 GMT", T1994, 1,
	    "If-Modified-Since: later");
	cond(NULL, "Sun, 06 Nov 1994 08:49:36 GMT", T1994, 0,
	    "If-Modified-Since: earlier");
	cond(NULL, "yesterday", T1994, 0, "If-Modified-Since: not a date");
	return tap_done();
}
