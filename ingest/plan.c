/* plan.c: which intervals a run processes, and which hours it writes */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flowname.h"
#include "log.h"
#include "plan.h"
#include "xmalloc.h"

/* The recorded file named name in interval e, or NULL. */
static const struct recfile *
recorded(const struct dbstate *s, utc_us e, const char *name)
{
	size_t	i, n;

	for (i = state_files(s, e, &n); n > 0; i++, n--)
		if (strcmp(s->files[i].name, name) == 0)
			return &s->files[i];
	return NULL;
}

int
plan_file_changed(const struct dbstate *s, const struct flowfile *f)
{
	const struct recfile	*r = recorded(s, f->end, f->name);

	if (r == NULL)
		return 1;
	/* Compressing (or uncompressing) a processed file is no change. */
	if (r->gz != f->gz)
		return 0;
	return r->size != f->size || r->mtime_ns != f->mtime_ns;
}

const struct recfile *
plan_missing(const struct dbstate *s, const struct flowdir *d, utc_us e)
{
	size_t	i, n, j, m, k;
	int	found;

	j = flowdir_interval(d, e, &m);
	for (i = state_files(s, e, &n); n > 0; i++, n--) {
		if (s->files[i].rejected)
			continue;
		for (found = 0, k = 0; k < m && !found; k++)
			found = strcmp(d->files[j + k].name, s->files[i].name) == 0;
		if (!found)
			return &s->files[i];
	}
	return NULL;
}

static void
add_item(struct plan *p, size_t *cap, const struct dbstate *s, utc_us e,
    int late)
{
	const struct recint	*ri = state_interval(s, e);

	if (p->n > 0 && p->items[p->n - 1].end == e)
		return;
	if (p->n == *cap)
		p->items = xreallocarray(p->items, *cap = *cap * 2 + 64,
		    sizeof *p->items);
	memset(&p->items[p->n], 0, sizeof p->items[p->n]);
	p->items[p->n].end = e;
	p->items[p->n].job_id = ri != NULL ? ri->job_id : 0;
	p->items[p->n].late = late;
	p->n++;
}

/* Older intervals that have files to (re)process, in time order. */
static void
add_old(const struct dbstate *s, const struct flowdir *d, utc_us due,
    utc_us upto, struct skipcount *skipped, struct plan *p, size_t *cap)
{
	const struct flowfile	*f;
	const struct recint	*ri;
	char			 iso[UTC_ISO_LEN];
	size_t			 i;

	for (i = 0; i < d->n; i++) {
		f = &d->files[i];
		if (s->have_floor && f->end <= s->floor) {
			utc_format_iso(f->end, iso);
			log_warn_if(skip_count(skipped, SKIP_FLOOR),
			    "%s: skipped: its interval (%s) is at or before"
			    " the last one processed before netkpi's first run",
			    f->path, iso);
			continue;
		}
		if (f->end > upto || f->end > due)
			continue;
		ri = state_interval(s, f->end);
		if (ri == NULL)
			add_item(p, cap, s, f->end, 0);
		else if (plan_file_changed(s, f)) {
			log_info("%s: new or changed since its interval was"
			    " processed: reprocessing it", f->path);
			add_item(p, cap, s, f->end, 1);
		}
	}
}

/*
 * Mark the item of p that writes each hour: the hour's last interval
 * in the plan, when that interval ends the hour or the hour was
 * written before (a late file redoes it).
 */
static void
mark_hours(const struct dbstate *s, struct plan *p)
{
	size_t	i;
	utc_us	h;

	for (i = 0; i < p->n; i++) {
		h = interval_hour(p->items[i].end);
		if (i + 1 < p->n && interval_hour(p->items[i + 1].end) == h)
			continue;
		p->items[i].hour = p->items[i].end == h ||
		    state_interval(s, h) != NULL;
	}
}

void
plan_make(const struct dbstate *s, const struct flowdir *d, utc_us now,
    int delay, struct skipcount *skipped, struct plan *p)
{
	utc_us	due, start, e;
	size_t	cap = 0;

	memset(p, 0, sizeof *p);
	/* The last interval that is due. */
	due = utc_floor(now - (utc_us)delay * USEC_PER_SEC, INTERVAL_US);
	if (s->have_last)
		start = utc_floor(s->last, INTERVAL_US) + INTERVAL_US;
	else {
		start = due + INTERVAL_US;
		for (size_t i = 0; i < d->n; i++)
			if (!s->have_floor || d->files[i].end > s->floor) {
				start = d->files[i].end;
				break;
			}
	}
	if (s->have_floor && start <= s->floor)
		start = s->floor + INTERVAL_US;
	add_old(s, d, due, start - INTERVAL_US, skipped, p, &cap);
	for (e = start; e <= due; e += INTERVAL_US)
		add_item(p, &cap, s, e, 0);
	mark_hours(s, p);
}

void
plan_free(struct plan *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}
