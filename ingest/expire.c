/* expire.c: retention: what an ingest run deletes after it writes */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "expire.h"
#include "log.h"
#include "retention_schema.h"
#include "runs.h"
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

/* rc, with err logged when it is -1. */
static int
said(int rc, const char *err)
{
	if (rc == -1)
		log_error("retention: %s; the next run goes on", err);
	return rc;
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
	/*
	 * Rows go even when the directory cannot be read.  A database not
	 * migrated since the expiry's own version came bumps the data
	 * version, as before.
	 */
	if ((rc = said(note_floor(x, err, errlen), err)) == 0 &&
	    (rc = said(retention_schema_has(x->m, "netkpi_version",
	    "expired_to", &x->own_version, err, errlen), err)) == 0) {
		rc = said(expire_files(x, err, errlen), err);
		if (said(expire_rows(x, err, errlen), err) == -1)
			rc = -1;
	}
	if (x->files > 0 || x->rows > 0)
		log_info("retention: %s %lld flow files (%lld bytes) and %lld"
		    " rows, %.3f s", x->dry_run ? "would delete" :
		    "deleted", (long long)x->files, (long long)x->bytes,
		    (long long)x->rows, utc_mono() - t0);
	return rc;
}

int
expire_ingest(MYSQL *m, const struct conf *c, utc_us now, int dry_run,
    struct runrow *row)
{
	struct expiry	x;
	char		err[1024];
	int		rc;

	memset(&x, 0, sizeof x);
	x.m = m;
	x.r = &c->retention;
	x.input_dir = c->input_dir;
	x.now = now;
	x.dry_run = dry_run;
	x.top_n = c->top_n;
	x.kpis = c->kpis;
	rc = expire_run(&x, err, sizeof err);
	row->expired_files = x.files;
	row->expired_bytes = x.bytes;
	row->expired_rows = x.rows;
	row->flow_files = x.dir_files;
	row->flow_bytes = x.dir_bytes;
	row->over_size = c->retention.flow_files_size > 0 ? x.over_size : -1;
	return rc;
}
