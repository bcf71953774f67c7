/* test_rowbin.c: KPI rows decoded from binary-protocol rows as the server sends them */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fcgi/rowbin.h"
#include "tap.h"

/* Run the callback over the n columns at row; returns the bytes read. */
static size_t
decode(struct rowbin *b, unsigned n, unsigned char *row)
{
	unsigned char	*p = row;
	unsigned	 i;

	rowbin_begin(b);
	for (i = 0; i < n; i++)
		rowbin_column(b, i, &p);
	return (size_t)(p - row);
}

/* The layout of the API's SELECT: id, start, end, interval, key, value. */
static void
setup(struct rowbin *b, struct kpi_row *out, enum rowbin_kind value)
{
	static const unsigned char role[] = { ROWBIN_ID, ROWBIN_START,
	    ROWBIN_END, ROWBIN_INTERVAL, ROWBIN_KEY, ROWBIN_VALUE };
	const unsigned char kind[] = { ROWBIN_I64, ROWBIN_TIME, ROWBIN_TIME,
	    ROWBIN_I16, ROWBIN_I32, (unsigned char)value };

	memset(b, 0, sizeof *b);
	memset(out, 0, sizeof *out);
	memcpy(b->role, role, sizeof role);
	memcpy(b->kind, kind, sizeof kind);
	b->ncols = 6;
	b->out = out;
}

int
main(void)
{
	/* id 16069; 2026-10-18 04:00:00; 2021-07-18 00:05:00.000017;
	   interval 2; key -3; value 2^40 + 5. */
	unsigned char row[] = {
	    0xc5, 0x3e, 0, 0, 0, 0, 0, 0,
	    7, 0xea, 0x07, 10, 18, 4, 0, 0,
	    11, 0xe5, 0x07, 7, 18, 0, 5, 0, 17, 0, 0, 0,
	    2, 0,
	    0xfd, 0xff, 0xff, 0xff,
	    5, 0, 0, 0, 0, 1, 0, 0 };
	/* Shorter times: a date alone, and the zero date. */
	unsigned char dates[] = { 4, 0xe5, 0x07, 12, 31, 0 };
	/* Unsigned and small integers. */
	unsigned char ints[] = { 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct rowbin	 b;
	struct kpi_row	 r;

	setup(&b, &r, ROWBIN_I64);
	is_int(decode(&b, 6, row), sizeof row, "a row read to its end");
	is_int(rowbin_end(&b), 1, "decoded");
	is_int(r.id, 16069, "id");
	ok(r.start.year == 2026 && r.start.month == 10 && r.start.day == 18 &&
	    r.start.hour == 4 && r.start.minute == 0 && r.start.second == 0 &&
	    r.start.usec == 0, "a datetime of 7 bytes");
	ok(r.end.year == 2021 && r.end.month == 7 && r.end.day == 18 &&
	    r.end.hour == 0 && r.end.minute == 5 && r.end.second == 0 &&
	    r.end.usec == 17, "a datetime of 11 bytes (microseconds)");
	is_int(r.interval, 2, "interval");
	is_int(r.key, -3, "a negative INT");
	is_int(r.value, (INT64_C(1) << 40) + 5, "a BIGINT");

	setup(&b, &r, ROWBIN_I64);
	b.role[0] = ROWBIN_START;
	b.role[1] = ROWBIN_END;
	b.kind[0] = b.kind[1] = ROWBIN_TIME;
	b.ncols = 2;
	r.end.hour = 9;
	is_int(decode(&b, 2, dates), sizeof dates, "a date and a zero date");
	ok(r.start.year == 2021 && r.start.month == 12 && r.start.day == 31 &&
	    r.start.hour == 0, "a date of 4 bytes");
	ok(r.end.year == 0 && r.end.month == 0 && r.end.hour == 0,
	    "a zero date (length 0) clears the time");

	setup(&b, &r, ROWBIN_I64);
	b.role[0] = ROWBIN_KEY;
	b.role[1] = ROWBIN_VALUE;
	b.role[2] = ROWBIN_INTERVAL;
	b.kind[0] = ROWBIN_U8;
	b.kind[1] = ROWBIN_U16;
	b.kind[2] = ROWBIN_U32;
	b.ncols = 3;
	is_int(decode(&b, 3, ints), sizeof ints, "unsigned integers");
	is_int(r.key, 255, "TINYINT UNSIGNED");
	is_int(r.value, 65534, "SMALLINT UNSIGNED");
	b.kind[0] = ROWBIN_I8;
	b.kind[1] = ROWBIN_I16;
	b.kind[2] = ROWBIN_I32;
	decode(&b, 3, ints);
	is_int(r.key, -1, "TINYINT");
	is_int(r.value, -2, "SMALLINT");
	is_int(r.interval, -1, "INT");

	/* What rowbin_end says. */
	rowbin_begin(&b);
	is_int(rowbin_end(&b), 0, "no column decoded: the row was bound");
	rowbin_column(&b, 0, NULL);
	is_int(rowbin_end(&b), -1, "a NULL is an error");
	decode(&b, 2, ints);
	is_int(rowbin_end(&b), -1, "a column missing is an error");
	return tap_done();
}
