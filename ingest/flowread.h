/* flowread.h: read a set of flow files into one aggregate, on every core */
#ifndef NETKPI_FLOWREAD_H
#define NETKPI_FLOWREAD_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "dirscan.h"

/* What reading one file gave. */
struct fileresult {
	int	rejected;	/* the whole file (no usable header, unreadable) */
	int64_t	rows_ok;
	int64_t	rows_bad;
	int64_t	empty_counters;	/* empty byte counters, counted as 0 */
};

/* How many bad rows of one file are logged with file:line: reason. */
#define FLOWREAD_LOG_ERRS	5
/*
 * How many files with bad rows (or rejected whole) a run logs in
 * detail; the others are debug lines (-v), and counted.
 */
#define FLOWREAD_LOG_FILES	10

struct flowread;

/* A reader with threads workers (0: one per core); flowread_free. */
struct flowread *flowread_new(int threads);
void	flowread_free(struct flowread *fr);
int	flowread_threads(const struct flowread *fr);

/* Flags of flowread_files. */
#define FLOWREAD_QUIET	1	/* log nothing about bad rows and files */

/*
 * Read files[0..n) (big plain files split by byte ranges) and add
 * their rows to into (made with flowread_threads partitions).  res gets
 * one entry per file.  Unless flags has FLOWREAD_QUIET (a second
 * reading), bad rows and rejected files are logged here, in detail for
 * the first FLOWREAD_LOG_FILES such files of the reader.
 */
void	flowread_files(struct flowread *fr, const struct flowfile *files,
	    size_t n, struct fileresult *res, struct agg *into, int flags);
/*
 * At the end of a run: one line with how many more files than
 * FLOWREAD_LOG_FILES had bad rows or were rejected, if any.
 */
void	flowread_summary(const struct flowread *fr);

#endif
