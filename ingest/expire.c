/* expire.c: retention: what an ingest run deletes after it writes */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "expire.h"
#include "log.h"
#include "state.h"

/* Note the floor first, as a first run would: --expire may be one. */
static int
note_floor(struct expiry *x, char *err, size_t errlen)
{
	struct dbstate	s;

	if (x->dry_run)
		return 0;
	if (state_load(x->m, 1, UTC_MAX_US, &s, err, errlen) == -1)
		return -1;
	state_free(&s);
	return 0;
}

int
expire_run(struct expiry *x, char *err, size_t errlen)
{
	double	t0 = utc_mono();
	int	rc;

	x->deadline = t0 + EXPIRE_SECONDS;
	x->files = x->bytes = x->rows = 0;
	x->dir_files = x->dir_bytes = -1;
	x->over_size = 0;
	rc = note_floor(x, err, errlen);
	if (rc == 0)
		rc = expire_files(x, err, errlen);
	if (rc == 0)
		rc = expire_rows(x, err, errlen);
	if (x->files > 0 || x->rows > 0)
		log_info("retention: %s %lld flow files (%lld bytes) and %lld"
		    " KPI rows, %.3f s", x->dry_run ? "would delete" :
		    "deleted", (long long)x->files, (long long)x->bytes,
		    (long long)x->rows, utc_mono() - t0);
	return rc;
}
