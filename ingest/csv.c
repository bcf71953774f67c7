/* csv.c: streaming reader for flow CSV files (plain or gzip) */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "csv.h"
#include "delim.h"
#include "num.h"
#include "text.h"
#include "xmalloc.h"

#define CSV_BUF		(CSV_BUF_SIZE - 1 - CSV_PAD)
/* The first read of a reader: a header or a short unit needs no more. */
#define CSV_FIRST_READ	(2 * CSV_LINE_MAX)

/*
 * The field splitter runs for every field of every row: inlined into
 * its callers, or rows cost a call per field (GCC and clang).
 */
#define FIELD_INLINE	static inline __attribute__((always_inline))

struct csv_reader {
	int	 fd;
	gzFile	 gz;		/* NULL for a plain file */
	off_t	 off;		/* file offset of buf[fill] (plain) */
	off_t	 end;		/* lines starting here or later are not ours */
	char	*buf;
	int	 ownbuf;	/* buf is the reader's own, freed with it */
	size_t	 pos, fill;
	size_t	 want;		/* bytes asked of the next read, doubling */
	int	 eof;
	int	 discard_first;
};

static const char *const role_names[] = {
	NULL, "msisdn", "bytes_uplink", "bytes_downlink", "service_id", "cell_id"
};

/*
 * The field [s, e) ends at p (a comma, or end): trim the blanks around
 * its value into [*vs, *ve), advance *pp past the comma, and set *last
 * when the line ends after it.
 */
static inline void
field_done(const char *s, const char *e, const char *p, const char *end,
    const char **pp, const char **vs, const char **ve, int *last)
{
	while (s < e && text_is_blank(*s))
		s++;
	while (e > s && text_is_blank(e[-1]))
		e--;
	*vs = s;
	*ve = e;
	*last = p == end;
	*pp = p < end ? p + 1 : p;
}

/*
 * Split the field at *pp of a line that holds a double quote (RFC
 * 4180): a field that starts with a quote (after blanks) may hold
 * commas and doubled quotes ("") up to its closing quote, then only
 * blanks; any other field holds no quote.  The value is the text
 * between the quotes, doubled quotes left as they are; *esc is 1 when
 * it holds one.  Returns -1 with *why on a quote error.
 */
FIELD_INLINE int
quoted_line_field(const char **pp, const char *end, const char **vs,
    const char **ve, int *esc, int *last, const char **why)
{
	const char	*p = *pp, *q, *s, *e;

	*esc = 0;
	while (p < end && text_is_blank(*p))
		p++;
	if (p == end || *p != '"') {
		s = p;
		if ((p = memchr(p, ',', (size_t)(end - p))) == NULL)
			p = end;
		if (memchr(s, '"', (size_t)(p - s)) != NULL) {
			*why = "a quote in a field that does not start with one";
			return -1;
		}
		field_done(s, p, p, end, pp, vs, ve, last);
		return 0;
	}
	s = ++p;
	while ((q = memchr(p, '"', (size_t)(end - p))) != NULL &&
	    q + 1 < end && q[1] == '"') {
		*esc = 1;
		p = q + 2;
	}
	if (q == NULL) {
		*why = "unterminated quote";
		return -1;
	}
	e = q;
	for (p = q + 1; p < end && text_is_blank(*p); p++)
		;
	if (p < end && *p != ',') {
		*why = "text after a closing quote";
		return -1;
	}
	field_done(s, e, p, end, pp, vs, ve, last);
	return 0;
}

/*
 * Split the field at *pp: the value, without blanks around it or its
 * double quotes, in [*vs, *ve); *esc is 1 when it holds a doubled
 * quote.  quotes is 0 when the line holds no double quote at all, the
 * common case, which needs no quote handling.  Advances *pp past the
 * comma; *last is 1 when the line ends after this field.  Returns -1
 * with *why on a quote error.
 */
FIELD_INLINE int
next_field(const char **pp, const char *end, int quotes, const char **vs,
    const char **ve, int *esc, int *last, const char **why)
{
	const char	*s = *pp, *p;

	if (quotes)
		return quoted_line_field(pp, end, vs, ve, esc, last, why);
	*esc = 0;
	if ((p = memchr(s, ',', (size_t)(end - s))) == NULL)
		p = end;
	field_done(s, p, p, end, pp, vs, ve, last);
	return 0;
}

void
csv_cols_free(struct csv_cols *cols)
{
	free(cols->role);
	cols->role = NULL;
	cols->nfields = 0;
}

static enum csv_role
role_of(const char *s, size_t len)
{
	size_t	i;

	for (i = 1; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strlen(role_names[i]) == len &&
		    memcmp(role_names[i], s, len) == 0)
			return (enum csv_role)i;
	return COL_OTHER;
}

int
csv_header(const char *line, size_t len, struct csv_cols *cols, char *err,
    size_t errlen)
{
	const char	*p = line, *end = line + len, *vs, *ve, *why;
	int		 seen[6] = { 0 }, last = 0, esc;
	int		 quotes = memchr(line, '"', len) != NULL;
	size_t		 cap = 8, i;
	enum csv_role	 r;

	cols->nfields = 0;
	cols->role = xmalloc(cap);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (!last) {
		/* No required name holds a quote: one with "" is an extra. */
		if (next_field(&p, end, quotes, &vs, &ve, &esc, &last,
		    &why) == -1) {
			snprintf(err, errlen, "header: %s", why);
			goto fail;
		}
		r = role_of(vs, (size_t)(ve - vs));
		if (r != COL_OTHER && seen[r]++) {
			snprintf(err, errlen, "header: column \"%s\" appears twice",
			    role_names[r]);
			goto fail;
		}
		if (cols->nfields == cap)
			cols->role = xreallocarray(cols->role, cap *= 2, 1);
		cols->role[cols->nfields++] = (unsigned char)r;
	}
	for (i = 1; i < sizeof seen / sizeof seen[0]; i++) {
		if (!seen[i]) {
			snprintf(err, errlen, "header: no \"%s\" column",
			    role_names[i]);
			goto fail;
		}
	}
	return 0;
fail:
	csv_cols_free(cols);
	return -1;
}

/*
 * Parse one required value (esc: it holds a doubled quote); returns -1
 * with the reason in err.
 */
static int
parse_value(enum csv_role r, const char *s, size_t len, int esc, int64_t *v,
    int *empty_counters, char *err, size_t errlen)
{
	const char	*why;
	int64_t		 max = INT64_MAX;

	if (esc) {
		snprintf(err, errlen, "%s: not a number (it holds a quote)",
		    role_names[r]);
		return -1;
	}
	if (len == 0 && (r == COL_UP || r == COL_DOWN)) {
		(*empty_counters)++;
		*v = 0;
		return 0;
	}
	if (r == COL_MSISDN)
		max = CSV_MSISDN_MAX;
	else if (r == COL_SERVICE || r == COL_CELL)
		max = INT32_MAX;
	if (num_parse(s, len, 0, max, v, &why) == -1) {
		snprintf(err, errlen, "%s: %s", role_names[r], why);
		return -1;
	}
	if (r == COL_MSISDN && len > 15) {
		snprintf(err, errlen, "msisdn: more than 15 digits");
		return -1;
	}
	return 0;
}

int
csv_row(const struct csv_cols *cols, const char *line, size_t len,
    struct flow_row *row, int *empty_counters, char *err, size_t errlen)
{
	const char	*p = line, *end = line + len, *vs, *ve, *why;
	int64_t		 v[6] = { 0 };
	size_t		 n = 0, i;
	int		 last = 0, bad = 0, esc, quotes;
	enum csv_role	 r;

	for (i = 0; i < len && text_is_blank(line[i]); i++)
		;
	if (i == len)
		return 0;
	*empty_counters = 0;
	/* Most lines hold no quote: then no field is searched for one. */
	quotes = memchr(line + i, '"', len - i) != NULL;
	while (!last) {
		if (next_field(&p, end, quotes, &vs, &ve, &esc, &last,
		    &why) == -1) {
			snprintf(err, errlen, "%s", why);
			return -1;
		}
		if (n < cols->nfields && (r = cols->role[n]) != COL_OTHER &&
		    !bad && parse_value(r, vs, (size_t)(ve - vs), esc, &v[r],
		    empty_counters, err, errlen) == -1)
			bad = 1;
		n++;
	}
	if (n != cols->nfields) {
		snprintf(err, errlen, "wrong field count: %zu, the header has %zu",
		    n, cols->nfields);
		return -1;
	}
	if (bad)
		return -1;
	if (v[COL_UP] > INT64_MAX - v[COL_DOWN]) {
		snprintf(err, errlen, "bytes_uplink + bytes_downlink: too large");
		return -1;
	}
	row->msisdn = (uint64_t)v[COL_MSISDN];
	row->bytes = (uint64_t)(v[COL_UP] + v[COL_DOWN]);
	row->service = (uint32_t)v[COL_SERVICE];
	row->cell = (uint32_t)v[COL_CELL];
	return 1;
}

struct csv_reader *
csv_open(int fd, int gz, off_t start, off_t end, int aligned, char *buf,
    char *err, size_t errlen)
{
	struct csv_reader	*r;
	int			 gfd;

	r = xcalloc(1, sizeof *r);
	r->fd = fd;
	/* Unaligned: the line holding byte start-1 belongs to the range before. */
	r->off = aligned || start == 0 ? start : start - 1;
	r->end = end;
	r->discard_first = !aligned && start > 0;
	if (gz) {
		if (lseek(fd, 0, SEEK_SET) == -1 || (gfd = dup(fd)) == -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			free(r);
			return NULL;
		}
		if ((r->gz = gzdopen(gfd, "rb")) == NULL) {
			snprintf(err, errlen, "gzip: cannot open the stream");
			close(gfd);
			free(r);
			return NULL;
		}
		gzbuffer(r->gz, 128 * 1024);
	}
	/* A newline after the bytes read, and room for wide reads past it. */
	if ((r->buf = buf) == NULL) {
		r->buf = xcalloc(1, CSV_BUF_SIZE);
		r->ownbuf = 1;
	}
	r->buf[0] = '\n';
	r->want = CSV_FIRST_READ;
	return r;
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	if (r->gz != NULL)
		gzclose(r->gz);
	if (r->ownbuf)
		free(r->buf);
	free(r);
}

off_t
csv_tell(const struct csv_reader *r)
{
	return r->off - (off_t)(r->fill - r->pos);
}

/*
 * Read more bytes after buf[fill], twice as many as the last time up
 * to the buffer's end; returns -1 on a read error.
 */
static int
fill_buf(struct csv_reader *r, char *err, size_t errlen)
{
	size_t	 room = CSV_BUF - r->fill;
	ssize_t	 n;
	int	 zerr;

	if (room > r->want)
		room = r->want;
	if (r->want < CSV_BUF)
		r->want *= 2;
	if (r->gz != NULL) {
		n = gzread(r->gz, r->buf + r->fill, (unsigned)room);
		if (n < 0) {
			snprintf(err, errlen, "gzip: %s", gzerror(r->gz, &zerr));
			return -1;
		}
	} else {
		do
			n = pread(r->fd, r->buf + r->fill, room, r->off);
		while (n == -1 && errno == EINTR);
		if (n < 0) {
			snprintf(err, errlen, "read: %s", strerror(errno));
			return -1;
		}
	}
	if (n == 0)
		r->eof = 1;
	r->fill += (size_t)n;
	r->off += n;
	r->buf[r->fill] = '\n';
	return 0;
}

/* The next line of the stream, ignoring end. */
static int
next_raw(struct csv_reader *r, const char **line, size_t *len,
    int *overlong, char *err, size_t errlen)
{
	char	*s, *nl;
	int	 skipping = 0;

	for (;;) {
		s = r->buf + r->pos;
		nl = memchr(s, '\n', r->fill - r->pos);
		if (nl == NULL && r->eof && (r->pos < r->fill || skipping))
			nl = r->buf + r->fill;
		if (nl != NULL) {
			*len = (size_t)(nl - s);
			r->pos = nl < r->buf + r->fill ? (size_t)(nl - r->buf) + 1 :
			    r->fill;
			if (*len > 0 && s[*len - 1] == '\r')
				(*len)--;
			*line = s;
			*overlong = skipping || *len > CSV_LINE_MAX;
			if (*overlong)
				*len = 0;
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->fill - r->pos > CSV_LINE_MAX + 1) {
			skipping = 1;
			r->pos = r->fill;
		}
		memmove(r->buf, r->buf + r->pos, r->fill - r->pos);
		r->fill -= r->pos;
		r->pos = 0;
		r->buf[r->fill] = '\n';
		if (fill_buf(r, err, errlen) == -1)
			return -1;
	}
}

/* Whether the next line starts at or after end (then it is not ours). */
static int
past_end(const struct csv_reader *r)
{
	return r->gz == NULL && r->end != CSV_END_NONE && csv_tell(r) >= r->end;
}

size_t
csv_next_fast(struct csv_reader *r, const struct csv_cols *cols,
    struct flow_row *rows, size_t max)
{
	const char	*s = r->buf + r->pos, *end = r->buf + r->fill;
	const char	*limit = end, *nl;
	size_t		 n = 0;

	if (r->discard_first || past_end(r))
		return 0;
	/* Only lines that start before r->end are ours. */
	if (r->gz == NULL && r->end != CSV_END_NONE &&
	    r->end - csv_tell(r) < end - s)
		limit = s + (r->end - csv_tell(r));
	while (n < max && s < limit &&
	    (nl = csv_fast_row(cols, s, &rows[n])) != NULL && nl < end &&
	    nl - s < CSV_LINE_MAX) {
		s = nl + 1;
		n++;
	}
	r->pos = (size_t)(s - r->buf);
	return n;
}

int
csv_next(struct csv_reader *r, const char **line, size_t *len, int *overlong,
    char *err, size_t errlen)
{
	int	rc;

	if (r->discard_first) {
		r->discard_first = 0;
		if ((rc = next_raw(r, line, len, overlong, err, errlen)) != 1)
			return rc;
	}
	if (past_end(r))
		return 0;
	return next_raw(r, line, len, overlong, err, errlen);
}
