/* test_num.c: unit tests for the range-checked integer parser */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "tap.h"

static void
accept(const char *s, int64_t min, int64_t max, int64_t want)
{
	const char	*why = "unset";
	int64_t		 v = -42;
	int		 rc = num_parse_str(s, min, max, &v, &why);

	ok(rc == 0 && v == want && why == NULL, "\"%s\" in [%lld,%lld] -> %lld",
	    s, (long long)min, (long long)max, (long long)want);
}

static void
reject(const char *s, int64_t min, int64_t max, const char *reason)
{
	const char	*why = NULL;
	int64_t		 v = 0;
	int		 rc = num_parse_str(s, min, max, &v, &why);

	ok(rc == -1 && why != NULL && strcmp(why, reason) == 0,
	    "\"%s\" in [%lld,%lld] rejected: %s (got %s)", s, (long long)min,
	    (long long)max, reason, why ? why : "accepted");
}

/* num_format writes what printf does, and nothing past it. */
static void
check_format(void)
{
	static const int64_t edge[] = { 0, 1, -1, 9, 10, -10, 99, 100, -100,
	    101, 999, 1000, 12345, INT32_MAX, INT32_MIN, INT64_MAX,
	    INT64_MAX - 1, INT64_MIN, INT64_MIN + 1, 9999999999999999,
	    1000000000000000000 };
	char		 got[NUM_FORMAT_LEN + 2], want[32];
	uint64_t	 x = 88172645463325252u;
	size_t		 i, n, nedge = sizeof edge / sizeof edge[0];
	int		 same = 1, untouched = 1;
	int64_t		 v;

	for (i = 0; i < nedge + 100000; i++) {
		if (i < nedge)
			v = edge[i];
		else {	/* xorshift: every magnitude, both signs */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v = (int64_t)(x >> (x % 64));
			v = x & 1 ? v : -v;
		}
		memset(got, '#', sizeof got);
		n = num_format(v, got);
		snprintf(want, sizeof want, "%lld", (long long)v);
		if (n != strlen(want) || memcmp(got, want, n) != 0) {
			if (same)
				printf("# num_format(%s): \"%.*s\"\n", want,
				    (int)n, got);
			same = 0;
		}
		untouched &= n <= NUM_FORMAT_LEN && got[n] == '#' &&
		    got[NUM_FORMAT_LEN + 1] == '#';
	}
	ok(same, "num_format writes %zu values as printf does", i);
	ok(untouched, "num_format writes no more than its length");
}

int
main(void)
{
	int64_t		 v;
	const char	*why;

	accept("0", 0, 10, 0);
	accept("10", 0, 10, 10);
	accept("007", 0, 10, 7);
	accept("2147483647", 0, INT32_MAX, INT32_MAX);
	accept("9223372036854775807", 0, INT64_MAX, INT64_MAX);
	accept("-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN);
	accept("-5", -10, 10, -5);
	accept("999999999999999", 1, 999999999999999LL, 999999999999999LL);

	reject("", 0, 10, "empty");
	reject("-", -10, 10, "not a number");
	reject("11", 0, 10, "too large");
	reject("2147483648", 0, INT32_MAX, "too large");
	reject("9223372036854775808", 0, INT64_MAX, "too large");
	reject("99999999999999999999999", 0, INT64_MAX, "too large");
	reject("-9223372036854775809", INT64_MIN, INT64_MAX, "too small");
	reject("-1", 0, 10, "not a number");
	reject("-11", -10, 10, "too small");
	reject("0", 1, 10, "too small");
	reject(" 1", 0, 10, "not a number");
	reject("1 ", 0, 10, "not a number");
	reject("+1", 0, 10, "not a number");
	reject("0x10", 0, 100, "not a number");
	reject("1e3", 0, 10000, "not a number");
	reject("12a", 0, 1000, "not a number");

	/* Counted strings stop at len, whatever follows. */
	ok(num_parse("12345", 3, 0, 1000, &v, &why) == 0 && v == 123,
	    "num_parse reads only len bytes");
	ok(num_parse("1\0" "2", 3, 0, 1000, &v, &why) == -1,
	    "an embedded NUL is not a digit");

	check_format();
	return tap_done();
}
