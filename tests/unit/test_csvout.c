/* test_csvout.c: CSV fields, header rows and KPI rows as the API writes them */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fcgi/csvout.h"
#include "rowtime.h"
#include "tap.h"

static void
field_is(const char *in, size_t n, const char *want)
{
	struct buf	b = BUF_INIT;

	csvout_field(&b, in, n);
	is_str(buf_cstr(&b), want, "field \"%s\" written as %s", in, want);
	buf_free(&b);
}

static void
fields(void)
{
	field_is("service_id", 10, "service_id");
	field_is("", 0, "");
	field_is("a,b", 3, "\"a,b\"");
	field_is("inter\"net", 9, "\"inter\"\"net\"");
	field_is("\"", 1, "\"\"\"\"");
	field_is("two\r\nlines", 10, "\"two\r\nlines\"");
	field_is("line\n", 5, "\"line\n\"");
	field_is(" lead", 5, "\" lead\"");
	field_is("trail ", 6, "\"trail \"");
	field_is("in side", 7, "in side");
	field_is("tab\t", 4, "tab\t");
	field_is("caf\xc3\xa9", 5, "caf\xc3\xa9");
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
