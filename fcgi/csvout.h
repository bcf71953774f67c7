/* csvout.h: CSV answers (RFC 4180, CRLF line ends): fields, header rows, KPI rows */
#ifndef NETKPI_CSVOUT_H
#define NETKPI_CSVOUT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rows.h"
#include "utctime.h"

/* The Content-Type of every CSV answer (RFC 4180, RFC 7111). */
#define CSV_CONTENT_TYPE	"text/csv; charset=utf-8; header=present"

/*
 * s[0..n) as one field onto b: as it is, or between double quotes with
 * each quote doubled when it holds a comma, a quote, CR or LF, or
 * starts or ends with a space (which some readers trim).
 */
void	csvout_field(struct buf *b, const char *s, size_t n);

/* A header row of the n names, fields through csvout_field, then CRLF. */
void	csvout_header(struct buf *b, const char *const *names, size_t n);

/*
 * One KPI row as CSV, in the JSON's key order: id, start, end, interval,
 * key, value, then CRLF; datetimes as the JSON writes them.  out holds
 * at least CSV_ROW_MAX bytes; returns the length.  No field of such a
 * row ever needs quoting.
 */
#define CSV_ROW_MAX	(2 * UTC_ISO_LEN + 5 * 24 + 8)
size_t	csvout_kpi_row(char *out, const struct kpi_row *row);

/* "key,value\r\n" for two integers; out holds CSV_ROW_MAX bytes. */
size_t	csvout_pair(char *out, int64_t key, int64_t value);

#endif
