/* dirscan.h: the flow files present in the input directory */
#ifndef NETKPI_DIRSCAN_H
#define NETKPI_DIRSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "utctime.h"

struct flowfile {
	char	*name;		/* "ipflow_data.ts-<T>.<N>.txt", without .gz */
	char	*path;		/* the file to read (.txt or .txt.gz) */
	utc_us	 end;		/* end of its interval */
	int	 gz;
	int64_t	 size;
	int64_t	 mtime_ns;
};

struct flowdir {
	struct flowfile	*files;	/* sorted by end, then name */
	size_t		 n;
};

/* Why a run skipped an entry of the input directory. */
enum skip_reason {
	SKIP_NAME,		/* not a flow file name */
	SKIP_TYPE,		/* not a regular file (directory, pipe...) */
	SKIP_UNREADABLE,	/* cannot be stat'ed or opened */
	SKIP_FLOOR,		/* dated at or before the first run's floor */
	SKIP_EXPIRED,		/* new or changed, its interval's files expired */
	SKIP_REASONS
};

/*
 * Entries a run names in warnings; the others are debug lines (-v).
 * A flow file whose rows are missing from its interval (unreadable, or
 * for an interval whose files were expired) is always named.
 */
#define SKIP_NAMED	5

/* What one run skipped, per reason (a netkpi_runs row). */
struct skipcount {
	int64_t	n[SKIP_REASONS];
	int	named;		/* warned by name so far, within SKIP_NAMED */
	int64_t	named_lost;	/* named whatever the bound */
};

/*
 * Count one entry skipped for reason r; returns 1 when it is to be
 * named in a warning (a lost file, or the first SKIP_NAMED others of
 * the run), 0 when only in a debug line: log_warn_if(skip_count(c, r),
 * ...).
 */
int	skip_count(struct skipcount *c, enum skip_reason r);
/* One line with the counts per reason, when not every entry was named. */
void	skip_summary(const struct skipcount *c);

/*
 * List dir: every name of the flow file pattern that is (or links to) a
 * readable regular file, X.txt before X.txt.gz.  Every other entry is
 * skipped and counted in *skipped (a few named in warnings).  Returns -1
 * with err when dir cannot be read.
 */
int	dirscan(const char *dir, struct flowdir *out, struct skipcount *skipped,
	    char *err, size_t errlen);
void	flowdir_free(struct flowdir *d);

/* The files of interval end e: index of the first and the count. */
size_t	flowdir_interval(const struct flowdir *d, utc_us e, size_t *count);

/* The shortest flow row: five one-digit values, their commas, a newline. */
#define FLOW_ROW_MIN	10

/*
 * The most rows files f[0..n) can hold: their bytes over FLOW_ROW_MIN
 * (a gzip file's compressed bytes: it may hold more).
 */
size_t	flowfile_rows_max(const struct flowfile *f, size_t n);

#endif
