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

#define age(s, want)	good(retention_parse_age, (s), (want), "s")
#define size(s, want)	good(retention_parse_size, (s), (want), "bytes")

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

/* Values refused, and a word of why. */
static const struct {
	parser		 parse;
	const char	*s, *needle;
} refused[] = {
	{ retention_parse_age, "7", "unit" },
	{ retention_parse_age, "7D", "unit" },
	{ retention_parse_age, "d", "empty" },
	{ retention_parse_age, "-1d", "not a number" },
	{ retention_parse_age, "1.5d", "not a number" },
	{ retention_parse_age, " 1d", "not a number" },
	{ retention_parse_age, "36601d", "too large" },
	{ retention_parse_age, "99999999999999999999w", "too large" },
	{ retention_parse_size, "50", "unit" },
	{ retention_parse_size, "50g", "unit" },
	{ retention_parse_size, "50GB", "unit" },
	{ retention_parse_size, "1048577T", "too large" },
	{ retention_parse_size, "0x10K", "not a number" },
};

int
main(void)
{
	size_t	i;

	age("", 0);
	age("0", 0);
	age("30s", 30);
	age("5m", 300);
	age("36h", 129600);
	age("1d", 86400);
	age("90d", 7776000);
	age("2w", 1209600);
	age("0d", 0);
	age("36600d", RETENTION_AGE_MAX);
	size("", 0);
	size("0", 0);
	size("1K", 1024);
	size("3M", 3 << 20);
	size("50G", 50LL << 30);
	size("2T", 2LL << 40);
	size("1048576T", RETENTION_SIZE_MAX);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		bad(refused[i].parse, refused[i].s, refused[i].needle);
	rule(0, 0, 0);
	rule(90 * 86400, 0, 0);
	rule(90 * 86400, 400 * 86400, 0);
	rule(86400, 86400, 0);
	rule(0, 400 * 86400, -1);
	rule(90 * 86400, 30 * 86400, -1);
	return tap_done();
}
