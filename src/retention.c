/* retention.c: the [retention] keys: ages, sizes, and their rule */
#include "config.h"

#include <string.h>

#include "num.h"
#include "retention.h"

/* One unit letter and what it multiplies by. */
struct unit {
	char	letter;
	int64_t	factor;
};

static const struct unit ages[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	{ 'w', 7 * 86400 }, { '\0', 0 }
};

static const struct unit sizes[] = {
	{ 'K', 1LL << 10 }, { 'M', 1LL << 20 }, { 'G', 1LL << 30 },
	{ 'T', 1LL << 40 }, { '\0', 0 }
};

/*
 * "0" or "" is 0; else digits then one letter of units, at most max
 * once multiplied.
 */
static int
parse_unit(const char *s, const struct unit *units, int64_t max,
    const char *nounit, int64_t *out, const char **why)
{
	size_t	len = strlen(s);
	int64_t	v;

	if (len == 0 || strcmp(s, "0") == 0) {
		*out = 0;
		return 0;
	}
	for (; units->letter != '\0'; units++)
		if (s[len - 1] == units->letter)
			break;
	if (units->letter == '\0') {
		*why = nounit;
		return -1;
	}
	if (num_parse(s, len - 1, 0, max / units->factor, &v, why) == -1)
		return -1;
	*out = v * units->factor;
	return 0;
}

int
retention_parse_age(const char *s, int64_t *out, const char **why)
{
	return parse_unit(s, ages, RETENTION_AGE_MAX,
	    "an age needs a unit: s, m, h, d or w", out, why);
}

int
retention_parse_size(const char *s, int64_t *out, const char **why)
{
	return parse_unit(s, sizes, RETENTION_SIZE_MAX,
	    "a size needs a unit: K, M, G or T", out, why);
}

int
retention_check(const struct retention *r, const char **why)
{
	if (r->hourly != 0 && (r->five_minute == 0 ||
	    r->hourly < r->five_minute)) {
		*why = "[retention] hourly is shorter than five_minute";
		return -1;
	}
	return 0;
}
