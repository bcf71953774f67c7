/* test_retention.c: unit tests for the [retention] ages and sizes */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "retention.h"
#include "tap.h"

typedef int (*parser)(const char *, int64_t *, const char **);

/* s parses to want (unit: what the number counts). */
static void
good(parser parse, const char *s, int64_t want, const char *unit)
{
	const char	*why = "";
	int64_t		 v = -1;
	int		 rc = parse(s, &v, &why);

	ok(rc == 0 && v == want, "\"%s\" is %lld %s (got %lld, %s)", s,
	    (long long)want, unit, (long long)v, why);
}

static void
bad(parser parse, const char *s, const char *needle)
{
	const char	*why = "";
	int64_t		 v = 7;
	int		 rc = parse(s, &v, &why);

	ok(rc == -1 && strstr(why, needle) != NULL && v == 7,
	    "\"%s\" is refused: %s", s, why);
}

static void
rule(int64_t five, int64_t hourly, int want)
{
	struct retention r = { 0, 0, five, hourly };
	const char	*why = "";

	is_int(retention_check(&r, &why), want,
	    "five_minute %lld, hourly %lld: %s", (long long)five,
	    (long long)hourly, want == 0 ? "accepted" : why);
}

/* A value accepted as want (needle NULL), or refused with a word of why. */
struct value_case {
	const char	*s;
	int64_t		 want;
	const char	*needle;
};

/* [retention] ages: flow_files, five_minute, hourly. */
static const struct value_case ages[] = {
	{ "", 0, NULL },
	{ "0", 0, NULL },
	{ "30s", 30, NULL },
	{ "5m", 300, NULL },
	{ "36h", 129600, NULL },
	{ "1d", 86400, NULL },
	{ "90d", 7776000, NULL },
	{ "2w", 1209600, NULL },
	{ "0d", 0, NULL },
	{ "36600d", RETENTION_AGE_MAX, NULL },
	{ "7", 0, "unit" },
	{ "7D", 0, "unit" },
	{ "d", 0, "empty" },
	{ "-1d", 0, "not a number" },
	{ "1.5d", 0, "not a number" },
	{ " 1d", 0, "not a number" },
	{ "36601d", 0, "too large" },
	{ "99999999999999999999w", 0, "too large" },
};

/* [retention] sizes: flow_files_size. */
static const struct value_case sizes[] = {
	{ "", 0, NULL },
	{ "0", 0, NULL },
	{ "1K", 1024, NULL },
	{ "3M", 3 << 20, NULL },
	{ "50G", 50LL << 30, NULL },
	{ "2T", 2LL << 40, NULL },
	{ "1048576T", RETENTION_SIZE_MAX, NULL },
	{ "50", 0, "unit" },
	{ "50g", 0, "unit" },
	{ "50GB", 0, "unit" },
	{ "1048577T", 0, "too large" },
	{ "0x10K", 0, "not a number" },
};

/* The cases of one parser; unit: what its numbers count. */
static void
values(parser parse, const struct value_case *c, size_t n, const char *unit)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (c[i].needle != NULL)
			bad(parse, c[i].s, c[i].needle);
		else
			good(parse, c[i].s, c[i].want, unit);
	}
}

int
main(void)
{
	values(retention_parse_age, ages, sizeof ages / sizeof ages[0], "s");
	values(retention_parse_size, sizes, sizeof sizes / sizeof sizes[0],
	    "bytes");
	rule(0, 0, 0);
	rule(90 * 86400, 0, 0);
	rule(90 * 86400, 400 * 86400, 0);
	rule(86400, 86400, 0);
	rule(0, 400 * 86400, -1);
	rule(90 * 86400, 30 * 86400, -1);
	return tap_done();
}
