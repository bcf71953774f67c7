/* hour.c: the exact values of the hours a run writes */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flowname.h"
#include "hour.h"
#include "log.h"
#include "xmalloc.h"

#define INTERVALS_PER_HOUR	12

struct hour {
	const struct plan	*plan;
	kpi_mask		 kpis;
	struct flowread		*fr;
	const struct flowdir	*dir;
	const struct dbstate	*state;
	/* The hour being gathered: */
	utc_us			 end;		/* -1: none yet */
	struct agg		*agg;		/* NULL while empty */
	unsigned		 mask;		/* bit k: its interval k is in */
	int			 broken;	/* a file read before is gone */
	struct agg_size		 last;		/* the last hour's tables */
};

/* The bit of interval end e in the mask of its hour. */
static unsigned
hour_bit(utc_us e)
{
	utc_us	h = interval_hour(e);

	return 1u << (INTERVALS_PER_HOUR - 1 - (unsigned)((h - e) / INTERVAL_US));
}

struct hour *
hour_new(const struct plan *p, kpi_mask kpis, struct flowread *fr,
    const struct flowdir *d, const struct dbstate *s)
{
	struct hour	*h = xcalloc(1, sizeof *h);

	h->plan = p;
	h->kpis = kpis;
	h->fr = fr;
	h->dir = d;
	h->state = s;
	h->end = -1;
	return h;
}

void
hour_free(struct hour *h)
{
	if (h == NULL)
		return;
	agg_free(h->agg);
	free(h);
}

/* Start gathering the hour of item i, unless it is the one gathered. */
static void
hour_start(struct hour *h, size_t i)
{
	utc_us	end = interval_hour(h->plan->items[i].end);

	if (h->end == end)
		return;
	if (h->agg != NULL)
		agg_measure(h->agg, &h->last);
	agg_free(h->agg);
	h->agg = NULL;
	h->end = end;
	h->mask = 0;
	h->broken = 0;
}

void
hour_broken(struct hour *h, size_t i)
{
	hour_start(h, i);
	h->broken = 1;
}

void
hour_add(struct hour *h, size_t i, struct agg *a)
{
	const struct plan	*p = h->plan;
	utc_us			 e = p->items[i].end;

	hour_start(h, i);
	/* Needed when it writes the hour, or a later item does. */
	if (!p->items[i].hour && (i + 1 == p->n ||
	    interval_hour(p->items[i + 1].end) != h->end)) {
		agg_free(a);
		return;
	}
	h->mask |= hour_bit(e);
	if (h->agg == NULL) {
		/* Made as large as the last hour's: merged into, not grown. */
		agg_reserve(a, &h->last);
		h->agg = a;
		return;
	}
	agg_merge(h->agg, a);
	agg_free(a);
}

/*
 * List the files of the hour's intervals that are not in h yet into
 * list (room for every file of the directory); returns their count.
 * A recorded file that is gone breaks the hour.
 */
static size_t
missing_files(struct hour *h, struct flowfile *list)
{
	const struct recfile	*gone;
	char			 iso[UTC_ISO_LEN], eiso[UTC_ISO_LEN];
	size_t			 i, n = 0, first, count;
	utc_us			 e;

	for (e = h->end - USEC_PER_HOUR + INTERVAL_US; e <= h->end;
	    e += INTERVAL_US) {
		if (h->mask & hour_bit(e))
			continue;
		if (state_expired(h->state, e) && !h->broken) {
			utc_format_iso(h->end, iso);
			log_warn("hour %s: the files of its interval ending %s"
			    " were expired: the hourly rows are left as they"
			    " were", iso, utc_format_iso(e, eiso) > 0 ? eiso : "");
			h->broken = 1;
		}
		if ((gone = plan_missing(h->state, h->dir, e)) != NULL) {
			utc_format_iso(h->end, iso);
			log_warn("hour %s: %s was read before and is gone: the"
			    " hourly rows are left as they were", iso,
			    gone->name);
			h->broken = 1;
		}
		first = flowdir_interval(h->dir, e, &count);
		for (i = 0; i < count; i++)
			list[n++] = h->dir->files[first + i];
	}
	return n;
}

const struct agg *
hour_complete(struct hour *h, size_t i)
{
	struct flowfile		*list;
	struct fileresult	*res;
	size_t			 n;

	hour_start(h, i);
	list = xreallocarray(NULL, h->dir->n + 1, sizeof *list);
	n = missing_files(h, list);
	if (h->agg == NULL)
		h->agg = agg_new(flowread_threads(h->fr), h->kpis);
	if (!h->broken && n > 0) {
		/* A second reading: its bad rows were reported the first time. */
		res = xcalloc(n, sizeof *res);
		flowread_files(h->fr, list, n, res, h->agg, FLOWREAD_QUIET);
		free(res);
	}
	free(list);
	return h->broken ? NULL : h->agg;
}
