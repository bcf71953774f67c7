/* test_csvout.c: CSV fields, header rows and KPI rows as the API writes them */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fcgi/csvout.h"
#include "rowtime.h"
#include "tap.h"

/* A field as it is given, and as RFC 4180 wants it written. */
static const struct {
	const char	*in, *want;
} field_cases[] = {
	{ "service_id", "service_id" },
	{ "", "" },
	{ "a,b", "\"a,b\"" },
	{ "inter\"net", "\"inter\"\"net\"" },
	{ "\"", "\"\"\"\"" },
	{ "two\r\nlines", "\"two\r\nlines\"" },
	{ "line\n", "\"line\n\"" },
	{ " lead", "\" lead\"" },
	{ "trail ", "\"trail \"" },
	{ "in side", "in side" },
	{ "tab\t", "tab\t" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
};

static void
fields(void)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
		buf_reset(&b);
		csvout_field(&b, field_cases[i].in, strlen(field_cases[i].in));
		is_str(buf_cstr(&b), field_cases[i].want,
		    "field \"%s\" written as %s", field_cases[i].in,
		    field_cases[i].want);
	}
	buf_free(&b);
}

static void
header(void)
{
	const char *names[] = { "id", "a,b", "c" };
	struct buf	b = BUF_INIT;

	csvout_header(&b, names, 3);
	is_str(buf_cstr(&b), "id,\"a,b\",c\r\n", "a header row, CRLF");
	buf_reset(&b);
	csvout_header(&b, names, 1);
	is_str(buf_cstr(&b), "id\r\n", "one name");
	buf_free(&b);
}

static const char *
row_text(const struct kpi_fetched *f, char *out)
{
	struct kpi_row	r;
	size_t		n;

	row_pack(&r, f);
	n = csvout_kpi_row(out, &r);
	out[n] = '\0';
	return out;
}

static void
rows(void)
{
	struct kpi_fetched f;
	char		 out[CSV_ROW_MAX + 1];

	memset(&f, 0, sizeof f);
	f.id = 7;
	f.interval = 1;
	f.key = 14;
	f.value = 123456;
	set_time(&f.start, 2021, 7, 18, 0, 0, 0, 0);
	set_time(&f.end, 2021, 7, 18, 0, 5, 0, 0);
	is_str(row_text(&f, out),
	    "7,2021-07-18T00:00:00Z,2021-07-18T00:05:00Z,1,14,123456\r\n",
	    "a row in the JSON's key order, datetimes as in the JSON");
	f.id = INT64_MAX;
	f.interval = 2;
	f.key = 2147483647;
	f.value = INT64_MIN;
	set_time(&f.start, 9999, 12, 31, 22, 59, 59, 999999);
	set_time(&f.end, 9999, 12, 31, 23, 59, 59, 1);
	is_str(row_text(&f, out),
	    "9223372036854775807,9999-12-31T22:59:59.999999Z,"
	    "9999-12-31T23:59:59.000001Z,2,2147483647,-9223372036854775808\r\n",
	    "the longest row fits, microseconds as in the JSON");
	ok(strlen(out) <= CSV_ROW_MAX, "within CSV_ROW_MAX");
	out[csvout_pair(out, 3, 0)] = '\0';
	is_str(out, "3,0\r\n", "a key and its value");
}

int
main(void)
{
	fields();
	header();
	rows();
	return tap_done();
}
