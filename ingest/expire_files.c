/* expire_files.c: retention of flow files: by age, then by size */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirscan.h"
#include "expire.h"
#include "flowname.h"
#include "jsonline.h"
#include "log.h"
#include "plan.h"
#include "state.h"
#include "xmalloc.h"

/*
 * A flow file of input_dir.  A symbolic link is looked at (through it)
 * to tell whether its interval is written, but never deleted nor
 * counted in the size: its target may live anywhere.
 */
struct entry {
	char		*name;		/* the directory entry */
	struct flowfile	 f;		/* f.name: without ".gz" */
	int		 link;
	int		 deleted;
};

struct scan {
	struct entry	*e;		/* by interval end, then name */
	size_t		 n;
	int64_t		 files, bytes;	/* regular files (no links) */
	int		 fd;		/* the directory */
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry	*x = a, *y = b;

	if (x->f.end != y->f.end)
		return x->f.end < y->f.end ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Add entry name when it is a flow file (or a link to one). */
static void
scan_entry(struct scan *sc, const char *name, size_t *cap)
{
	struct entry	*e;
	struct stat	 st;
	size_t		 stemlen;
	utc_us		 t;
	int		 gz, link;

	if (flowname_parse(name, &t, &gz, &stemlen) == -1 ||
	    fstatat(sc->fd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return;
	link = S_ISLNK(st.st_mode);
	if ((link && fstatat(sc->fd, name, &st, 0) == -1) ||
	    !S_ISREG(st.st_mode))
		return;
	if (sc->n == *cap)
		sc->e = xreallocarray(sc->e, *cap = *cap * 2 + 64, sizeof *sc->e);
	e = &sc->e[sc->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->f.name = xstrndup(name, stemlen);
	e->f.end = flowname_interval(t);
	e->f.gz = gz;
	e->f.size = (int64_t)st.st_size;
	e->f.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	e->link = link;
	if (!link) {
		sc->files++;
		sc->bytes += e->f.size;
	}
}

/* List dir's flow files; sc->fd stays open (scan_free closes it). */
static int
scan_dir(const char *dir, struct scan *sc, char *err, size_t errlen)
{
	struct dirent	*de;
	DIR		*dp;
	size_t		 cap = 0;

	memset(sc, 0, sizeof *sc);
	sc->fd = -1;
	if ((dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "input_dir %s: %s", dir, strerror(errno));
		return -1;
	}
	sc->fd = dup(dirfd(dp));
	while ((de = readdir(dp)) != NULL)
		scan_entry(sc, de->d_name, &cap);
	closedir(dp);
	if (sc->n > 0)
		qsort(sc->e, sc->n, sizeof *sc->e, entry_cmp);
	return 0;
}

static void
scan_free(struct scan *sc)
{
	size_t	i;

	for (i = 0; i < sc->n; i++) {
		free(sc->e[i].name);
		free(sc->e[i].f.name);
	}
	free(sc->e);
	if (sc->fd >= 0)
		close(sc->fd);
	memset(sc, 0, sizeof *sc);
}

/* The entries of interval e: index of the first and the count. */
static size_t
scan_interval(const struct scan *sc, utc_us e, size_t *count)
{
	return utc_range(sc->e, sc->n, sizeof *sc->e,
	    offsetof(struct entry, f) + offsetof(struct flowfile, end), e,
	    count);
}

/* 1 when e is at or before the original's last interval. */
static int
below_floor(const struct dbstate *s, utc_us e)
{
	return s->have_floor && e <= s->floor;
}

/* 1 when interval e is written and its files are those it read. */
static int
interval_done(const struct dbstate *s, const struct scan *sc, utc_us e)
{
	size_t	i, n;

	if (below_floor(s, e))
		return 1;
	if (state_interval(s, e) == NULL)
		return 0;
	for (i = scan_interval(sc, e, &n); n > 0; i++, n--)
		if (plan_file_changed(s, &sc->e[i].f))
			return 0;
	return 1;
}

/*
 * 1 when the files of interval e may go: it is written, and so is its
 * hour (its last interval, and every interval of it with files).
 */
static int
committed(const struct dbstate *s, const struct scan *sc, utc_us e)
{
	utc_us	h = interval_hour(e), i;
	size_t	n;

	if (!below_floor(s, h) && state_interval(s, h) == NULL)
		return 0;
	for (i = h - USEC_PER_HOUR + INTERVAL_US; i <= h; i += INTERVAL_US) {
		(void)scan_interval(sc, i, &n);
		if (n > 0 && !interval_done(s, sc, i))
			return 0;
	}
	return 1;
}

/* 1 when entry x of an expired interval is to go: read before, unchanged. */
static int
deletable(const struct dbstate *s, const struct entry *x)
{
	return !x->link && (below_floor(s, x->f.end) ||
	    !plan_file_changed(s, &x->f));
}

/*
 * The last interval end whose files go (*to; *have 0: none), oldest
 * first: by age, then while the files left exceed the size.  Stops at
 * the first interval not written yet, and says so when over the size.
 */
static void
choose(struct expiry *x, const struct dbstate *s, const struct scan *sc,
    utc_us *to, int *have)
{
	const struct retention *r = x->r;
	utc_us	age_to = x->now - r->flow_files * USEC_PER_SEC, e;
	int64_t	left = sc->bytes;
	size_t	i, j;
	char	iso[UTC_ISO_LEN];

	*have = s->have_files_expired;
	*to = s->files_expired;
	for (i = 0; i < sc->n; i++)
		if (*have && sc->e[i].f.end <= *to && deletable(s, &sc->e[i]))
			left -= sc->e[i].f.size;
	for (i = 0; i < sc->n; i = j) {
		e = sc->e[i].f.end;
		for (j = i; j < sc->n && sc->e[j].f.end == e; j++)
			;
		if (*have && e <= *to)
			continue;
		if (!(r->flow_files > 0 && e < age_to) &&
		    !(r->flow_files_size > 0 && left > r->flow_files_size))
			break;
		if (!committed(s, sc, e))
			break;
		*to = e;
		*have = 1;
		for (; i < j; i++)
			left -= sc->e[i].link ? 0 : sc->e[i].f.size;
	}
	x->over_size = r->flow_files_size > 0 && left > r->flow_files_size ?
	    left - r->flow_files_size : 0;
	if (x->over_size > 0 && i < sc->n) {
		utc_format_iso(sc->e[i].f.end, iso);
		log_warn("retention: input_dir's flow files take %lld bytes,"
		    " over flow_files_size (%lld): the files from interval %s on"
		    " are not written yet (with their hour), and none of them"
		    " is deleted", (long long)left, (long long)r->flow_files_size,
		    iso);
	}
}

/* Record that files up to to were expired (before any is deleted). */
static int
record_to(MYSQL *m, utc_us to, char *err, size_t errlen)
{
	MYSQL_BIND	 p[2];
	MYSQL_TIME	 t;
	MYSQL_STMT	*st;
	int		 rc;

	if ((st = db_prepare(m, "UPDATE `netkpi_state` SET `files_expired_to`"
	    " = ? WHERE `id` = 1 AND (`files_expired_to` IS NULL OR"
	    " `files_expired_to` < ?)", err, errlen)) == NULL)
		return -1;
	db_time_set(&t, to);
	db_bind_time(&p[0], &t);
	db_bind_time(&p[1], &t);
	rc = db_run(st, p, err, errlen);
	mysql_stmt_close(st);
	return rc;
}

/* Delete (or print) entry e; returns -1 with err when it cannot go. */
static int
drop(struct expiry *x, struct scan *sc, struct entry *e, char *err,
    size_t errlen)
{
	yajl_gen	g;

	if (x->dry_run) {
		g = jsonline_new();
		jsonline_str(g, "expire", "file");
		jsonline_str(g, "name", e->name);
		jsonline_time(g, "interval_end", e->f.end);
		jsonline_int(g, "bytes", e->f.size);
		jsonline_end(g);
		yajl_gen_free(g);
	} else if (unlinkat(sc->fd, e->name, 0) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "input_dir: deleting %s: %s", e->name,
		    strerror(errno));
		return -1;
	}
	e->deleted = 1;
	x->files++;
	x->bytes += e->f.size;
	return 0;
}

/*
 * Delete the files of the intervals up to to; returns 1 when it stops
 * at the deadline, -1 on an error.
 */
static int
drop_upto(struct expiry *x, const struct dbstate *s, struct scan *sc,
    utc_us to, char *err, size_t errlen)
{
	size_t	i;

	for (i = 0; i < sc->n && sc->e[i].f.end <= to; i++) {
		if (!deletable(s, &sc->e[i]))
			continue;
		if (utc_mono() > x->deadline) {
			log_warn("retention: the time for expiry (%d s) is up;"
			    " the next run deletes the rest", EXPIRE_SECONDS);
			return 1;
		}
		if (drop(x, sc, &sc->e[i], err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
expire_files(struct expiry *x, char *err, size_t errlen)
{
	struct dbstate	s;
	struct scan	sc;
	utc_us		to;
	int		have, done, rc = -1;

	memset(&s, 0, sizeof s);
	if (scan_dir(x->input_dir, &sc, err, errlen) == -1)
		return -1;
	x->dir_files = sc.files;
	x->dir_bytes = sc.bytes;
	if ((x->r->flow_files == 0 && x->r->flow_files_size == 0) ||
	    sc.n == 0) {
		rc = 0;
		goto out;
	}
	if (state_load(x->m, !x->dry_run, sc.e[0].f.end - USEC_PER_HOUR, &s,
	    err, errlen) == -1)
		goto out;
	choose(x, &s, &sc, &to, &have);
	if (have && !x->dry_run && (!s.have_files_expired ||
	    to > s.files_expired) && record_to(x->m, to, err, errlen) == -1)
		goto out;
	/* Their bookkeeping once they are all gone (a late file stays). */
	if (have && ((done = drop_upto(x, &s, &sc, to, err, errlen)) == -1 ||
	    (done == 0 && !x->dry_run && expire_books(x, to, err,
	    errlen) == -1)))
		goto out;
	x->dir_files -= x->dry_run ? 0 : x->files;
	x->dir_bytes -= x->dry_run ? 0 : x->bytes;
	rc = 0;
out:
	state_free(&s);
	scan_free(&sc);
	return rc;
}
