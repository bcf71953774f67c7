/* num.c: decimal integers, parsed range-checked (strtonum-style) and written */
#include "config.h"

#include <string.h>

#include "num.h"

/* Store v when it is within [min, max]. */
static int
num_range(int64_t v, int64_t min, int64_t max, int64_t *out,
    const char **errstr)
{
	if (v > max) {
		*errstr = "too large";
		return -1;
	}
	if (v < min) {
		*errstr = "too small";
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The digits s[0..len) of a number of more than 18 digits (negative
 * when neg), checked for overflow digit by digit.
 */
static int
num_long(const char *s, size_t len, int neg, int64_t min, int64_t max,
    int64_t *out, const char **errstr)
{
	/* Magnitude limit: |INT64_MIN| for negatives, INT64_MAX otherwise. */
	uint64_t	v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 :
			    (uint64_t)INT64_MAX;
	size_t		i;

	for (i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9) {
			*errstr = "not a number";
			return -1;
		}
		if (v > (limit - d) / 10) {
			*errstr = neg ? "too small" : "too large";
			return -1;
		}
		v = v * 10 + d;
	}
	if (neg)
		return num_range(v == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)v, min, max, out, errstr);
	return num_range((int64_t)v, min, max, out, errstr);
}

int
num_parse(const char *s, size_t len, int64_t min, int64_t max, int64_t *out,
    const char **errstr)
{
	uint64_t	 v = 0;
	size_t		 i = 0;
	int		 neg = 0;

	*errstr = NULL;
	if (len > 0 && s[0] == '-' && min < 0) {
		neg = 1;
		i = 1;
	}
	if (i == len) {
		*errstr = len == 0 ? "empty" : "not a number";
		return -1;
	}
	/* Up to 18 digits cannot overflow: no check per digit (flow files). */
	if (len - i <= 18) {
		for (; i < len; i++) {
			unsigned d = (unsigned char)s[i] - '0';

			if (d > 9) {
				*errstr = "not a number";
				return -1;
			}
			v = v * 10 + d;
		}
		return num_range(neg ? -(int64_t)v : (int64_t)v, min, max, out,
		    errstr);
	}
	return num_long(s + i, len - i, neg, min, max, out, errstr);
}

int
num_parse_str(const char *s, int64_t min, int64_t max, int64_t *out,
    const char **errstr)
{
	return num_parse(s, strlen(s), min, max, out, errstr);
}

static const char digit_pairs[] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t
num_format(int64_t v, char *buf)
{
	static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000, 10000000000u,
	    100000000000u, 1000000000000u, 10000000000000u,
	    100000000000000u, 1000000000000000u, 10000000000000000u,
	    100000000000000000u, 1000000000000000000u,
	    10000000000000000000u };
	uint64_t	 u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t		 digits = 1, len;
	char		*p;

	while (digits < sizeof pow10 / sizeof pow10[0] && u >= pow10[digits])
		digits++;
	len = (v < 0) + digits;
	if (v < 0)
		buf[0] = '-';
	/* Two digits at a time, from the right, in place. */
	p = buf + len;
	while (u >= 100) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10)
		memcpy(p - 2, digit_pairs + 2 * u, 2);
	else
		p[-1] = (char)('0' + u);
	return len;
}
