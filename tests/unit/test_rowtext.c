/* test_rowtext.c: a KPI row's JSON object as the API writes it */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fcgi/rowtext.h"
#include "kpi.h"
#include "rowtime.h"
#include "tap.h"

/* Letters, digits and underscores: a JSON key as it is. */
static int
plain_name(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* The fetched row f packed and written by t. */
static size_t
put(struct rowtext *t, const struct kpi_fetched *f)
{
	struct kpi_row	r;

	row_pack(&r, f);
	return rowtext_put(t, &r);
}

/* row's text for KPI id, as a C string in out. */
static const char *
text(int id, const struct kpi_fetched *row, char *out, size_t size)
{
	struct rowtext	t;
	size_t		n;

	rowtext_init(&t, kpi_by_id(id));
	n = put(&t, row);
	snprintf(out, size, "%.*s", (int)n, t.text);
	rowtext_free(&t);
	return out;
}

int
main(void)
{
	struct kpi_fetched r;
	struct rowtext	t;
	char		out[1024], first[512];
	size_t		i, n;
	int		plain, same;

	/* rowtext writes the key and value columns' names unescaped. */
	for (i = 0, plain = 1; i < kpi_registry_len; i++)
		plain &= plain_name(kpi_registry[i].key) &&
		    plain_name(kpi_registry[i].value);
	ok(plain && kpi_registry_len > 0,
	    "every KPI's column names are plain JSON keys");

	memset(&r, 0, sizeof r);
	r.id = 1;
	set_time(&r.start, 2021, 7, 18, 0, 0, 0, 0);
	set_time(&r.end, 2021, 7, 18, 0, 5, 0, 0);
	r.interval = 1;
	r.key = 3;
	r.value = 123456;
	is_str(text(1, &r, out, sizeof out),
	    "{\"id\":1,\"interval_start_timestamp\":\"2021-07-18T00:00:00Z\","
	    "\"interval_end_timestamp\":\"2021-07-18T00:05:00Z\","
	    "\"interval\":1,\"service_id\":3,\"total_bytes\":123456}",
	    "a five-minute row of KPI 1");
	is_str(text(2, &r, out, sizeof out),
	    "{\"id\":1,\"interval_start_timestamp\":\"2021-07-18T00:00:00Z\","
	    "\"interval_end_timestamp\":\"2021-07-18T00:05:00Z\","
	    "\"interval\":1,\"cell_id\":3,\"number_of_unique_users\":123456}",
	    "the same row of KPI 2: its own column names");

	/* Microseconds only when there are some, always six digits. */
	set_time(&r.start, 1, 1, 1, 23, 59, 59, 1);
	set_time(&r.end, 9999, 12, 31, 9, 8, 7, 999999);
	r.id = INT64_MAX;
	r.interval = -32768;
	r.key = INT64_MIN;
	r.value = 0;
	is_str(text(1, &r, out, sizeof out),
	    "{\"id\":9223372036854775807,"
	    "\"interval_start_timestamp\":\"0001-01-01T23:59:59.000001Z\","
	    "\"interval_end_timestamp\":\"9999-12-31T09:08:07.999999Z\","
	    "\"interval\":-32768,\"service_id\":-9223372036854775808,"
	    "\"total_bytes\":0}",
	    "extremes: the longest numbers and times");
	set_time(&r.start, 2026, 10, 1, 0, 0, 0, 120000);
	r.id = 10;
	r.value = -1;
	is_str(text(1, &r, out, sizeof out),
	    "{\"id\":10,"
	    "\"interval_start_timestamp\":\"2026-10-01T00:00:00.120000Z\","
	    "\"interval_end_timestamp\":\"9999-12-31T09:08:07.999999Z\","
	    "\"interval\":-32768,\"service_id\":-9223372036854775808,"
	    "\"total_bytes\":-1}",
	    "trailing zeros of the microseconds are kept");

	/* One rowtext for many rows: each text is the row's alone. */
	rowtext_init(&t, kpi_by_id(2));
	r.id = 7;
	n = put(&t, &r);
	snprintf(first, sizeof first, "%.*s", (int)n, t.text);
	r.id = 8;
	r.key = 1;
	r.value = 2;
	set_time(&r.end, 2026, 10, 1, 0, 5, 0, 0);
	n = put(&t, &r);
	snprintf(out, sizeof out, "%.*s", (int)n, t.text);
	is_str(out, "{\"id\":8,"
	    "\"interval_start_timestamp\":\"2026-10-01T00:00:00.120000Z\","
	    "\"interval_end_timestamp\":\"2026-10-01T00:05:00Z\","
	    "\"interval\":-32768,\"cell_id\":1,\"number_of_unique_users\":2}",
	    "a shorter row after a longer one");
	ok(strncmp(first, "{\"id\":7,", 8) == 0 && first[strlen(first) - 1] ==
	    '}', "the longer row was whole");
	rowtext_free(&t);
	ok(t.text == NULL, "rowtext_free lets its text go");

	/*
	 * A rowtext keeps the last start and end text: a row whose times
	 * differ in any one field, or that repeats the last times, gets
	 * the text a fresh rowtext writes.
	 */
	rowtext_init(&t, kpi_by_id(1));
	for (i = 0, same = 0; i < 2 * 8; i++) {
		set_time(&r.start, 2026, 10, 1, 0, 0, 0, 0);
		set_time(&r.end, 2026, 10, 1, 0, 5, 0, 0);
		switch (i / 2) {
		case 0: r.start.year++; break;
		case 1: r.start.month++; r.end.month++; break;
		case 2: r.start.day++; break;
		case 3: r.end.hour++; break;
		case 4: r.start.minute++; r.end.minute++; break;
		case 5: r.end.second++; break;
		case 6: r.start.second_part++; break;
		default: break;		/* the first times again */
		}
		r.id = (int64_t)i;
		n = put(&t, &r);
		snprintf(first, sizeof first, "%.*s", (int)n, t.text);
		same += strcmp(first, text(1, &r, out, sizeof out)) == 0;
	}
	is_int(same, 16, "rows changing one time field in turn, each twice:"
	    " the texts of fresh rowtexts");
	rowtext_free(&t);

	/* Every KPI's longest row fits its text (ASan checks the bytes). */
	for (i = 0; i < kpi_registry_len; i++) {
		set_time(&r.start, 9999, 12, 31, 23, 59, 59, 999999);
		r.end = r.start;
		r.id = r.key = r.value = INT64_MIN;
		r.interval = INT32_MIN;	/* a row keeps 32 bits of it */
		rowtext_init(&t, &kpi_registry[i]);
		n = put(&t, &r);
		ok(n > 0 && t.text[0] == '{' && t.text[n - 1] == '}',
		    "KPI %d: the longest row is written whole (%zu bytes)",
		    kpi_registry[i].id, n);
		rowtext_free(&t);
	}
	return tap_done();
}
