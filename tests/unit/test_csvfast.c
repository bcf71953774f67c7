/* test_csvfast.c: unit tests for the flow reader's fast path (csv_fast.c, delim.h, num_scan) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ingest/csv.h"
#include "ingest/delim.h"
#include "num.h"
#include "tap.h"

#define HDR "interval_start_timestamp,interval_end_timestamp,msisdn," \
	"bytes_uplink,bytes_downlink,service_id,cell_id"

/* Bytes next to the delimiters and the digits, and high ones. */
static const char fillers[] = "x+!#-\t\v\r\x80\xff/:0 ";

static struct csv_cols cols;

/* Every finder gives delim_bytes's answer, a delimiter at every offset. */
static void
finders(void)
{
	char		 b[64 + DELIM_PAD];
	const char	*d = ",\n\"", *want;
	size_t		 at, start, f;
	int		 good = 1, k;

	for (k = 0; k < 3; k++)
		for (f = 0; f < sizeof fillers - 1; f++)
			for (start = 0; start < 16; start++)
				for (at = start; at < 48; at++) {
					memset(b, fillers[f], sizeof b);
					b[at] = d[k];
					want = b + at;
#ifdef DELIM_HAVE_SWAR
					good &= delim_swar(b + start) == want;
#endif
					good &= delim_next(b + start) == want;
					good &= delim_bytes(b + start) == want;
				}
	ok(good, "delimiters found at every offset modulo 8 and 16, among"
	    " neighbouring and high bytes");
}

/*
 * num_scan on s, copied into a buffer with the 8 readable bytes after
 * it that num_scan reads (as the flow reader's buffer has): 1 when it
 * took a number.
 */
static int
scan_str(const char *s, int maxdigits, int64_t max, int64_t *v)
{
	char	b[64] = { 0 };

	memcpy(b, s, strlen(s) < 48 ? strlen(s) : 48);
	return num_scan(b, maxdigits, max, v) != NULL;
}

/* num_scan against a digit loop: every length and offset, many ends. */
static void
scan(void)
{
	char		 b[64];
	const char	*p;
	size_t		 len, start, f;
	int64_t		 v;
	uint64_t	 want;
	int		 good = 1, i;

	for (f = 0; f < sizeof fillers - 1; f++) {
		if (fillers[f] == '0')
			continue;
		for (start = 0; start < 8; start++)
			for (len = 0; len <= 20; len++) {
				memset(b, fillers[f], sizeof b);
				want = 0;
				for (i = 0; i < (int)len; i++) {
					b[start + i] = (char)('1' + (i * 7 + (int)start) % 9);
					want = want * 10 + (uint64_t)(b[start + i] - '0');
				}
				p = num_scan(b + start, 18, INT64_MAX, &v);
				if (len == 0 || len > 18)
					good &= p == NULL;
				else
					good &= p == b + start + len && (uint64_t)v == want;
			}
	}
	ok(good, "num_scan: 0 to 20 digits at every offset modulo 8, any end");
	ok(scan_str("999999999999999,", 15, CSV_MSISDN_MAX, &v) &&
	    v == CSV_MSISDN_MAX && !scan_str("0000000000000001,", 15,
	    CSV_MSISDN_MAX, &v) && !scan_str("2147483648,", 18, INT32_MAX,
	    &v) && scan_str("2147483647,", 18, INT32_MAX, &v) &&
	    v == INT32_MAX, "num_scan: digit counts and maxima");
}

/*
 * The fast path on line (in a buffer with its newline and the padding
 * after it) agrees with csv_row; returns 1 when it took the line.
 */
static int
agrees_as(const struct csv_cols *c, const char *line, int *good)
{
	struct flow_row	 a, b;
	char		 buf[512], err[128];
	size_t		 len = strlen(line);
	const char	*nl;
	int		 rc, empty;

	memset(buf, 'x', sizeof buf);
	memcpy(buf, line, len);
	buf[len] = '\n';
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	nl = csv_fast_row(c, buf, &a);
	if (len > 0 && line[len - 1] == '\r')
		len--;
	rc = csv_row(c, line, len, &b, &empty, err, sizeof err);
	if (nl == NULL)
		return 0;
	if (nl != buf + strlen(line) || rc != 1 || empty != 0 ||
	    memcmp(&a, &b, sizeof a) != 0) {
		printf("# fast path differs on: %s\n", line);
		*good = 0;
	}
	return 1;
}

static int
agrees(const char *line, int *good)
{
	return agrees_as(&cols, line, good);
}

static void
rows(void)
{
	static const char *const plain[] = {
		"1,2,31619690654,100,200,1,1001",
		"1,2,31619690654,100,200,1,1001\r",
		",,1,0,0,0,0",
		"a b,\t,999999999999999,922337203685477580,0,2147483647,2147483647",
		"x,y,000000000000042,0,0,0,0",
		"12345678,123456789,12345678,123456789012345678,1,12345678,1",
	};
	static const char *const other[] = {
		"", " ", "1,2,31619690654,100,200,1", "1,2,31619690654,100,200,1,1001,",
		"1,2,,100,200,1,1001", "1,2,31619690654,,200,1,1001",
		"1,2,31619690654, 100,200,1,1001", "1,2,31619690654,100 ,200,1,1001",
		"1,2,31619690654,100,200,1,1001\t", "1,2,\"31619690654\",1,2,1,1",
		"1,2\"3,31619690654,1,2,1,1", "\"a,b\",2,31619690654,1,2,1,1",
		"1,2,31619690654,1,2,1,1\"", "1,2,316196\"90654,1,2,1,1",
		"1,2,1000000000000000,1,2,1,1", "1,2,0000000000000001,1,2,1,1",
		"1,2,+3,1,2,1,1", "1,2,3,-1,2,1,1", "1,2,3,1,2,2147483648,1",
		"1,2,3,9223372036854775807,1,1,1", "1,2,3,1234567890123456789,0,1,1",
		"1,2,3,1,2,1,1\r\r", "1,2,3,1,2,1,1x", "1,2,3,1,2,1,99999999999999999999",
		/* 19 digits: num_parse's checked path */
		"x,y,31619690654,4611686018427387904,4611686018427387903,1,1",
	};
	size_t	i;
	int	good = 1, took = 1;

	for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (!agrees(plain[i], &good)) {
			printf("# not taken: %s\n", plain[i]);
			took = 0;
		}
	ok(took && good, "plain rows (CR at the end too) take the fast path,"
	    " with csv_row's values");
	took = 0;
	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		took |= agrees(other[i], &good);
	ok(!took && good, "blank, short, long, quoted, spaced, empty, signed,"
	    " out-of-range rows and quotes inside a word are left to csv_row");
}

/*
 * Rows of 25 to 95 bytes (the fast path reads a row's first 64 at
 * once), under a header whose last column is a value and one whose last
 * is not: plain ones are taken, and one with a comma too many or too
 * few, a quote, a letter in a value or a CR in the middle is not; the
 * values always csv_row's.
 */
static void
widths(void)
{
	static const char *const hdr[] = { HDR, "cell_id,msisdn,bytes_uplink,"
	    "bytes_downlink,service_id,interval_end_timestamp" };
	/* Per header: a plain row, then ones left to csv_row (@: the pad). */
	static const char *const tmpl[][8] = { {
		"@,2,31619690654,100,200,1,1001",
		"@,2,31619690654,100,200,1,1001,", "@,2,31619690654,100,200,1",
		"@\",2,31619690654,100,200,1,1001", "@,2,31619690654,1z0,200,1,1001",
		"@,2,31619690654,100,200,1,10\r01", "@,2,31619690654,100,200,1,1001\"",
		"@,2,31619690654,100,,200,1,1001",
	}, {
		"1001,31619690654,100,200,1,@",
		"1001,31619690654,100,200,1,@,", "1001,31619690654,100,200,@",
		"1001,31619690654,100,200,1,\"@", "1001,31619690654,1z0,200,1,@",
		"10\r01,31619690654,100,200,1,@", "1001,31619690654,100,200,1,@,7",
		"1001,,31619690654,100,200,1,@",
	} };
	struct csv_cols	 c;
	struct buf	 line = BUF_INIT;
	const char	*t;
	char		 err[256];
	size_t		 h, pad, k, i;
	int		 good = 1, took = 1, wrong = 0;

	for (h = 0; h < 2; h++) {
		if (csv_header(hdr[h], strlen(hdr[h]), &c, err, sizeof err) == -1)
			abort();
		for (pad = 0; pad <= 60; pad++)
			for (k = 0; k < 9; k++) {
				/* (k 8: the plain row with a CR before its newline) */
				buf_reset(&line);
				for (t = tmpl[h][k % 8]; *t != '\0'; t++)
					if (*t != '@')
						buf_addc(&line, *t);
					else
						for (i = 0; i < pad; i++)
							buf_addc(&line, (char)('a' + i % 26));
				if (k == 8)
					buf_addc(&line, '\r');
				buf_addc(&line, '\0');
				if (k % 8 == 0)
					took &= agrees_as(&c, line.data, &good);
				else
					wrong |= agrees_as(&c, line.data, &good);
			}
		csv_cols_free(&c);
	}
	buf_free(&line);
	ok(took && !wrong && good, "rows of 25 to 95 bytes, a value or"
	    " another column last: plain ones taken (with a CR too), commas"
	    " too many or too few, quotes, letters and CRs in values left to"
	    " csv_row; csv_row's values");
}

/*
 * Read [start, end) as flowread.c does (fast path first) or by csv_next
 * and csv_row only: each line's result appended to out.
 */
static void
read_rows(int fd, off_t start, off_t end, int fast, struct buf *out)
{
	struct csv_reader	*r;
	struct flow_row		 row, rows[5];
	const char		*line;
	char			 err[128];
	size_t			 len, n, i, k = 0;
	int			 overlong, empty, rc;

	r = csv_open(fd, 0, start, end, start == 0, NULL, err, sizeof err);
	for (;;) {
		memset(rows, 0, sizeof rows);
		/* A few at a time: batches end anywhere in the buffer. */
		n = fast ? csv_next_fast(r, &cols, rows, 1 + k++ % 5) : 0;
		for (i = 0; i < n; i++) {
			buf_addc(out, 'F');
			buf_add(out, &rows[i], sizeof rows[i]);
		}
		if (n > 0)
			continue;
		memset(&row, 0, sizeof row);
		if (csv_next(r, &line, &len, &overlong, err, sizeof err) != 1)
			break;
		rc = overlong ? -1 : csv_row(&cols, line, len, &row, &empty,
		    err, sizeof err);
		buf_addc(out, rc == 1 ? 'F' : rc == 0 ? 'B' : 'E');
		if (rc == 1)
			buf_add(out, &row, sizeof row);
	}
	csv_close(r);
}

/* Lines of every length across the 1 MiB buffer, read whole and in ranges. */
static void
reader(void)
{
	struct buf	 file = BUF_INIT, slow = BUF_INIT, fast = BUF_INIT;
	off_t		 cut;
	int		 fd, i, good;
	char		 line[128];

	for (i = 0; file.len < 3 * 1024 * 1024 + 100; i++) {
		snprintf(line, sizeof line, "%.*s,%d,%lld,%d,%d,%d,%d%s",
		    i % 41, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		    i % 7, 31600000000LL + i % 99991, i, i % 13, i % 50, i % 500,
		    i % 101 == 0 ? "\r\n" : i % 103 == 0 ? ",bad\n" :
		    i % 107 == 0 ? "\n\n" : "\n");
		buf_addstr(&file, line);
	}
	buf_addstr(&file, "1,2,3,4,5,6,7");		/* no final newline */
	fd = tap_tmpfile(file.data, file.len);
	read_rows(fd, 0, CSV_END_NONE, 0, &slow);
	read_rows(fd, 0, CSV_END_NONE, 1, &fast);
	ok(slow.len == fast.len && memcmp(slow.data, fast.data, slow.len) == 0,
	    "%d lines over 3 MiB: the same rows, bad and blank lines with the"
	    " fast path as without", i);
	good = 1;
	for (cut = 1000 * 1000; cut < 1000 * 1000 + 300; cut += 7) {
		buf_reset(&fast);
		read_rows(fd, 0, cut, 1, &fast);
		read_rows(fd, cut, 2 * cut + 13, 1, &fast);
		read_rows(fd, 2 * cut + 13, CSV_END_NONE, 1, &fast);
		good &= slow.len == fast.len &&
		    memcmp(slow.data, fast.data, slow.len) == 0;
	}
	ok(good, "byte ranges cut at many offsets: each line read once");
	close(fd);
	buf_free(&file);
	buf_free(&slow);
	buf_free(&fast);
}

int
main(void)
{
	char	err[256];

	if (csv_header(HDR, strlen(HDR), &cols, err, sizeof err) == -1)
		abort();
	finders();
	scan();
	rows();
	widths();
	reader();
	csv_cols_free(&cols);
	return tap_done();
}
