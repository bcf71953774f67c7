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

/*
 * List dir: every name of the flow file pattern that is (or links to) a
 * readable regular file, X.txt before X.txt.gz.  Every other entry is
 * skipped with one warning.  Returns -1 with err when dir cannot be read.
 */
int	dirscan(const char *dir, struct flowdir *out, char *err, size_t errlen);
void	flowdir_free(struct flowdir *d);

/* The files of interval end e: index of the first and the count. */
size_t	flowdir_interval(const struct flowdir *d, utc_us e, size_t *count);

#endif
