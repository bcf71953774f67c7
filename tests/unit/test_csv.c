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

/*
 * A data line under the header in cols: accepted with msisdn, bytes,
 * service, cell and empty counters as given, or (reason set) refused.
 */
struct row_case {
	const char	*line, *msg, *reason;
	uint64_t	 msisdn, bytes;
	uint32_t	 svc, cell;
	int		 empty;
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
static const struct row_case quoted[] = {
	{ "\"inter\"\"net\",31619690654,100,200,1,1001",
	    "\"inter\"\"net\" in an extra column", NULL, 31619690654, 300, 1,
	    1001, 0 },
	{ " \"inter\"\"net\" ,31619690654,100,200,1,1001",
	    "the same with blanks around the quotes", NULL, 31619690654, 300,
	    1, 1001, 0 },
	{ "\"\"\"\",1,2,3,4,5",
	    "\"\"\"\" (one escaped quote) in an extra column", NULL, 1, 5, 4,
	    5, 0 },
	{ "\"\"\"a,b\"\" \"\"c\"\"\",1,2,3,4,5",
	    "escaped quotes and a comma in one quoted field", NULL, 1, 5, 4, 5,
	    0 },
	{ "\"\"\"\"\"x\",1,2,3,4,5",
	    "\"\"\"\"\"x\": two escaped quotes, then x", NULL, 1, 5, 4, 5, 0 },
	{ "\"\",1,2,3,4,5",
	    "\"\" (empty, quoted) in an extra column", NULL, 1, 5, 4, 5, 0 },
	{ "\"\"\"\",\"1\",\"2\",\"\",\"4\",\"5\"",
	    "every field quoted, an empty quoted counter", NULL, 1, 2, 4, 5,
	    1 },
	{ "x,\"12\",\"3\",4,5,6",
	    "quoted and plain fields mixed", NULL, 12, 7, 5, 6, 0 },
	{ "x,\"12\"\"3\",1,1,1,1",
	    "\"12\"\"3\" in msisdn",
	    .reason = "msisdn: not a number (it holds a quote)" },
	{ "x,1,\"\"\"\",1,1,1",
	    "\"\"\"\" in a byte counter",
	    .reason = "bytes_uplink: not a number (it holds a quote)" },
	{ "x,1,1,1,1,\"7\"\"\"",
	    "an escaped quote after the digits of cell_id",
	    .reason = "cell_id: not a number (it holds a quote)" },
	{ "in\"ternet,31619690654,100,200,1,1001",
	    "a lone quote in an extra column",
	    .reason = "a quote in a field that does not start with one" },
	{ "x,316196\"90654,100,200,1,1001",
	    "a lone quote in msisdn",
	    .reason = "a quote in a field that does not start with one" },
	{ "\",31619690654,100,200,1,1001",
	    "a lone quote as a whole field", .reason = "unterminated quote" },
	{ "\"inter\"net,31619690654,100,200,1,1001",
	    "text after a closing quote",
	    .reason = "text after a closing quote" },
	{ "\"inter\"net\",31619690654,100,200,1,1001",
	    "a single quote inside a quoted field",
	    .reason = "text after a closing quote" },
	{ "\"inter\"\"net,31619690654,100,200,1,1001",
	    "an escaped quote and no closing quote",
	    .reason = "unterminated quote" },
	{ "x,31619690654,100,200,1,\"1001\"\"",
	    "a quoted last field ending in \"\"",
	    .reason = "unterminated quote" },
	{ "\"\"\"\"x,31619690654,100,200,1,1001",
	    "\"\"\"\" then more text", .reason = "text after a closing quote" },
};

static const struct row_case plain[] = {
	{ "1,2,31619690654,100,200,1,1001",
	    "plain", NULL, 31619690654, 300, 1, 1001, 0 },
	{ " 1 ,\t2,\"31619690654\", 100 ,\"200\",\" 1\",1001\t",
	    "spaces, tabs and quotes", NULL, 31619690654, 300, 1, 1001, 0 },
	{ "1,2,31619690654,,200,1,1001",
	    "empty uplink counts as 0", NULL, 31619690654, 200, 1, 1001, 1 },
	{ "1,2,31619690654,100,\"\",1,1001",
	    "quoted empty downlink counts as 0", NULL, 31619690654, 100, 1,
	    1001, 1 },
	{ "1,2,31619690654,,,1,1001",
	    "both counters empty", NULL, 31619690654, 0, 1, 1001, 2 },
	{ ",,1,0,0,0,0", "extra columns empty, zeros", NULL, 1, 0, 0, 0, 0 },
	{ "a,\"b,c\",999999999999999,9223372036854775807,0,2147483647,2147483647",
	    "every value at its limit; a comma inside quotes", NULL,
	    999999999999999, INT64_MAX, INT32_MAX, INT32_MAX, 0 },
	{ "x,y,000000000000042,0,0,0,0",
	    "msisdn of 15 digits with leading zeros is a number", NULL, 42, 0,
	    0, 0, 0 },
	{ "x,y,31619690654,4611686018427387904,4611686018427387903,1,1",
	    "the row sum at 2^63-1", NULL, 31619690654, INT64_MAX, 1, 1, 0 },
	{ "1,2,31619690654,100,200,1", "one field short",
	    .reason = "field count" },
	{ "1,2,31619690654,100,200,1,1001,",
	    "one field too many", .reason = "field count" },
	{ "1,2,,100,200,1,1001", "empty msisdn", .reason = "msisdn: empty" },
	{ "1,2,31619690654,100,200,,1001",
	    "empty service_id", .reason = "service_id: empty" },
	{ "1,2,31619690654,100,200,1,\"\"",
	    "empty quoted cell_id", .reason = "cell_id: empty" },
	{ "1,2,1000000000000000,100,200,1,1",
	    "a 16-digit msisdn", .reason = "msisdn: too large" },
	{ "1,2,0000000000000001,100,200,1,1",
	    "16 digits with leading zeros", .reason = "more than 15 digits" },
	{ "1,2,+31619690654,100,200,1,1", "a + sign",
	    .reason = "msisdn: not a number" },
	{ "1,2,3161969065a,100,200,1,1", "a letter",
	    .reason = "msisdn: not a number" },
	{ "1,2,31619690654,-1,200,1,1",
	    "a negative counter", .reason = "bytes_uplink: not a number" },
	{ "1,2,31619690654,1 0,200,1,1",
	    "a space inside a value", .reason = "bytes_uplink: not a number" },
	{ "1,2,31619690654,9223372036854775808,0,1,1",
	    "a counter at 2^63", .reason = "bytes_uplink: too large" },
	{ "1,2,31619690654,9223372036854775807,1,1,1",
	    "a row sum past 2^63-1",
	    .reason = "bytes_uplink + bytes_downlink: too large" },
	{ "1,2,31619690654,1,1,2147483648,1",
	    "service_id at 2^31", .reason = "service_id: too large" },
	{ "1,2,31619690654,1,1,1,99999999999999999999999",
	    "a huge cell_id", .reason = "cell_id: too large" },
	{ "1,2,31619690654,1,1,1,\"1001",
	    "an unterminated quote", .reason = "unterminated quote" },
	{ "1,2,\"316\"19690654,1,1,1,1001",
	    "text after a closing quote", .reason = "quote" },
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

static void
rows_are(const struct row_case *t, size_t n)
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
		if (t->reason == NULL)
			ok(rc == 1 && r.msisdn == t->msisdn &&
			    r.bytes == t->bytes && r.service == t->svc &&
			    r.cell == t->cell && e == t->empty,
			    "row accepted: %s %s", t->msg, err);
		else
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
	rows_are(quoted, NCASES(quoted));
	csv_cols_free(&cols);
	cols = save;
}

static void
rows(void)
{
	rows_are(plain, NCASES(plain));
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

/*
 * All lines of fd from start to end, as "line|line|"; overlong as "#".
 * The reader reads into rbuf (NULL: a buffer of its own).
 */
static void
read_lines(int fd, int gz, off_t start, off_t end, int aligned,
    char *rbuf, struct buf *out)
{
	struct csv_reader	*r;
	const char		*line;
	char			 err[128];
	size_t			 len;
	int			 overlong;

	buf_reset(out);
	r = csv_open(fd, gz, start, end, aligned, rbuf, err, sizeof err);
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
	read_lines(fd, 0, 0, CSV_END_NONE, 1, NULL, &out);
	is_str(buf_cstr(&out), "a|b|| c |last|",
	    "CRLF, blank line, missing final newline");
	/* Every cut point splits the lines between two ranges exactly once. */
	good = 1;
	for (cut = 1; cut < strlen(s); cut++) {
		struct buf	two = BUF_INIT;

		read_lines(fd, 0, 0, (off_t)cut, 1, NULL, &out);
		buf_addstr(&two, buf_cstr(&out));
		read_lines(fd, 0, (off_t)cut, CSV_END_NONE, 0, NULL, &out);
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
	read_lines(fd, 0, 0, CSV_END_NONE, 1, NULL, &out);
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
		read_lines(fd, 1, 0, CSV_END_NONE, 1, NULL, &out);
		is_str(buf_cstr(&out), "h|row1|row2|", "gzip stream");
		close(fd);
	}
	buf_free(&out);
}

/*
 * One buffer for reader after reader, as each worker keeps one: what
 * the last file left in it changes no line.  The lines cross the first
 * reads' ends (128 KiB, then twice as much each time).
 */
static void
shared_buffer(void)
{
	struct buf	 want = BUF_INIT, file = BUF_INIT, out = BUF_INIT;
	char		*rbuf = malloc(CSV_BUF_SIZE);
	size_t		 i, cut;
	int		 fd, right = 1;

	if (rbuf == NULL)
		abort();
	/* Junk that reads as rows, where an earlier file's bytes would lie. */
	for (i = 0; i < CSV_BUF_SIZE; i++)
		rbuf[i] = "1,2,3,4,5\n"[i % 10];
	for (i = 0; i < 90000; i++) {
		buf_addf(&file, "%zu,%zu\n", i, i * 7919 % 100003);
		buf_addf(&want, "%zu,%zu|", i, i * 7919 % 100003);
	}
	fd = tap_tmpfile(file.data, file.len);
	read_lines(fd, 0, 0, CSV_END_NONE, 1, rbuf, &out);
	ok(file.len > 3 * 128 * 1024 && strcmp(buf_cstr(&out),
	    buf_cstr(&want)) == 0, "%zu bytes through a used buffer: every line"
	    " as written", file.len);
	for (cut = 1000; cut < file.len; cut += 131071) {
		struct buf	two = BUF_INIT;

		read_lines(fd, 0, 0, (off_t)cut, 1, rbuf, &out);
		buf_addstr(&two, buf_cstr(&out));
		read_lines(fd, 0, (off_t)cut, CSV_END_NONE, 0, rbuf, &out);
		buf_addstr(&two, buf_cstr(&out));
		right &= strcmp(buf_cstr(&two), buf_cstr(&want)) == 0;
		buf_free(&two);
	}
	ok(right, "cut in two ranges, each read through the same buffer:"
	    " each line once");
	close(fd);
	fd = tap_tmpfile("a,b\nlast", 8);
	read_lines(fd, 0, 0, CSV_END_NONE, 1, rbuf, &out);
	is_str(buf_cstr(&out), "a,b|last|", "a short file after a long one in"
	    " the same buffer: none of the long one's lines");
	close(fd);
	buf_free(&out);
	buf_free(&file);
	buf_free(&want);
	free(rbuf);
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
	shared_buffer();
	csv_cols_free(&cols);
	return tap_done();
}
