/* pass.c: one catch-up pass: read, aggregate and store each planned interval */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowname.h"
#include "log.h"
#include "pass.h"
#include "topn.h"
#include "xmalloc.h"

#define INTERVALS_PER_HOUR	12

/* The aggregate of the intervals of one hour read so far in this run. */
struct hour_acc {
	utc_us		 hour;
	struct agg	*agg;		/* NULL while empty */
	unsigned	 mask;		/* bit k: interval k of the hour is in */
	int		 broken;	/* a file used before is gone */
};

static unsigned
hour_bit(utc_us e)
{
	utc_us	h = interval_hour(e);

	return 1u << (INTERVALS_PER_HOUR - 1 - (unsigned)((h - e) / INTERVAL_US));
}

/* The top-N rows of each KPI in effect over one period, from a. */
static void
period_make(struct period *p, const struct agg *a, kpi_mask kpis,
    utc_us end, utc_us len, int interval, int top_n)
{
	const struct kpi *k;
	struct kpirows	*r;
	struct kv	*v;
	char		 iso[UTC_ISO_LEN];
	size_t		 i, n;
	int		 saturated;

	memset(p, 0, sizeof *p);
	p->start = end - len;
	p->end = end;
	p->interval = interval;
	p->kpis = xcalloc(kpi_registry_len, sizeof *p->kpis);
	for (i = 0; i < kpi_registry_len; i++) {
		if (!kpi_on(kpis, k = &kpi_registry[i]))
			continue;
		r = &p->kpis[p->nkpis++];
		r->kpi = k;
		v = agg_result(a, k->agg, &n, &saturated);
		r->n = topn(v, n, (size_t)top_n);
		r->top = v;
		if (saturated) {
			utc_format_iso(end, iso);
			log_error("%s: a %s's %s passed 2^63-1 and is stored as"
			    " 2^63-1", iso, k->key, k->value);
		}
	}
}

static void
period_free(struct period *p)
{
	size_t	i;

	for (i = 0; i < p->nkpis; i++)
		free((void *)p->kpis[i].top);
	free(p->kpis);
	memset(p, 0, sizeof *p);
}

/* Add a (owned) to the hour accumulator. */
static void
acc_add(struct hour_acc *h, struct agg *a, utc_us e)
{
	h->mask |= hour_bit(e);
	if (h->agg == NULL) {
		h->agg = a;
		return;
	}
	agg_merge(h->agg, a);
	agg_free(a);
}

static void
acc_start(struct hour_acc *h, utc_us hour)
{
	if (h->hour == hour)
		return;
	agg_free(h->agg);
	memset(h, 0, sizeof *h);
	h->hour = hour;
}

/*
 * Read the hour's intervals that are not in the accumulator yet.
 * Returns -1 when a file read before is gone (the hour is left alone).
 */
static int
acc_complete(struct pass *ps, struct hour_acc *h)
{
	const struct recfile	*gone;
	struct flowfile		*list;
	struct fileresult	*res;
	char			 iso[UTC_ISO_LEN];
	size_t			 i, n = 0, first, count;
	utc_us			 e;

	list = xreallocarray(NULL, ps->dir->n + 1, sizeof *list);
	for (e = h->hour - USEC_PER_HOUR + INTERVAL_US; e <= h->hour;
	    e += INTERVAL_US) {
		if (h->mask & hour_bit(e))
			continue;
		if ((gone = plan_missing(ps->state, ps->dir, e)) != NULL) {
			utc_format_iso(h->hour, iso);
			log_warn("hour %s: %s was read before and is gone: the"
			    " hourly rows are left as they were", iso,
			    gone->name);
			h->broken = 1;
		}
		first = flowdir_interval(ps->dir, e, &count);
		for (i = 0; i < count; i++)
			list[n++] = ps->dir->files[first + i];
	}
	if (!h->broken && n > 0) {
		res = xcalloc(n, sizeof *res);
		if (h->agg == NULL)
			h->agg = agg_new(flowread_threads(ps->reader), ps->kpis);
		flowread_quiet(ps->reader, 1);
		flowread_files(ps->reader, list, n, res, h->agg);
		flowread_quiet(ps->reader, 0);
		free(res);
	}
	free(list);
	return h->broken ? -1 : 0;
}

static void
log_summary(const struct plan_item *it, const struct ivwrite *w,
    double secs, double hour_secs, int hour_state)
{
	char	iso[UTC_ISO_LEN], hiso[UTC_ISO_LEN], hour[96] = "";

	utc_format_iso(it->end, iso);
	if (hour_state > 0) {
		utc_format_iso(interval_hour(it->end), hiso);
		snprintf(hour, sizeof hour, "; hour %s written (hourly pass"
		    " %.3f s)", hiso, hour_secs);
	} else if (hour_state < 0)
		snprintf(hour, sizeof hour, "; hour left as it was");
	log_info("interval %s%s: %lld files, %lld rows, %lld rejected rows,"
	    " %lld empty counters, %.3f s%s", iso, it->late ? " (reprocessed)" :
	    "", (long long)w->files_read, (long long)w->rows_ok,
	    (long long)w->rows_bad, (long long)w->empty_counters, secs, hour);
}

/* Add a written interval to the counts of the pass. */
static void
count_item(struct pass *ps, const struct ivwrite *w)
{
	size_t	i;

	ps->intervals++;
	ps->files_read += w->files_read;
	for (i = 0; i < w->nfiles; i++) {
		ps->files_rejected += w->res[i].rejected;
		ps->files_bad_rows += !w->res[i].rejected &&
		    w->res[i].rows_bad > 0;
	}
}

/* Process one planned interval. */
static int
do_item(struct pass *ps, const struct plan_item *it, int more_in_hour,
    struct hour_acc *h, char *err, size_t errlen)
{
	const struct recfile	*gone;
	struct fileresult	*res;
	struct ivwrite		 w;
	struct period		 five, hour;
	struct agg		*a;
	char			 iso[UTC_ISO_LEN];
	size_t			 first, count, i;
	double			 t0 = utc_mono(), t1 = 0;
	int			 rc, hour_state = 0;

	acc_start(h, interval_hour(it->end));
	if (it->late && (gone = plan_missing(ps->state, ps->dir, it->end))) {
		utc_format_iso(it->end, iso);
		log_warn("interval %s: %s was read before and is gone: its rows"
		    " are left as they were", iso, gone->name);
		h->broken = 1;
		return 0;
	}
	memset(&w, 0, sizeof w);
	memset(&hour, 0, sizeof hour);
	first = flowdir_interval(ps->dir, it->end, &count);
	res = xcalloc(count + 1, sizeof *res);
	a = agg_new(flowread_threads(ps->reader), ps->kpis);
	if (count > 0)
		flowread_files(ps->reader, ps->dir->files + first, count,
		    res, a);
	for (i = 0; i < count; i++) {
		w.files_read += !res[i].rejected;
		w.rows_ok += res[i].rows_ok;
		w.rows_bad += res[i].rows_bad;
		w.empty_counters += res[i].empty_counters;
	}
	period_make(&five, a, ps->kpis, it->end, INTERVAL_US, 1, ps->top_n);
	if (it->hour || more_in_hour)
		acc_add(h, a, it->end);
	else
		agg_free(a);
	if (it->hour) {
		t1 = utc_mono();
		hour_state = acc_complete(ps, h) == 0 ? 1 : -1;
		if (hour_state > 0)
			period_make(&hour, h->agg, ps->kpis, h->hour,
			    USEC_PER_HOUR, 2, ps->top_n);
		t1 = utc_mono() - t1;
	}
	w.end = it->end;
	w.job_id = it->job_id;
	w.periods[0] = &five;
	w.periods[1] = &hour;
	w.nperiods = hour_state > 0 ? 2 : 1;
	w.files = ps->dir->files + first;
	w.res = res;
	w.nfiles = count;
	rc = ps->store->write(ps->store, &w, err, errlen);
	if (rc == 0) {
		log_summary(it, &w, utc_mono() - t0, t1, hour_state);
		count_item(ps, &w);
	}
	period_free(&five);
	period_free(&hour);
	free(res);
	return rc;
}

int
pass_run(struct pass *ps, const struct plan *p, char *err, size_t errlen)
{
	struct hour_acc	h;
	char		iso[UTC_ISO_LEN], why[768];
	size_t		i;
	int		more, rc = 0;

	memset(&h, 0, sizeof h);
	h.hour = -1;
	for (i = 0; i < p->n && rc == 0; i++) {
		more = i + 1 < p->n && interval_hour(p->items[i + 1].end) ==
		    interval_hour(p->items[i].end);
		rc = do_item(ps, &p->items[i], more, &h, why, sizeof why);
		if (rc == -1) {
			utc_format_iso(p->items[i].end, iso);
			snprintf(err, errlen, "writing interval %s: %s", iso, why);
		}
	}
	if (rc == 0 && (rc = ps->store->finish(ps->store, why, sizeof why)) == -1)
		snprintf(err, errlen, "writing the last intervals: %s", why);
	agg_free(h.agg);
	return rc;
}
