/* dirscan.c: the flow files present in the input directory */
#include "config.h"

#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dirscan.h"
#include "flowname.h"
#include "log.h"
#include "xmalloc.h"

static int
file_cmp(const void *a, const void *b)
{
	const struct flowfile	*x = a, *y = b;
	int			 c;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->gz - y->gz;
}

static const char *const skip_names[SKIP_REASONS] = {
	"not a flow file name", "not a regular file", "unreadable",
	"dated at or before the first run's floor",
	"for an interval whose files were expired"
};

int
skip_count(struct skipcount *c, enum skip_reason r)
{
	c->n[r]++;
	if (r == SKIP_UNREADABLE || r == SKIP_EXPIRED) {
		c->named_lost++;
		return 1;
	}
	if (c->named == SKIP_NAMED)
		return 0;
	c->named++;
	return 1;
}

void
skip_summary(const struct skipcount *c)
{
	struct buf	 b = BUF_INIT;
	int64_t		 total = 0;
	int		 r;

	for (r = 0; r < SKIP_REASONS; r++) {
		if (c->n[r] == 0)
			continue;
		total += c->n[r];
		buf_addf(&b, "%s%lld %s", b.len > 0 ? ", " : "",
		    (long long)c->n[r], skip_names[r]);
	}
	if (total > c->named + c->named_lost)
		log_warn("input_dir: %lld entries skipped, %lld named above"
		    " (-v names each): %s", (long long)total,
		    (long long)(c->named + c->named_lost), buf_cstr(&b));
	buf_free(&b);
}

/*
 * Stat and test-open path; returns 0 for a readable regular file, -1
 * for an entry skipped (and counted).
 */
static int
check_file(const char *path, const char *name, struct flowfile *f,
    struct skipcount *skipped)
{
	struct stat	 st;
	int		 fd;

	if (stat(path, &st) == -1) {
		log_warn_if(skip_count(skipped, SKIP_UNREADABLE),
		    "input_dir: skipping \"%s\": %s", name, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		log_warn_if(skip_count(skipped, SKIP_TYPE),
		    "input_dir: skipping \"%s\": not a regular file", name);
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		log_warn_if(skip_count(skipped, SKIP_UNREADABLE),
		    "input_dir: skipping \"%s\": %s", name, strerror(errno));
		return -1;
	}
	close(fd);
	f->size = (int64_t)st.st_size;
	f->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	return 0;
}

/* Add entry name of dir to d when it is a flow file. */
static void
add_entry(const char *dir, const char *name, struct flowdir *d, size_t *cap,
    struct skipcount *skipped)
{
	struct flowfile	 f;
	struct buf	 path = BUF_INIT;
	size_t		 stemlen;
	utc_us		 t;

	memset(&f, 0, sizeof f);
	if (flowname_parse(name, &t, &f.gz, &stemlen) == -1) {
		log_warn_if(skip_count(skipped, SKIP_NAME),
		    "input_dir: skipping \"%s\": not a flow file name"
		    " (ipflow_data.ts-<ms>.<n>.txt[.gz])", name);
		return;
	}
	buf_addf(&path, "%s/%s", dir, name);
	if (check_file(buf_cstr(&path), name, &f, skipped) == -1) {
		buf_free(&path);
		return;
	}
	f.path = xstrdup(buf_cstr(&path));
	buf_free(&path);
	f.name = xstrndup(name, stemlen);
	f.end = flowname_interval(t);
	if (d->n == *cap)
		d->files = xreallocarray(d->files, *cap = *cap * 2 + 16,
		    sizeof *d->files);
	d->files[d->n++] = f;
}

/* Drop X.txt.gz where X.txt is there too (sorted: .txt comes first). */
static void
drop_gz_twins(struct flowdir *d)
{
	size_t	i, j = 0;

	for (i = 0; i < d->n; i++) {
		if (j > 0 && strcmp(d->files[j - 1].name, d->files[i].name) == 0) {
			log_debug("input_dir: %s.gz: %s is read instead",
			    d->files[i].name, d->files[j - 1].name);
			free(d->files[i].name);
			free(d->files[i].path);
			continue;
		}
		d->files[j++] = d->files[i];
	}
	d->n = j;
}

int
dirscan(const char *dir, struct flowdir *out, struct skipcount *skipped,
    char *err, size_t errlen)
{
	struct dirent	*de;
	DIR		*dp;
	size_t		 cap = 0;

	memset(out, 0, sizeof *out);
	if ((dp = opendir(dir)) == NULL) {
		snprintf(err, errlen, "input_dir %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		add_entry(dir, de->d_name, out, &cap, skipped);
	}
	closedir(dp);
	if (out->n > 0)
		qsort(out->files, out->n, sizeof *out->files, file_cmp);
	drop_gz_twins(out);
	return 0;
}

void
flowdir_free(struct flowdir *d)
{
	size_t	i;

	for (i = 0; i < d->n; i++) {
		free(d->files[i].name);
		free(d->files[i].path);
	}
	free(d->files);
	memset(d, 0, sizeof *d);
}

size_t
flowdir_interval(const struct flowdir *d, utc_us e, size_t *count)
{
	return utc_range(d->files, d->n, sizeof *d->files,
	    offsetof(struct flowfile, end), e, count);
}

size_t
flowfile_rows_max(const struct flowfile *f, size_t n)
{
	size_t	i, rows = 0;

	for (i = 0; i < n; i++)
		rows += (size_t)(f[i].size > 0 ? f[i].size : 0) / FLOW_ROW_MIN;
	return rows;
}
