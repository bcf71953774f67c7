/* test_flowname.c: unit tests for flow file names and interval assignment */
#include "config.h"

#include <string.h>

#include "ingest/flowname.h"
#include "tap.h"

static void
name_ok(const char *name, int64_t ms, int gz, size_t stemlen)
{
	utc_us	t = 0;
	size_t	n = 0;
	int	g = -1;

	ok(flowname_parse(name, &t, &g, &n) == 0 && t == ms * 1000 &&
	    g == gz && n == stemlen, "name %s matches", name);
}

static void
name_bad(const char *name)
{
	utc_us	t;
	size_t	n;
	int	g;

	ok(flowname_parse(name, &t, &g, &n) == -1, "name \"%s\" is stray", name);
}

static void
assign(const char *what, utc_us t, utc_us want)
{
	char	a[UTC_ISO_LEN], b[UTC_ISO_LEN];

	utc_format_iso(flowname_interval(t), a);
	utc_format_iso(want, b);
	is_str(a, b, "%s -> %s", what, b);
}

int
main(void)
{
	utc_us	e = INT64_C(1626566700) * USEC_PER_SEC;	/* 2021-07-18T00:05Z */

	name_ok("ipflow_data.ts-1626566700000.1.txt", 1626566700000, 0, 34);
	name_ok("ipflow_data.ts-1626566700000.12.txt.gz", 1626566700000, 1, 35);
	name_ok("ipflow_data.ts-0.0.txt", 0, 0, 22);
	name_bad("README.txt");
	name_bad(".ipflow_data.ts-1626566700000.1.txt");
	name_bad("ipflow_data.ts-1626566700000.1.txt.tmp");
	name_bad("ipflow_data.ts-1626566700000.1.txt.part");
	name_bad("ipflow_data.ts-1626566700000.txt");
	name_bad("ipflow_data.ts-1626566700000..txt");
	name_bad("ipflow_data.ts--1626566700000.1.txt");
	name_bad("ipflow_data.ts-+1626566700000.1.txt");
	name_bad("ipflow_data.ts-1626566700000.1.TXT");
	name_bad("ipflow_data.ts-1626566700000.1.txt.gz.gz");
	name_bad("ipflow_data.ts-99999999999999999999.1.txt");
	name_bad("ipflow_data.ts-1626566700000.99999999999999999999.txt");

	assign("T = E", e, e);
	assign("T = E - 150 s", e - 150 * USEC_PER_SEC, e);
	assign("T = E - 150.001 s", e - 150 * USEC_PER_SEC - 1000, e - INTERVAL_US);
	assign("T = E + 149.999 s", e + 150 * USEC_PER_SEC - 1000, e);
	assign("T = E + 150 s", e + 150 * USEC_PER_SEC, e + INTERVAL_US);
	assign("T = E + 60 s (the original's window)", e + 60 * USEC_PER_SEC, e);
	assign("T = 0", 0, 0);
	assign("T = 149.999 s", 149999000, 0);

	is_int(interval_hour(e), e + 55 * USEC_PER_MIN, "00:05 is in hour 01:00");
	is_int(interval_hour(e + 55 * USEC_PER_MIN), e + 55 * USEC_PER_MIN,
	    "01:00 ends its own hour");
	is_int(interval_hour(e - 5 * USEC_PER_MIN), e - 5 * USEC_PER_MIN,
	    "00:00 ends its own hour");
	return tap_done();
}
