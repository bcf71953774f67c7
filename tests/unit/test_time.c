/* test_time.c: unit tests for UTC calendar arithmetic and --now parsing */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "tap.h"
#include "utctime.h"

static void
iso_is(utc_us t, const char *want)
{
	char	buf[UTC_ISO_LEN];

	utc_format_iso(t, buf);
	is_str(buf, want, "iso(%lld) = %s", (long long)t, want);
}

static void
now_ok(const char *s, utc_us want)
{
	const char	*why = NULL;
	utc_us		 t = 0;

	ok(datetime_parse_now(s, &t, &why) == 0 && t == want,
	    "--now %s -> %lld (got %lld%s%s)", s, (long long)want,
	    (long long)t, why ? ", " : "", why ? why : "");
}

static void
now_bad(const char *s)
{
	const char	*why = NULL;
	utc_us		 t;

	ok(datetime_parse_now(s, &t, &why) == -1 && why != NULL,
	    "--now \"%s\" rejected", s);
}

static void
roundtrip(int y, int mo, int d, int h, int mi, int s, int us)
{
	struct utc_fields f = { y, mo, d, h, mi, s, us }, g;
	utc_us	t;

	ok(utc_from_fields(&f, &t) == 0, "%04d-%02d-%02d valid", y, mo, d);
	utc_to_fields(t, &g);
	ok(memcmp(&f, &g, sizeof f) == 0, "%04d-%02d-%02dT%02d:%02d:%02d.%06d"
	    " round-trips", y, mo, d, h, mi, s, us);
}

/* utc_range over an array of structs sorted by a time member. */
static void
ranges(void)
{
	struct ev { int id; utc_us t; } v[] = {
		{ 1, 10 }, { 2, 20 }, { 3, 20 }, { 4, 20 }, { 5, 40 }
	};
	size_t	n = sizeof v / sizeof v[0], i, c;

	i = utc_range(v, n, sizeof v[0], offsetof(struct ev, t), 20, &c);
	ok(i == 1 && c == 3, "utc_range: the first at t and how many (3)");
	i = utc_range(v, n, sizeof v[0], offsetof(struct ev, t), 30, &c);
	ok(i == 4 && c == 0, "utc_range: none at t, the next one's index");
	i = utc_range(v, n, sizeof v[0], offsetof(struct ev, t), 50, &c);
	ok(i == n && c == 0, "utc_range: after the last: n");
	i = utc_range(v, n, sizeof v[0], offsetof(struct ev, t), 5, &c);
	ok(i == 0 && c == 0, "utc_range: before the first: 0");
	i = utc_range(v, 0, sizeof v[0], offsetof(struct ev, t), 10, &c);
	ok(i == 0 && c == 0, "utc_range: an empty array");
}

int
main(void)
{
	struct utc_fields f = { 2021, 7, 18, 0, 5, 0, 0 };
	utc_us	t;

	/* The original's sample file name: 1626566700000 ms. */
	ok(utc_from_fields(&f, &t) == 0 && t == INT64_C(1626566700000) * 1000,
	    "2021-07-18T00:05:00Z is 1626566700000 ms");
	iso_is(INT64_C(1626566700000) * 1000, "2021-07-18T00:05:00Z");
	iso_is(INT64_C(1626566700000) * 1000 + 250000, "2021-07-18T00:05:00.250000Z");
	iso_is(0, "1970-01-01T00:00:00Z");
	iso_is(-1, "1969-12-31T23:59:59.999999Z");
	iso_is(UTC_MIN_US, "0001-01-01T00:00:00Z");
	iso_is(UTC_MAX_US, "9999-12-31T23:59:59.999999Z");

	roundtrip(2000, 2, 29, 12, 0, 0, 0);
	roundtrip(1, 1, 1, 0, 0, 0, 0);
	roundtrip(9999, 12, 31, 23, 59, 59, 999999);
	roundtrip(1969, 12, 31, 23, 59, 59, 1);
	roundtrip(2024, 12, 31, 0, 0, 0, 0);

	ok(utc_valid_date(2024, 2, 29), "2024-02-29 is a date");
	ok(!utc_valid_date(2023, 2, 29), "2023-02-29 is not");
	ok(!utc_valid_date(1900, 2, 29), "1900-02-29 is not");
	ok(utc_valid_date(2000, 2, 29), "2000-02-29 is");
	ok(!utc_valid_date(2021, 4, 31), "2021-04-31 is not");
	ok(!utc_valid_date(0, 1, 1), "year 0 is not");
	ok(!utc_valid_date(10000, 1, 1), "year 10000 is not");
	ok(!utc_valid_date(2021, 13, 1), "month 13 is not");
	ok(!utc_valid_date(2021, 0, 1), "month 0 is not");
	f.hour = 24;
	ok(utc_from_fields(&f, &t) == -1, "hour 24 rejected");

	ok(utc_floor(-1, USEC_PER_MIN * 5) == -USEC_PER_MIN * 5,
	    "floor of negative times goes down");
	ok(utc_floor(USEC_PER_MIN * 7, USEC_PER_MIN * 5) == USEC_PER_MIN * 5,
	    "floor of 7 min to 5 min");
	ok(utc_ceil(USEC_PER_MIN * 7, USEC_PER_MIN * 5) == USEC_PER_MIN * 10 &&
	    utc_ceil(USEC_PER_MIN * 5, USEC_PER_MIN * 5) == USEC_PER_MIN * 5,
	    "ceil of 7 min to 5 min is 10, of 5 min 5");
	ok(utc_ceil(-1, USEC_PER_MIN * 5) == 0 &&
	    utc_ceil(-USEC_PER_MIN * 6, USEC_PER_MIN * 5) == -USEC_PER_MIN * 5,
	    "ceil of negative times goes up");

	now_ok("1626566700", INT64_C(1626566700) * USEC_PER_SEC);
	now_ok("0", 0);
	now_ok("2021-07-18T00:05", INT64_C(1626566700) * USEC_PER_SEC);
	now_ok("2021-07-18T00:05:00Z", INT64_C(1626566700) * USEC_PER_SEC);
	now_ok("2021-07-18T00:05:00.5", INT64_C(1626566700500000));
	now_ok("2021-07-18T00:05:00.123Z", INT64_C(1626566700123000));
	now_ok("2021-07-18T02:05:00+02:00", INT64_C(1626566700) * USEC_PER_SEC);
	now_ok("2021-07-17T23:05:00-01:00", INT64_C(1626566700) * USEC_PER_SEC);
	/* Every form of the API's filters (datetime_parse) too. */
	now_ok("2021-07-18", INT64_C(1626566400) * USEC_PER_SEC);
	now_ok("2021-07-18 00:05", INT64_C(1626566700) * USEC_PER_SEC);
	now_bad("");
	now_bad("-5");
	now_bad("12abc");
	now_bad("2021-02-29T00:00");
	now_bad("2021-07-18T24:00");
	now_bad("2021-07-18T00:05:00+24:00");
	now_bad("2021-07-18T00:05:00Zjunk");
	now_bad("2021-07-18T00:05:00.");
	now_bad("99999999999999999999");

	/* Nothing depends on the process time zone. */
	setenv("TZ", "Asia/Kolkata", 1);
	iso_is(INT64_C(1626566700000) * 1000, "2021-07-18T00:05:00Z");
	now_ok("2021-07-18T00:05", INT64_C(1626566700) * USEC_PER_SEC);
	ranges();
	return tap_done();
}
