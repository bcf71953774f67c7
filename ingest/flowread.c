/* flowread.c: read a set of flow files into one aggregate, on every core */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "fanout.h"
#include "flowread.h"
#include "log.h"
#include "text.h"
#include "xmalloc.h"

/*
 * A unit's least bytes.  A file is cut into four units a worker or
 * more: at 4 MiB, a five-minute file of 12 MiB made 3 units for 2
 * workers, one of them idle a third of the time.
 */
#define CHUNK_MIN	(1024 * 1024)
#define ROW_BATCH	256
#define FILES_AT_ONCE	128

struct rowerr {
	int64_t	line;		/* within the unit, from 1 */
	char	reason[128];
};

/* A byte range of one file that one worker reads. */
struct unit {
	size_t		file;
	off_t		start, end;
	int		aligned;
	int64_t		skip;		/* lines to skip first (gzip header) */
	int64_t		lines, ok, bad, empty;
	struct rowerr	errs[FLOWREAD_LOG_ERRS];
	int		nerr;
};

/* A file opened for reading, with its header. */
struct openfile {
	int		fd;
	struct csv_cols	cols;
	int64_t		header_lines;
	off_t		data_off;
};

struct flowread {
	int		 threads;
	char		**bufs;		/* each worker's CSV buffer, kept */
	int		 detailed;	/* files whose problems were warned */
	int64_t		 undetailed;	/* files with problems not warned */
	/* Per call: */
	int		 quiet;		/* FLOWREAD_QUIET */
	struct agg	*into;
	const struct flowfile *files;
	struct openfile	*of;
	struct unit	*units;
	size_t		 nunits, next;
	pthread_mutex_t	 mtx;
};

struct worker {
	struct flowread	*fr;
	char		*buf;
};

struct flowread *
flowread_new(int threads)
{
	struct flowread	*fr = xcalloc(1, sizeof *fr);
	long		 ncpu;

	if (threads <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		threads = ncpu > 0 ? (int)(ncpu > 256 ? 256 : ncpu) : 1;
	}
	fr->threads = threads;
	fr->bufs = xcalloc((size_t)threads, sizeof *fr->bufs);
	pthread_mutex_init(&fr->mtx, NULL);
	return fr;
}

void
flowread_free(struct flowread *fr)
{
	int	i;

	if (fr == NULL)
		return;
	for (i = 0; i < fr->threads; i++)
		free(fr->bufs[i]);
	free(fr->bufs);
	pthread_mutex_destroy(&fr->mtx);
	free(fr);
}

void
flowread_summary(const struct flowread *fr)
{
	if (fr->undetailed > 0)
		log_warn("%lld more files had bad rows or were rejected (-v"
		    " logs each; their counts are in netkpi_files)",
		    (long long)fr->undetailed);
}

int
flowread_threads(const struct flowread *fr)
{
	return fr->threads;
}

/*
 * Worker i's CSV buffer, made at its first use and kept: each run reads
 * hundreds of files, and fresh buffers would fault in every page.
 */
static char *
worker_buf(struct flowread *fr, size_t i)
{
	if (fr->bufs[i] == NULL)
		fr->bufs[i] = xcalloc(1, CSV_BUF_SIZE);
	return fr->bufs[i];
}

/*
 * Open f and read its header into buf; returns -1 (file rejected) with
 * err.
 */
static int
open_file(const struct flowfile *f, struct openfile *o, char *buf, char *err,
    size_t errlen)
{
	struct csv_reader	*r;
	const char		*line;
	size_t			 len;
	int			 overlong, rc;

	memset(o, 0, sizeof *o);
	if ((o->fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (f->size == 0 && !f->gz) {
		snprintf(err, errlen, "empty file");
		return -1;
	}
	if ((r = csv_open(o->fd, f->gz, 0, CSV_END_NONE, 1, buf, err,
	    errlen)) == NULL)
		return -1;
	while ((rc = csv_next(r, &line, &len, &overlong, err, errlen)) == 1) {
		o->header_lines++;
		if (overlong || !text_all_blank(line, len))
			break;
	}
	o->data_off = csv_tell(r);
	if (rc == 0)
		snprintf(err, errlen, o->header_lines == 0 ? "empty file" :
		    "no header line");
	else if (rc == 1 && overlong) {
		snprintf(err, errlen, "header line longer than %d bytes",
		    CSV_LINE_MAX);
		rc = -1;
	} else if (rc == 1)
		rc = csv_header(line, len, &o->cols, err, errlen) == 0 ? 1 : -1;
	csv_close(r);
	return rc == 1 ? 0 : -1;
}

static void
add_unit(struct flowread *fr, size_t *cap, size_t file, off_t start,
    off_t end, int aligned, int64_t skip)
{
	struct unit	*u;

	if (fr->nunits == *cap)
		fr->units = xreallocarray(fr->units, *cap = *cap * 2 + 16,
		    sizeof *fr->units);
	u = &fr->units[fr->nunits++];
	memset(u, 0, sizeof *u);
	u->file = file;
	u->start = start;
	u->end = end;
	u->aligned = aligned;
	u->skip = skip;
}

/* Cut every accepted file into units, plain files by byte ranges. */
static void
plan_units(struct flowread *fr, size_t n, const struct fileresult *res)
{
	int64_t		 total = 0, chunk;
	off_t		 start, len;
	size_t		 i, cap = 0;
	const struct flowfile *f;

	for (i = 0; i < n; i++)
		if (!res[i].rejected && !fr->files[i].gz)
			total += fr->files[i].size;
	chunk = total / (fr->threads * 4);
	if (chunk < CHUNK_MIN)
		chunk = CHUNK_MIN;
	fr->nunits = 0;
	for (i = 0; i < n; i++) {
		f = &fr->files[i];
		if (res[i].rejected)
			continue;
		if (f->gz) {
			add_unit(fr, &cap, i, 0, CSV_END_NONE, 1,
			    fr->of[i].header_lines);
			continue;
		}
		start = fr->of[i].data_off;
		len = f->size - start;
		while (len > chunk + chunk / 2) {
			add_unit(fr, &cap, i, start, start + chunk,
			    start == fr->of[i].data_off, 0);
			start += chunk;
			len -= chunk;
		}
		add_unit(fr, &cap, i, start, CSV_END_NONE,
		    start == fr->of[i].data_off, 0);
	}
}

static void
unit_error(struct unit *u, const char *reason)
{
	struct rowerr	*e;

	u->bad++;
	if (u->nerr == FLOWREAD_LOG_ERRS)
		return;
	e = &u->errs[u->nerr++];
	e->line = u->lines;
	snprintf(e->reason, sizeof e->reason, "%s", reason);
}

/* A line that csv_next gave: 1 when it is a row (in *row), else counted. */
static int
take_line(struct unit *u, const struct csv_cols *cols, const char *line,
    size_t len, int overlong, struct flow_row *row)
{
	char	err[128];
	int	rc, empty;

	u->lines++;
	if (overlong) {
		snprintf(err, sizeof err, "line longer than %d bytes",
		    CSV_LINE_MAX);
		unit_error(u, err);
		return 0;
	}
	rc = csv_row(cols, line, len, row, &empty, err, sizeof err);
	if (rc == -1)
		unit_error(u, err);
	if (rc != 1)
		return 0;
	u->ok++;
	u->empty += empty;
	return 1;
}

/* Read one unit into a, through buf. */
static void
run_unit(struct flowread *fr, struct unit *u, char *buf, struct agg_feed *a)
{
	const struct flowfile	*f = &fr->files[u->file];
	const struct csv_cols	*cols = &fr->of[u->file].cols;
	struct flow_row		 rows[ROW_BATCH];
	struct csv_reader	*r;
	const char		*line;
	char			 err[128];
	size_t			 len, nrows = 0, n;
	int			 overlong, rc;
	int64_t			 skip = u->skip;

	if ((r = csv_open(fr->of[u->file].fd, f->gz, u->start, u->end,
	    u->aligned, buf, err, sizeof err)) == NULL) {
		unit_error(u, err);
		return;
	}
	for (;;) {
		/* Most lines: parsed in the reader's buffer, in one pass. */
		if (skip == 0) {
			n = csv_next_fast(r, cols, rows + nrows,
			    ROW_BATCH - nrows);
			u->lines += (int64_t)n;
			u->ok += (int64_t)n;
			nrows += n;
		}
		if (nrows == ROW_BATCH) {
			agg_feed_add(a, rows, nrows);
			nrows = 0;
			continue;
		}
		if ((rc = csv_next(r, &line, &len, &overlong, err,
		    sizeof err)) != 1)
			break;
		if (skip > 0)
			skip--;
		else
			nrows += (size_t)take_line(u, cols, line, len, overlong,
			    &rows[nrows]);
	}
	agg_feed_add(a, rows, nrows);
	if (rc == -1) {
		u->lines++;
		unit_error(u, err);
	}
	csv_close(r);
}

static void
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct flowread	*fr = w->fr;
	struct agg_feed	*feed = agg_feed_new(fr->into);
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&fr->mtx);
		i = fr->next++;
		pthread_mutex_unlock(&fr->mtx);
		if (i >= fr->nunits)
			break;
		run_unit(fr, &fr->units[i], w->buf, feed);
	}
	agg_feed_done(feed);
}

/* Run the units on the workers, the calling thread being worker 0. */
static void
run_workers(struct flowread *fr)
{
	struct worker	*w;
	size_t		 i, n = (size_t)fr->threads;

	if (n > fr->nunits)
		n = fr->nunits > 0 ? fr->nunits : 1;
	w = xcalloc(n, sizeof *w);
	fr->next = 0;
	for (i = 0; i < n; i++) {
		w[i].fr = fr;
		w[i].buf = worker_buf(fr, i);
	}
	/* A worker whose thread did not start finds no unit left. */
	if (fanout(w, n, sizeof *w, worker_main) + 1 < n)
		log_warn("cannot start a reader thread; using fewer");
	free(w);
}

/*
 * Whether the problems of one more file are logged as warnings: those
 * of the first FLOWREAD_LOG_FILES files of the run; the others are
 * counted (and logged as debug lines).
 */
static int
detail(struct flowread *fr)
{
	if (fr->detailed < FLOWREAD_LOG_FILES) {
		fr->detailed++;
		return 1;
	}
	fr->undetailed++;
	return 0;
}

/* Log the first bad rows of units [j, end) of file i. */
static void
report_file(struct flowread *fr, size_t i, size_t j, size_t end,
    const struct fileresult *res)
{
	const char	*path = fr->files[i].path;
	struct unit	*u;
	int64_t		 base = fr->of[i].header_lines;
	int		 k, logged = 0, warn;

	if (fr->quiet || (res->rows_bad == 0 && res->empty_counters == 0))
		return;
	warn = detail(fr);
	for (; j < end; j++) {
		u = &fr->units[j];
		for (k = 0; k < u->nerr && logged < FLOWREAD_LOG_ERRS;
		    k++, logged++)
			log_warn_if(warn, "%s:%lld: %s", path,
			    (long long)(base + u->errs[k].line),
			    u->errs[k].reason);
		base += u->lines;
	}
	if (res->rows_bad > logged)
		log_warn_if(warn, "%s: %lld more bad rows", path,
		    (long long)(res->rows_bad - logged));
	if (res->empty_counters > 0)
		log_warn_if(warn, "%s: %lld empty byte counters, counted as 0",
		    path, (long long)res->empty_counters);
}

/* Fill res from the units and log the first bad rows of each file. */
static void
report(struct flowread *fr, size_t n, struct fileresult *res)
{
	size_t		 i, j, first;
	struct unit	*u;

	for (i = 0, j = 0; i < n; i++) {
		if (res[i].rejected)
			continue;
		for (first = j; j < fr->nunits && fr->units[j].file == i; j++) {
			u = &fr->units[j];
			res[i].rows_ok += u->ok;
			res[i].rows_bad += u->bad;
			res[i].empty_counters += u->empty;
		}
		report_file(fr, i, first, j, &res[i]);
	}
}

/* Read one batch of files (all open at once). */
static void
read_batch(struct flowread *fr, const struct flowfile *files, size_t n,
    struct fileresult *res, struct agg *into)
{
	char		 err[256];
	size_t		 i;

	fr->files = files;
	fr->into = into;
	fr->of = xcalloc(n + 1, sizeof *fr->of);
	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		if (open_file(&files[i], &fr->of[i], worker_buf(fr, 0), err,
		    sizeof err) == -1) {
			/* Its rows are lost: named whatever the bound. */
			if (!fr->quiet)
				log_warn("%s: file rejected: %s",
				    files[i].path, err);
			res[i].rejected = 1;
		}
	}
	plan_units(fr, n, res);
	run_workers(fr);
	report(fr, n, res);
	for (i = 0; i < n; i++) {
		csv_cols_free(&fr->of[i].cols);
		if (fr->of[i].fd >= 0)
			close(fr->of[i].fd);
	}
	free(fr->of);
	fr->of = NULL;
	free(fr->units);
	fr->units = NULL;
	fr->into = NULL;
}

void
flowread_files(struct flowread *fr, const struct flowfile *files, size_t n,
    struct fileresult *res, struct agg *into, int flags)
{
	size_t	i, k;

	fr->quiet = (flags & FLOWREAD_QUIET) != 0;
	/* Bounded: a thousand small files must not run out of descriptors. */
	for (i = 0; i < n; i += k) {
		k = n - i < FILES_AT_ONCE ? n - i : FILES_AT_ONCE;
		read_batch(fr, files + i, k, res + i, into);
	}
}
