/* csvout.c: CSV answers (RFC 4180, CRLF line ends): fields, header rows, KPI rows */
#include "config.h"

#include <string.h>

#include "csvout.h"
#include "num.h"

/* 1 when s[0..n) must be quoted to be read back as it is. */
static int
needs_quotes(const char *s, size_t n)
{
	size_t	i;

	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

void
csvout_field(struct buf *b, const char *s, size_t n)
{
	size_t	i;

	if (!needs_quotes(s, n)) {
		buf_add(b, s, n);
		return;
	}
	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

void
csvout_header(struct buf *b, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ',');
		csvout_field(b, names[i], strlen(names[i]));
	}
	buf_add(b, "\r\n", 2);
}

size_t
csvout_kpi_row(char *out, const struct kpi_row *row)
{
	char	*p = out;

	p += num_format(row->id, p);
	*p++ = ',';
	p += row_time_format(&row->start, p);
	*p++ = ',';
	p += row_time_format(&row->end, p);
	*p++ = ',';
	p += num_format(row->interval, p);
	*p++ = ',';
	p += num_format(row->key, p);
	*p++ = ',';
	p += num_format(row->value, p);
	*p++ = '\r';
	*p++ = '\n';
	return (size_t)(p - out);
}

size_t
csvout_pair(char *out, int64_t key, int64_t value)
{
	char	*p = out;

	p += num_format(key, p);
	*p++ = ',';
	p += num_format(value, p);
	*p++ = '\r';
	*p++ = '\n';
	return (size_t)(p - out);
}
