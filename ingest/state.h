/* state.h: what the database says about past runs */
#ifndef NETKPI_STATE_H
#define NETKPI_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "utctime.h"

/* A file an earlier run read (netkpi_files). */
struct recfile {
	char	*name;
	utc_us	 end;
	int64_t	 size;
	int64_t	 mtime_ns;
	int	 gz;
	int	 rejected;
};

/* An interval an earlier run processed (netkpi_intervals). */
struct recint {
	utc_us	end;
	int64_t	job_id;
};

struct dbstate {
	int		 have_floor;	/* intervals <= floor are not ours */
	utc_us		 floor;
	int		 have_last;	/* MAX(kpis_jobs.end_date) */
	utc_us		 last;
	/* Retention: files, and 5-minute rows, deleted up to these ends. */
	int		 have_files_expired, have_rows_expired;
	utc_us		 files_expired, rows_expired;
	struct recint	*ints;		/* end >= since, sorted */
	size_t		 nints;
	struct recfile	*files;		/* end >= since, sorted by end, name */
	size_t		 nfiles;
};

/*
 * Read the state; with record, first note the floor of a first run in
 * netkpi_state.  Intervals and files are read from since on.
 */
int	state_load(MYSQL *m, int record, utc_us since, struct dbstate *s,
	    char *err, size_t errlen);
void	state_free(struct dbstate *s);

/*
 * 1 when the files of interval e were deleted by retention (or its
 * 5-minute rows were): a file there is not read again.
 */
int	state_expired(const struct dbstate *s, utc_us e);

/* The processed interval ending at e, or NULL. */
const struct recint *state_interval(const struct dbstate *s, utc_us e);
/* The recorded files of interval e: first index and count. */
size_t	state_files(const struct dbstate *s, utc_us e, size_t *count);

#endif
