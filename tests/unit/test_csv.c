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

/* A header: accepted with nfields fields, or (reason set) refused. */
struct header_case {
	const char	*h;
	size_t		 nfields;
	const char	*reason, *msg;
};

/* A data line accepted: want msisdn/bytes/service/cell and empties. */
struct row_case {
	const char	*line;
	uint64_t	 msisdn, bytes;
	uint32_t	 svc, cell;
	int		 empty;
	const char	*msg;
};

/* A data line refused, and a word of why. */
struct bad_case {
	const char	*line, *reason, *msg;
};

#define NCASES(a)	(sizeof (a) / sizeof (a)[0])

static struct csv_cols cols;

static const struct header_case header_cases[] = {
	{ HDR, 7, NULL, "the original's header" },
	{ "\xef\xbb\xbf" "msisdn,bytes_uplink,bytes_downlink,service_id,cell_id",
	    5, NULL, "a UTF-8 BOM" },
	{ " cell_id , service_id,\"msisdn\",bytes_downlink ,bytes_uplink,x,x",
	    7, NULL, "any order, spaces, quotes, extra columns (twice)" },
	{ "msisdn,bytes_uplink,bytes_downlink,service_id", 0, "cell_id",
	    "a missing column" },
	{ "msisdn,bytes_uplink,bytes_downlink,service_id,cell_id,msisdn", 0,
	    "twice", "a required column twice" },
	{ "MSISDN,bytes_uplink,bytes_downlink,service_id,cell_id", 0, "msisdn",
	    "names are case-sensitive" },
	{ "1488355200000,1488355500000,31619690654,100,200,1,1001", 0,
	    "no \"msisdn\"", "a data row as header" },
	{ "msisdn,\"bytes_uplink,bytes_downlink,service_id,cell_id", 0,
	    "unterminated", "an unterminated quote" },
	{ "\"user \"\"agent\"\"\",msisdn,bytes_uplink,bytes_downlink,"
	    "service_id,cell_id,\"a,\"\"b\"", 7, NULL,
	    "quoted names with \"\" (RFC 4180) and a comma are extra columns" },
	{ "\"msisdn\",\"bytes_uplink\",\"bytes_downlink\",\"service_id\","
	    "\"cell_id\",\"\"\"\"\"\"", 6, NULL,
	    "quoted names, and \"\"\"\" as a name" },
	{ "\"msisdn\"\"\",bytes_uplink,bytes_downlink,service_id,cell_id", 0,
	    "no \"msisdn\"",
	    "msisdn\" (with an escaped quote) is not msisdn" },
	{ "x\"y,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id", 0,
	    "a quote in a field that does not start with one",
	    "a lone quote" },
	{ "\"x\"y,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id", 0,
	    "text after a closing quote", "text after a closing quote" },
};

/* RFC 4180 quotes: rows under a header with an extra column "ua" first. */
static const struct row_case quoted_ok[] = {
	{ "\"inter\"\"net\",31619690654,100,200,1,1001", 31619690654, 300, 1,
	    1001, 0, "\"inter\"\"net\" in an extra column" },
	{ " \"inter\"\"net\" ,31619690654,100,200,1,1001", 31619690654, 300, 1,
	    1001, 0, "the same with blanks around the quotes" },
	{ "\"\"\"\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "\"\"\"\" (one escaped quote) in an extra column" },
	{ "\"\"\"a,b\"\" \"\"c\"\"\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "escaped quotes and a comma in one quoted field" },
	{ "\"\"\"\"\"x\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "\"\"\"\"\"x\": two escaped quotes, then x" },
	{ "\"\",1,2,3,4,5", 1, 5, 4, 5, 0,
	    "\"\" (empty, quoted) in an" " extra column" },
	{ "\"\"\"\",\"1\",\"2\",\"\",\"4\",\"5\"", 1, 2, 4, 5, 1,
	    "every field quoted, an empty quoted counter" },
	{ "x,\"12\",\"3\",4,5,6", 12, 7, 5, 6, 0,
	    "quoted and plain fields mixed" },
};

static const struct bad_case quoted_bad[] = {
	{ "x,\"12\"\"3\",1,1,1,1", "msisdn: not a number (it holds a quote)",
	    "\"12\"\"3\" in msisdn" },
	{ "x,1,\"\"\"\",1,1,1",
	    "bytes_uplink: not a number (it holds a quote)",
	    "\"\"\"\" in a byte counter" },
	{ "x,1,1,1,1,\"7\"\"\"", "cell_id: not a number (it holds a quote)",
	    "an escaped quote after the digits of cell_id" },
	{ "in\"ternet,31619690654,100,200,1,1001",
	    "a quote in a field that does not start with one",
	    "a lone quote in an extra column" },
	{ "x,316196\"90654,100,200,1,1001",
	    "a quote in a field that does not start with one",
	    "a lone quote in msisdn" },
	{ "\",31619690654,100,200,1,1001", "unterminated quote",
	    "a lone quote as a whole field" },
	{ "\"inter\"net,31619690654,100,200,1,1001",
	    "text after a closing quote", "text after a closing quote" },
	{ "\"inter\"net\",31619690654,100,200,1,1001",
	    "text after a closing quote",
	    "a single quote inside a quoted field" },
	{ "\"inter\"\"net,31619690654,100,200,1,1001", "unterminated quote",
	    "an escaped quote and no closing quote" },
	{ "x,31619690654,100,200,1,\"1001\"\"", "unterminated quote",
	    "a quoted last field ending in \"\"" },
	{ "\"\"\"\"x,31619690654,100,200,1,1001", "text after a closing quote",
	    "\"\"\"\" then more text" },
};

static const struct row_case plain_ok[] = {
	{ "1,2,31619690654,100,200,1,1001", 31619690654, 300, 1, 1001, 0,
	    "plain" },
	{ " 1 ,\t2,\"31619690654\", 100 ,\"200\",\" 1\",1001\t", 31619690654,
	    300, 1, 1001, 0, "spaces, tabs and quotes" },
	{ "1,2,31619690654,,200,1,1001", 31619690654, 200, 1, 1001, 1,
	    "empty uplink counts as 0" },
	{ "1,2,31619690654,100,\"\",1,1001", 31619690654, 100, 1, 1001, 1,
	    "quoted empty downlink counts as 0" },
	{ "1,2,31619690654,,,1,1001", 31619690654, 0, 1, 1001, 2,
	    "both counters empty" },
	{ ",,1,0,0,0,0", 1, 0, 0, 0, 0, "extra columns empty, zeros" },
	{ "a,\"b,c\",999999999999999,9223372036854775807,0,2147483647,2147483647",
	    999999999999999, INT64_MAX, INT32_MAX, INT32_MAX, 0,
	    "every value at its limit; a comma inside quotes" },
	{ "x,y,000000000000042,0,0,0,0", 42, 0, 0, 0, 0,
	    "msisdn of 15 digits with leading zeros is a number" },
	{ "x,y,31619690654,4611686018427387904,4611686018427387903,1,1",
	    31619690654, INT64_MAX, 1, 1, 0, "the row sum at 2^63-1" },
};

static const struct bad_case plain_bad[] = {
	{ "1,2,31619690654,100,200,1", "field count", "one field short" },
	{ "1,2,31619690654,100,200,1,1001,", "field count",
	    "one field too many" },
	{ "1,2,,100,200,1,1001", "msisdn: empty", "empty msisdn" },
	{ "1,2,31619690654,100,200,,1001", "service_id: empty",
	    "empty service_id" },
	{ "1,2,31619690654,100,200,1,\"\"", "cell_id: empty",
	    "empty quoted cell_id" },
	{ "1,2,1000000000000000,100,200,1,1", "msisdn: too large",
	    "a 16-digit msisdn" },
	{ "1,2,0000000000000001,100,200,1,1", "more than 15 digits",
	    "16 digits with leading zeros" },
	{ "1,2,+31619690654,100,200,1,1", "msisdn: not a number", "a + sign" },
	{ "1,2,3161969065a,100,200,1,1", "msisdn: not a number", "a letter" },
	{ "1,2,31619690654,-1,200,1,1", "bytes_uplink: not a number",
	    "a negative counter" },
	{ "1,2,31619690654,1 0,200,1,1", "bytes_uplink: not a number",
	    "a space inside a value" },
	{ "1,2,31619690654,9223372036854775808,0,1,1",
	    "bytes_uplink: too large", "a counter at 2^63" },
	{ "1,2,31619690654,9223372036854775807,1,1,1",
	    "bytes_uplink + bytes_downlink: too large",
	    "a row sum past 2^63-1" },
	{ "1,2,31619690654,1,1,2147483648,1", "service_id: too large",
	    "service_id at 2^31" },
	{ "1,2,31619690654,1,1,1,99999999999999999999999",
	    "cell_id: too large", "a huge cell_id" },
	{ "1,2,31619690654,1,1,1,\"1001", "unterminated quote",
	    "an unterminated quote" },
	{ "1,2,\"316\"19690654,1,1,1,1001", "quote",
	    "text after a closing quote" },
};

static void
headers(void)
{
	const struct header_case	*t;
	struct csv_cols			 c;
	char				 err[256];
	size_t				 i;
	int				 rc;

	for (i = 0; i < NCASES(header_cases); i++) {
		t = &header_cases[i];
		err[0] = '\0';
		rc = csv_header(t->h, strlen(t->h), &c, err, sizeof err);
		if (t->reason == NULL) {
			ok(rc == 0 && c.nfields == t->nfields,
			    "header accepted: %s %s", t->msg, err);
			csv_cols_free(&c);
		} else
			ok(rc == -1 && strstr(err, t->reason) != NULL,
			    "header rejected: %s (%s)", t->msg, err);
	}
}

/* Data lines under the header in cols. */
static void
rows_ok(const struct row_case *t, size_t n)
{
	struct flow_row	r;
	char		err[256];
	size_t		i;
	int		e, rc;

	for (i = 0; i < n; i++, t++) {
		memset(&r, 0, sizeof r);
		err[0] = '\0';
		e = -1;
		rc = csv_row(&cols, t->line, strlen(t->line), &r, &e, err,
		    sizeof err);
		ok(rc == 1 && r.msisdn == t->msisdn && r.bytes == t->bytes &&
		    r.service == t->svc && r.cell == t->cell && e == t->empty,
		    "row accepted: %s %s", t->msg, err);
	}
}

static void
rows_bad(const struct bad_case *t, size_t n)
{
	struct flow_row	r;
	char		err[256];
	size_t		i;
	int		e, rc;

	for (i = 0; i < n; i++, t++) {
		err[0] = '\0';
		rc = csv_row(&cols, t->line, strlen(t->line), &r, &e, err,
		    sizeof err);
		ok(rc == -1 && strstr(err, t->reason) != NULL,
		    "row rejected: %s (%s)", t->msg, err);
	}
}

static void
quotes(void)
{
	static const char hdr[] =
	    "ua,msisdn,bytes_uplink,bytes_downlink,service_id,cell_id";
	struct csv_cols	 save = cols;
	char		 err[256];

	if (csv_header(hdr, strlen(hdr), &cols, err, sizeof err) == -1)
		abort();
	rows_ok(quoted_ok, NCASES(quoted_ok));
	rows_bad(quoted_bad, NCASES(quoted_bad));
	csv_cols_free(&cols);
	cols = save;
}

static void
rows(void)
{
	rows_ok(plain_ok, NCASES(plain_ok));
	rows_bad(plain_bad, NCASES(plain_bad));
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
