/* test_csv.c: unit tests for the flow CSV reader (README: Ingest) */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "buf.h"
#include "ingest/csv.h"
#include "tap.h"

#define HDR "interval_start_timestamp,interval_end_timestamp,msisdn," \
	"bytes_uplink,bytes_downlink,service_id,cell_id"

static struct csv_cols cols;

static void
header_ok(const char *h, size_t nfields, const char *msg)
{
	struct csv_cols	c;
	char		err[256] = "";

	ok(csv_header(h, strlen(h), &c, err, sizeof err) == 0 &&
	    c.nfields == nfields, "header accepted: %s %s", msg, err);
	csv_cols_free(&c);
}

static void
header_bad(const char *h, const char *reason, const char *msg)
{
	struct csv_cols	c;
	char		err[256] = "";

	ok(csv_header(h, strlen(h), &c, err, sizeof err) == -1 &&
	    strstr(err, reason) != NULL, "header rejected: %s (%s)", msg, err);
}

/* A data line under HDR; want msisdn/bytes/service/cell. */
static void
row_ok(const char *line, uint64_t msisdn, uint64_t bytes, uint32_t svc,
    uint32_t cell, int empty, const char *msg)
{
	struct flow_row	r;
	char		err[256] = "";
	int		e = -1, rc;

	memset(&r, 0, sizeof r);
	rc = csv_row(&cols, line, strlen(line), &r, &e, err, sizeof err);
	ok(rc == 1 && r.msisdn == msisdn && r.bytes == bytes &&
	    r.service == svc && r.cell == cell && e == empty,
	    "row accepted: %s %s", msg, err);
}

static void
row_bad(const char *line, const char *reason, const char *msg)
{
	struct flow_row	r;
	char		err[256] = "";
	int		e, rc;

	rc = csv_row(&cols, line, strlen(line), &r, &e, err, sizeof err);
	ok(rc == -1 && strstr(err, reason) != NULL, "row rejected: %s (%s)",
	    msg, err);
}

static void
headers(void)
{
	header_ok(HDR, 7, "the original's header");
	header_ok("\xef\xbb\xbf" "msisdn,bytes_uplink,bytes_downlink,service_id,cell_id",
	    5, "a UTF-8 BOM");
	header_ok(" cell_id , service_id,\"msisdn\",bytes_downlink ,bytes_uplink,x,x",
	    7, "any order, spaces, quotes, extra columns (twice)");
	header_bad("msisdn,bytes_uplink,bytes_downlink,service_id", "cell_id",
	    "a missing column");
	header_bad("msisdn,bytes_uplink,bytes_downlink,service_id,cell_id,msisdn",
	    "twice", "a required column twice");
	header_bad("MSISDN,bytes_uplink,bytes_downlink,service_id,cell_id",
	    "msisdn", "names are case-sensitive");
	header_bad("1488355200000,1488355500000,31619690654,100,200,1,1001",
	    "no \"msisdn\"", "a data row as header");
	header_bad("msisdn,\"bytes_uplink,bytes_downlink,service_id,cell_id",
	    "unterminated", "an unterminated quote");
	header_ok("\"user \"\"agent\"\"\",msisdn,bytes_uplink,bytes_downlink,"
	    "service_id,cell_id,\"a,\"\"b\"", 7,
	    "quoted names with \"\" (RFC 4180) and a comma are extra columns");
	header_ok("\"msisdn\",\"bytes_uplink\",\"bytes_downlink\",\"service_id\","
	    "\"cell_id\",\"\"\"\"\"\"", 6, "quoted names, and \"\"\"\" as a name");
	header_bad("\"msisdn\"\"\",bytes_uplink,bytes_downlink,service_id,cell_id",
	    "no \"msisdn\"", "msisdn\" (with an escaped quote) is not msisdn");
	header_bad("x\"y,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id",
	    "a quote in a field that does not start with one", "a lone quote");
	header_bad("\"x\"y,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id",
	    "text after a closing quote", "text after a closing quote");
}

/* RFC 4180 quotes: rows under a header with an extra column "ua" first. */
static void
quotes(void)
{
	static const char hdr[] =
	    "ua,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id";
	struct csv_cols	 save = cols;
	char		 err[256];

	if (csv_header(hdr, strlen(hdr), &cols, err, sizeof err) == -1)
		abort();
	row_ok("\"inter\"\"net\",31619690654,100,200,1,1001", 31619690654,
	    300, 1, 1001, 0, "\"inter\"\"net\" in an extra column");
	row_ok(" \"inter\"\"net\" ,31619690654,100,200,1,1001", 31619690654,
	    300, 1, 1001, 0, "the same with blanks around the quotes");
	row_ok("\"\"\"\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "\"\"\"\" (one escaped quote) in an extra column");
	row_ok("\"\"\"a,b\"\" \"\"c\"\"\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "escaped quotes and a comma in one quoted field");
	row_ok("\"\"\"\"\"x\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "\"\"\"\"\"x\": two escaped quotes, then x");
	row_ok("\"\",1,2,3,4,5", 1, 5, 4, 5, 0, "\"\" (empty, quoted) in an"
	    " extra column");
	row_ok("\"\"\"\",\"1\",\"2\",\"\",\"4\",\"5\"", 1, 2, 4, 5, 1,
	    "every field quoted, an empty quoted counter");
	row_ok("x,\"12\",\"3\",4,5,6", 12, 7, 5, 6, 0,
	    "quoted and plain fields mixed");
	row_bad("x,\"12\"\"3\",1,1,1,1", "msisdn: not a number (it holds a quote)",
	    "\"12\"\"3\" in msisdn");
	row_bad("x,1,\"\"\"\",1,1,1", "bytes_uplink: not a number (it holds a quote)",
	    "\"\"\"\" in a byte counter");
	row_bad("x,1,1,1,1,\"7\"\"\"", "cell_id: not a number (it holds a quote)",
	    "an escaped quote after the digits of cell_id");
	row_bad("in\"ternet,31619690654,100,200,1,1001",
	    "a quote in a field that does not start with one",
	    "a lone quote in an extra column");
	row_bad("x,316196\"90654,100,200,1,1001",
	    "a quote in a field that does not start with one",
	    "a lone quote in msisdn");
	row_bad("\",31619690654,100,200,1,1001", "unterminated quote",
	    "a lone quote as a whole field");
	row_bad("\"inter\"net,31619690654,100,200,1,1001",
	    "text after a closing quote", "text after a closing quote");
	row_bad("\"inter\"net\",31619690654,100,200,1,1001",
	    "text after a closing quote", "a single quote inside a quoted field");
	row_bad("\"inter\"\"net,31619690654,100,200,1,1001",
	    "unterminated quote", "an escaped quote and no closing quote");
	row_bad("x,31619690654,100,200,1,\"1001\"\"",
	    "unterminated quote", "a quoted last field ending in \"\"");
	row_bad("\"\"\"\"x,31619690654,100,200,1,1001",
	    "text after a closing quote", "\"\"\"\" then more text");
	csv_cols_free(&cols);
	cols = save;
}

static void
rows(void)
{
	row_ok("1,2,31619690654,100,200,1,1001", 31619690654, 300, 1, 1001, 0,
	    "plain");
	row_ok(" 1 ,\t2,\"31619690654\", 100 ,\"200\",\" 1\",1001\t",
	    31619690654, 300, 1, 1001, 0, "spaces, tabs and quotes");
	row_ok("1,2,31619690654,,200,1,1001", 31619690654, 200, 1, 1001, 1,
	    "empty uplink counts as 0");
	row_ok("1,2,31619690654,100,\"\",1,1001", 31619690654, 100, 1, 1001, 1,
	    "quoted empty downlink counts as 0");
	row_ok("1,2,31619690654,,,1,1001", 31619690654, 0, 1, 1001, 2,
	    "both counters empty");
	row_ok(",,1,0,0,0,0", 1, 0, 0, 0, 0, "extra columns empty, zeros");
	row_ok("a,\"b,c\",999999999999999,9223372036854775807,0,2147483647,2147483647",
	    999999999999999, INT64_MAX, INT32_MAX, INT32_MAX, 0,
	    "every value at its limit; a comma inside quotes");
	row_ok("x,y,000000000000042,0,0,0,0", 42, 0, 0, 0, 0,
	    "msisdn of 15 digits with leading zeros is a number");
	row_ok("x,y,31619690654,4611686018427387904,4611686018427387903,1,1",
	    31619690654, INT64_MAX, 1, 1, 0, "the row sum at 2^63-1");
	row_bad("1,2,31619690654,100,200,1", "field count", "one field short");
	row_bad("1,2,31619690654,100,200,1,1001,", "field count",
	    "one field too many");
	row_bad("1,2,,100,200,1,1001", "msisdn: empty", "empty msisdn");
	row_bad("1,2,31619690654,100,200,,1001", "service_id: empty",
	    "empty service_id");
	row_bad("1,2,31619690654,100,200,1,\"\"", "cell_id: empty",
	    "empty quoted cell_id");
	row_bad("1,2,1000000000000000,100,200,1,1", "msisdn: too large",
	    "a 16-digit msisdn");
	row_bad("1,2,0000000000000001,100,200,1,1", "more than 15 digits",
	    "16 digits with leading zeros");
	row_bad("1,2,+31619690654,100,200,1,1", "msisdn: not a number",
	    "a + sign");
	row_bad("1,2,3161969065a,100,200,1,1", "msisdn: not a number",
	    "a letter");
	row_bad("1,2,31619690654,-1,200,1,1", "bytes_uplink: not a number",
	    "a negative counter");
	row_bad("1,2,31619690654,1 0,200,1,1", "bytes_uplink: not a number",
	    "a space inside a value");
	row_bad("1,2,31619690654,9223372036854775808,0,1,1",
	    "bytes_uplink: too large", "a counter at 2^63");
	row_bad("1,2,31619690654,9223372036854775807,1,1,1",
	    "bytes_uplink + bytes_downlink: too large", "a row sum past 2^63-1");
	row_bad("1,2,31619690654,1,1,2147483648,1", "service_id: too large",
	    "service_id at 2^31");
	row_bad("1,2,31619690654,1,1,1,99999999999999999999999",
	    "cell_id: too large", "a huge cell_id");
	row_bad("1,2,31619690654,1,1,1,\"1001", "unterminated quote",
	    "an unterminated quote");
	row_bad("1,2,\"316\"19690654,1,1,1,1001", "quote",
	    "text after a closing quote");
	{
		struct flow_row r;
		char err[64];
		int e;

		is_int(csv_row(&cols, "", 0, &r, &e, err, sizeof err), 0,
		    "an empty line is blank");
		is_int(csv_row(&cols, " \t ", 3, &r, &e, err, sizeof err), 0,
		    "a line of spaces is blank");
	}
}

/* All lines of fd from start to end, as "line|line|"; overlong as "#". */
static void
read_lines(int fd, int gz, off_t start, off_t end, int aligned,
    struct buf *out)
{
	struct csv_reader	*r;
	const char		*line;
	char			 err[128];
	size_t			 len;
	int			 overlong;

	buf_reset(out);
	r = csv_open(fd, gz, start, end, aligned, err, sizeof err);
	if (r == NULL) {
		buf_addstr(out, err);
		return;
	}
	while (csv_next(r, &line, &len, &overlong, err, sizeof err) == 1) {
		if (overlong)
			buf_addc(out, '#');
		else
			buf_add(out, line, len);
		buf_addc(out, '|');
	}
	csv_close(r);
}

static void
reader(void)
{
	struct buf	 out = BUF_INIT, big = BUF_INIT;
	const char	*s = "a\r\nb\n\n c \r\nlast";
	size_t		 i, cut;
	int		 fd, good;

	fd = tap_tmpfile(s, strlen(s));
	read_lines(fd, 0, 0, CSV_END_NONE, 1, &out);
	is_str(buf_cstr(&out), "a|b|| c |last|",
	    "CRLF, blank line, missing final newline");
	/* Every cut point splits the lines between two ranges exactly once. */
	good = 1;
	for (cut = 1; cut < strlen(s); cut++) {
		struct buf	two = BUF_INIT;

		read_lines(fd, 0, 0, (off_t)cut, 1, &out);
		buf_addstr(&two, buf_cstr(&out));
		read_lines(fd, 0, (off_t)cut, CSV_END_NONE, 0, &out);
		buf_addstr(&two, buf_cstr(&out));
		if (strcmp(buf_cstr(&two), "a|b|| c |last|") != 0) {
			good = 0;
			fprintf(stdout, "# cut %zu: %s\n", cut, buf_cstr(&two));
		}
		buf_free(&two);
	}
	ok(good, "byte ranges at every cut point own each line once");
	close(fd);

	/* Overlong lines: one bad line each, the reader resyncs. */
	buf_addstr(&big, "ok1\n");
	for (i = 0; i < CSV_LINE_MAX + 1; i++)
		buf_addc(&big, 'x');
	buf_addstr(&big, "\nok2\n");
	for (i = 0; i < 3 * 1024 * 1024; i++)
		buf_addc(&big, 'y');
	buf_addstr(&big, "\nok3\n");
	for (i = 0; i < CSV_LINE_MAX; i++)
		buf_addc(&big, 'z');
	buf_addstr(&big, "\r\n");
	for (i = 0; i < CSV_LINE_MAX + 10; i++)
		buf_addc(&big, 'w');
	fd = tap_tmpfile(big.data, big.len);
	read_lines(fd, 0, 0, CSV_END_NONE, 1, &out);
	ok(strncmp(buf_cstr(&out), "ok1|#|ok2|#|ok3|zzz", 19) == 0 &&
	    out.len == 19 + CSV_LINE_MAX - 3 + 1 + 2,
	    "overlong lines (64 KiB + 1, 3 MiB, unterminated at the end) are"
	    " one bad line each; exactly 64 KiB is fine");
	close(fd);
	buf_free(&big);

	/* gzip */
	{
		char	 path[] = "/tmp/test_csv_gz.XXXXXX";
		gzFile	 gz;
		int	 tfd = mkstemp(path);

		close(tfd);
		gz = gzopen(path, "wb");
		gzputs(gz, "h\nrow1\r\nrow2");
		gzclose(gz);
		fd = open(path, O_RDONLY);
		unlink(path);
		read_lines(fd, 1, 0, CSV_END_NONE, 1, &out);
		is_str(buf_cstr(&out), "h|row1|row2|", "gzip stream");
		close(fd);
	}
	buf_free(&out);
}

int
main(void)
{
	char	err[256];

	if (csv_header(HDR, strlen(HDR), &cols, err, sizeof err) == -1)
		abort();
	headers();
	rows();
	quotes();
	reader();
	csv_cols_free(&cols);
	return tap_done();
}
