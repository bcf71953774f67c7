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

/* Values accepted (needle NULL), or refused with a word of why. */
static const struct {
	parser		 parse;
	const char	*s;
	int64_t		 want;
	const char	*needle;
} cases[] = {
	{ retention_parse_age, "", 0, NULL },
	{ retention_parse_age, "0", 0, NULL },
	{ retention_parse_age, "30s", 30, NULL },
	{ retention_parse_age, "5m", 300, NULL },
	{ retention_parse_age, "36h", 129600, NULL },
	{ retention_parse_age, "1d", 86400, NULL },
	{ retention_parse_age, "90d", 7776000, NULL },
	{ retention_parse_age, "2w", 1209600, NULL },
	{ retention_parse_age, "0d", 0, NULL },
	{ retention_parse_age, "36600d", RETENTION_AGE_MAX, NULL },
	{ retention_parse_size, "", 0, NULL },
	{ retention_parse_size, "0", 0, NULL },
	{ retention_parse_size, "1K", 1024, NULL },
	{ retention_parse_size, "3M", 3 << 20, NULL },
	{ retention_parse_size, "50G", 50LL << 30, NULL },
	{ retention_parse_size, "2T", 2LL << 40, NULL },
	{ retention_parse_size, "1048576T", RETENTION_SIZE_MAX, NULL },
	{ retention_parse_age, "7", 0, "unit" },
	{ retention_parse_age, "7D", 0, "unit" },
	{ retention_parse_age, "d", 0, "empty" },
	{ retention_parse_age, "-1d", 0, "not a number" },
	{ retention_parse_age, "1.5d", 0, "not a number" },
	{ retention_parse_age, " 1d", 0, "not a number" },
	{ retention_parse_age, "36601d", 0, "too large" },
	{ retention_parse_age, "99999999999999999999w", 0, "too large" },
	{ retention_parse_size, "50", 0, "unit" },
	{ retention_parse_size, "50g", 0, "unit" },
	{ retention_parse_size, "50GB", 0, "unit" },
	{ retention_parse_size, "1048577T", 0, "too large" },
	{ retention_parse_size, "0x10K", 0, "not a number" },
};

int
main(void)
{
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].needle != NULL)
			bad(cases[i].parse, cases[i].s, cases[i].needle);
		else
			good(cases[i].parse, cases[i].s, cases[i].want,
			    cases[i].parse == retention_parse_age ? "s" : "bytes");
	}
	rule(0, 0, 0);
	rule(90 * 86400, 0, 0);
	rule(90 * 86400, 400 * 86400, 0);
	rule(86400, 86400, 0);
	rule(0, 400 * 86400, -1);
	rule(90 * 86400, 30 * 86400, -1);
	return tap_done();
}
