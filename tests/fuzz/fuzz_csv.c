/* fuzz_csv.c: libFuzzer target for the flow CSV reader: header, rows, byte ranges */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ingest/csv.h"
#include "ingest/delim.h"
#include "fuzz.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is a 7-byte control block, then the file:
 *
 *   ctl[0] & 3	 the number of cuts (0-3) for the reading by byte ranges
 *   ctl[0] & 4	 read the file through zlib too (as a .gz; zlib passes
 *		 data that is not gzip through unchanged)
 *   ctl[0] & 8	 every 0x01 byte of the file stands for EXPAND_BY 'x's,
 *		 so that lines over CSV_LINE_MAX and files over the
 *		 reader's 1 MiB buffer are reachable with small inputs
 *   ctl[1..6]	 three 16-bit cut offsets (modulo the file size)
 *
 * "0000000" is a plain file read in one range.  The file is read as the
 * ingest does (blank lines, the header, then rows); the lines must be
 * the same whether it is read whole, in byte ranges (as flowread.c
 * splits big files across threads) or through zlib, and the rows the
 * same whether they are read through the fast path (csv_next_fast, as
 * flowread.c does) or by csv_next and csv_row alone.
 */
#define CTL_LEN		7
#define NCUTS_MAX	3
#define EXPAND_BY	(CSV_LINE_MAX / 4)
#define EXPANDED_MAX	(4 * 1024 * 1024)

const char	fuzz_target[] = "fuzz_csv";

static int	fd = -1;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fd = fuzz_tmpfile(NULL);
	return 0;
}

/*
 * The file's bytes into b, 0x01 expanded when asked.  The buffers of
 * this file live for the whole run: large inputs would otherwise fault
 * in fresh pages on every run.
 */
static void
file_bytes(struct buf *b, const uint8_t *p, size_t n, int expand)
{
	static char	 filler[EXPAND_BY];
	const uint8_t	*end = p + n, *one;

	if (filler[0] == '\0')
		memset(filler, 'x', sizeof filler);
	buf_reset(b);
	buf_add(b, "", 0);
	while (expand && (one = memchr(p, 0x01, (size_t)(end - p))) != NULL) {
		buf_add(b, p, (size_t)(one - p));
		if (b->len + EXPAND_BY <= EXPANDED_MAX)
			buf_add(b, filler, sizeof filler);
		else
			buf_addc(b, 0x01);
		p = one + 1;
	}
	buf_add(b, p, (size_t)(end - p));
}

/* Parse the lines as flowread.c does: blank lines, the header, rows. */
struct parse {
	struct csv_cols	cols;
	int		state;		/* 0 before the header, 1 rows, 2 rejected */
	int		fast;		/* rows through csv_next_fast first */
	struct buf	*rows;		/* each row's outcome and values, or NULL */
};

/* Append a row's outcome (csv_row's answer) to ps->rows. */
static void
outcome(struct parse *ps, int rc, const struct flow_row *row, int empty)
{
	char	c = (char)('1' + rc);

	if (ps->rows == NULL)
		return;
	buf_add(ps->rows, &c, 1);
	if (rc == 1) {
		buf_add(ps->rows, row, sizeof *row);
		buf_add(ps->rows, &empty, sizeof empty);
	}
}

static int
blank(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * The fast path on the line as the file had it (the reader strips one
 * carriage return before the newline: a line that still ends with one
 * had two), then padding, takes it only as csv_row does: a row (rc 1)
 * with the same values and no empty counter, up to its newline.
 */
static void
fast_agrees(const struct csv_cols *cols, const char *line, size_t len,
    int rc, const struct flow_row *row, int empty)
{
	static struct buf b = BUF_INIT;
	static char	 pad[CSV_PAD];
	size_t		 i;
	struct flow_row	 f;
	const char	*nl;
	size_t		 cr = len > 0 && line[len - 1] == '\r';

	/* (after the newline: digits and delimiters, which it must not take) */
	for (i = 0; i < sizeof pad; i++)
		pad[i] = "7,\"\n"[i % 4];
	buf_reset(&b);
	buf_add(&b, line, len);
	if (cr)
		buf_add(&b, "\r", 1);
	buf_add(&b, "\n", 1);
	buf_add(&b, pad, sizeof pad);
	memset(&f, 0, sizeof f);
	if ((nl = csv_fast_row(cols, b.data, &f)) == NULL)
		return;
	if (nl != b.data + len + cr || rc != 1 || empty != 0 ||
	    f.msisdn != row->msisdn || f.bytes != row->bytes ||
	    f.service != row->service || f.cell != row->cell)
		fuzz_fail("the fast path took a line otherwise than csv_row");
}

static void
parse_line(struct parse *ps, const char *line, size_t len, int overlong)
{
	struct flow_row	 row;
	char		 err[256];
	int		 empty, rc;

	memset(&row, 0, sizeof row);
	if (ps->state == 0) {
		if (!overlong && blank(line, len))
			return;
		ps->state = !overlong && csv_header(line, len, &ps->cols, err,
		    sizeof err) == 0 ? 1 : 2;
		if (ps->state == 1 && ps->cols.nfields == 0)
			fuzz_fail("a header without fields");
		return;
	}
	if (ps->state != 1 || overlong)
		return;
	err[0] = '\0';
	rc = csv_row(&ps->cols, line, len, &row, &empty, err, sizeof err);
	fast_agrees(&ps->cols, line, len, rc, &row, empty);
	outcome(ps, rc, &row, empty);
	if (rc == -1 && err[0] == '\0')
		fuzz_fail("a bad row without a reason");
	if (rc == 0 && !blank(line, len))
		fuzz_fail("a line with text taken for a blank one");
	if (rc == 1 && (row.msisdn > (uint64_t)CSV_MSISDN_MAX ||
	    row.service > INT32_MAX || row.cell > INT32_MAX ||
	    row.bytes > INT64_MAX || empty < 0 || empty > 2))
		fuzz_fail("a row accepted with a value out of range");
}

/*
 * One buffer for every reader, as a worker keeps one for its files:
 * what an earlier input left past the bytes read must change no row.
 */
static char	readbuf[CSV_BUF_SIZE];

/*
 * Read [start, end) of the file (gz: the whole stream through zlib)
 * and append its lines to out; parse them when ps is not NULL.
 * Returns the reader's last answer (0 at the end, -1 on an error).
 */
static int
read_range(int gz, off_t start, off_t end, struct buf *out,
    struct parse *ps, off_t size)
{
	struct csv_reader	*r;
	struct flow_row		 rows[3];
	const char		*line;
	char			 err[256];
	size_t			 len, n, i;
	int			 overlong, rc;
	unsigned char		 ov;

	if ((r = csv_open(fd, gz, start, end, gz || start == 0, readbuf, err,
	    sizeof err)) == NULL)
		return -1;
	for (;;) {
		/* As flowread.c reads rows: the fast path first. */
		while (ps != NULL && ps->fast && ps->state == 1 &&
		    (n = csv_next_fast(r, &ps->cols, rows, 3)) > 0)
			for (i = 0; i < n; i++)
				outcome(ps, 1, &rows[i], 0);
		if ((rc = csv_next(r, &line, &len, &overlong, err,
		    sizeof err)) != 1)
			break;
		if (overlong && len != 0)
			fuzz_fail("an overlong line with a length");
		if (!overlong && len > CSV_LINE_MAX)
			fuzz_fail("a line over CSV_LINE_MAX not flagged"
			    " overlong");
		ov = (unsigned char)overlong;
		buf_add(out, &ov, 1);
		buf_add(out, &len, sizeof len);
		buf_add(out, line, len);
		if (ps != NULL)
			parse_line(ps, line, len, overlong);
	}
	if (!gz && rc == 0 && end == CSV_END_NONE && csv_tell(r) != size)
		fuzz_fail("the whole file read, but csv_tell is not its size");
	csv_close(r);
	return rc;
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

static int
cmp_off(const void *a, const void *b)
{
	off_t	x = *(const off_t *)a, y = *(const off_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Read the file in the byte ranges ctl asks for into out; returns 0
 * when that is one range (nothing to compare).
 */
static int
read_ranges(const uint8_t *ctl, off_t size, struct buf *out)
{
	off_t	cuts[NCUTS_MAX + 1], start = 0;
	size_t	n = 0, i;

	for (i = 0; i < (size_t)(ctl[0] & 3); i++) {
		off_t c = (off_t)(ctl[1 + 2 * i] << 8 | ctl[2 + 2 * i]);

		if (size > 0 && (c %= size) > 0)
			cuts[n++] = c;
	}
	if (n == 0)
		return 0;
	qsort(cuts, n, sizeof cuts[0], cmp_off);
	cuts[n] = CSV_END_NONE;
	for (i = 0; i <= n; i++) {
		if (i > 0 && cuts[i] == start)
			continue;
		if (read_range(0, start, cuts[i], out, NULL, size) == -1)
			fuzz_fail("a read error in a byte range");
		start = cuts[i];
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf file = BUF_INIT, whole = BUF_INIT, ranged = BUF_INIT,
			  viagz = BUF_INIT, rows = BUF_INIT, fastrows = BUF_INIT,
			  lines = BUF_INIT;
	struct parse	 ps, fps;
	size_t		 len;
	int		 isgz;

	if (size < CTL_LEN)
		return 0;
	file_bytes(&file, data + CTL_LEN, size - CTL_LEN, data[0] & 8);
	len = file.len;
	fuzz_put(fd, file.data, len);
	isgz = len >= 2 && (unsigned char)file.data[0] == 0x1f &&
	    (unsigned char)file.data[1] == 0x8b;
	buf_reset(&whole);
	buf_reset(&ranged);
	buf_reset(&viagz);
	buf_reset(&rows);
	buf_reset(&fastrows);
	buf_reset(&lines);

	memset(&ps, 0, sizeof ps);
	ps.rows = &rows;
	if (read_range(0, 0, CSV_END_NONE, &whole, &ps, (off_t)len) == -1)
		fuzz_fail("a read error on a plain file");
	memset(&fps, 0, sizeof fps);
	fps.rows = &fastrows;
	fps.fast = 1;
	if (read_range(0, 0, CSV_END_NONE, &lines, &fps, (off_t)len) == -1 ||
	    !same(&rows, &fastrows))
		fuzz_fail("the fast path gave other rows than csv_next and"
		    " csv_row");
	csv_cols_free(&fps.cols);
	if (read_ranges(data, (off_t)len, &ranged) && !same(&ranged, &whole))
		fuzz_fail("the byte ranges gave other lines than one pass");
	if (data[0] & 4) {
		if (isgz) {
			struct parse gps;

			memset(&gps, 0, sizeof gps);
			(void)read_range(1, 0, CSV_END_NONE, &viagz, &gps,
			    (off_t)len);
			csv_cols_free(&gps.cols);
		} else if (read_range(1, 0, CSV_END_NONE, &viagz, NULL,
		    (off_t)len) == -1 || !same(&viagz, &whole))
			fuzz_fail("zlib gave other lines than the plain file");
	}
	csv_cols_free(&ps.cols);
	return 0;
}
