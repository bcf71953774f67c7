/* csv.h: streaming reader for flow CSV files (plain or gzip) */
#ifndef NETKPI_CSV_H
#define NETKPI_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A line longer than this (without its newline) is one bad row. */
#define CSV_LINE_MAX	65536

/*
 * Readable bytes after a line's newline that csv_fast_row needs: it
 * reads the 64 bytes at the line's start at once (and DELIM_PAD,
 * delim.h, past a delimiter).
 */
#define CSV_PAD		64

/* The largest msisdn: 15 digits (E.164). */
#define CSV_MSISDN_MAX	INT64_C(999999999999999)

/* What each column of a file holds, found from its header. */
enum csv_role {
	COL_OTHER, COL_MSISDN, COL_UP, COL_DOWN, COL_SERVICE, COL_CELL
};

struct csv_cols {
	unsigned char	*role;		/* role of each field, nfields long */
	size_t		 nfields;
};

/* One flow record, after validation. */
struct flow_row {
	uint64_t	msisdn;
	uint64_t	bytes;		/* uplink + downlink */
	uint32_t	service;
	uint32_t	cell;
};

/*
 * Parse a header line (newline and CR already removed).  Returns 0, or
 * -1 with the reason in err.  cols->role is allocated; csv_cols_free.
 */
int	csv_header(const char *line, size_t len, struct csv_cols *cols,
	    char *err, size_t errlen);
void	csv_cols_free(struct csv_cols *cols);

/*
 * Parse one data line (CR already removed).  Returns 1 for a row, 0 for
 * a blank line, -1 for a bad row with the reason in err.  *empty_counters
 * is the number of empty byte counters in the row (counted as 0).
 */
int	csv_row(const struct csv_cols *cols, const char *line, size_t len,
	    struct flow_row *row, int *empty_counters, char *err,
	    size_t errlen);

/*
 * The fast path of csv_row for the common line: every required value
 * plain digits (no blanks, quotes or empty values), the other fields
 * without a quote, the right field count.  p is the line's start in a
 * buffer where a newline follows it, with CSV_PAD readable bytes after
 * that.  Returns the line's newline, with *row set as
 * csv_row would set it (and no empty counter); NULL for any other line,
 * which csv_row then judges.
 */
const char *csv_fast_row(const struct csv_cols *cols, const char *p,
	    struct flow_row *row);

/*
 * A line source over an open file descriptor: plain (read with pread
 * from start, lines beginning before end) or gzip (the whole stream).
 * When !aligned, the partial line at start is skipped.  The reader
 * does not own fd.
 *
 * It reads into buf, CSV_BUF_SIZE bytes that the caller keeps and may
 * give to the next reader, once this one is closed; or, when buf is
 * NULL, into a buffer of its own.  A buffer used again costs no page
 * faults, where fresh memory for each file costs one a page.
 */
#define CSV_BUF_SIZE	(1024 * 1024 + 1 + CSV_PAD)
struct csv_reader;

#define CSV_END_NONE	((off_t)-1)

struct csv_reader *csv_open(int fd, int gz, off_t start, off_t end,
	    int aligned, char *buf, char *err, size_t errlen);
/*
 * The next line, without its newline and trailing CR.  Returns 1 with
 * *line and *len, 0 at the end, -1 on a read error (reason in err).  An
 * overlong line is returned with *overlong = 1 and len 0.
 */
int	csv_next(struct csv_reader *r, const char **line, size_t *len,
	    int *overlong, char *err, size_t errlen);
/*
 * The next lines, up to max, through csv_fast_row, while each is a
 * whole line in the buffer that csv_next would give as it is: returns
 * how many were read, their rows in rows[]; it stops before the first
 * line it does not take (csv_next and csv_row take that one).
 */
size_t	csv_next_fast(struct csv_reader *r, const struct csv_cols *cols,
	    struct flow_row *rows, size_t max);
/* Offset of the next unread byte (plain files). */
off_t	csv_tell(const struct csv_reader *r);
void	csv_close(struct csv_reader *r);

#endif
