/* flowname.c: flow file names and the interval a file belongs to */
#include "config.h"

#include <string.h>

#include "flowname.h"
#include "num.h"

#define PREFIX	"ipflow_data.ts-"

/* Length of the run of decimal digits at s. */
static size_t
digits(const char *s)
{
	size_t	n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

int
flowname_parse(const char *name, utc_us *t, int *gz, size_t *stemlen)
{
	const char	*p, *why;
	size_t		 nt, nn;
	int64_t		 ms, fileno;

	if (strncmp(name, PREFIX, sizeof PREFIX - 1) != 0)
		return -1;
	p = name + sizeof PREFIX - 1;
	if ((nt = digits(p)) == 0 || p[nt] != '.' ||
	    num_parse(p, nt, 0,
	    (UTC_MAX_US - USEC_PER_DAY) / USEC_PER_MSEC, &ms, &why) == -1)
		return -1;
	p += nt + 1;
	if ((nn = digits(p)) == 0 ||
	    num_parse(p, nn, 0, INT64_MAX, &fileno, &why) == -1)
		return -1;
	p += nn;
	if (strcmp(p, ".txt") == 0)
		*gz = 0;
	else if (strcmp(p, ".txt.gz") == 0)
		*gz = 1;
	else
		return -1;
	*t = ms * USEC_PER_MSEC;
	*stemlen = (size_t)(p - name) + 4;
	return 0;
}

utc_us
flowname_interval(utc_us t)
{
	return utc_floor(t + HALF_INTERVAL_US, INTERVAL_US);
}

utc_us
interval_hour(utc_us e)
{
	return utc_ceil(e, USEC_PER_HOUR);
}
