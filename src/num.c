/* num.c: range-checked decimal integer parsing (strtonum-style) */
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

int
num_parse(const char *s, size_t len, int64_t min, int64_t max, int64_t *out,
    const char **errstr)
{
	uint64_t	 v = 0, limit;
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
	/* Magnitude limit: |INT64_MIN| for negatives, INT64_MAX otherwise. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
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
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;

		if (r < min) {
			*errstr = "too small";
			return -1;
		}
		*out = r;
		return 0;
	}
	if ((int64_t)v > max) {
		*errstr = "too large";
		return -1;
	}
	if ((int64_t)v < min) {
		*errstr = "too small";
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

int
num_parse_str(const char *s, int64_t min, int64_t max, int64_t *out,
    const char **errstr)
{
	return num_parse(s, strlen(s), min, max, out, errstr);
}
