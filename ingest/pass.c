/* pass.c: one catch-up pass: read, aggregate and store each planned interval */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "flowname.h"
#include "hour.h"
#include "log.h"
#include "pass.h"
#include "topn.h"
#include "xmalloc.h"

/* The top-N rows of each KPI in effect over one period, from a. */
static void
period_make(struct period *p, const struct agg *a, kpi_mask kpis,
    utc_us end, utc_us len, enum kpi_interval interval, int top_n)
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

static void
log_summary(const struct plan_item *it, const struct ivwrite *w,
    double secs, double hour_secs, int hour_state)
{
	struct buf	hour = BUF_INIT;
	char		iso[UTC_ISO_LEN], hiso[UTC_ISO_LEN];

	utc_format_iso(it->end, iso);
	if (hour_state > 0) {
		utc_format_iso(interval_hour(it->end), hiso);
		buf_addf(&hour, "; hour %s written (hourly pass %.3f s)", hiso,
		    hour_secs);
	} else if (hour_state < 0)
		buf_addstr(&hour, "; hour left as it was");
	log_info("interval %s%s: %lld files, %lld rows, %lld rejected rows,"
	    " %lld empty counters, %.3f s%s", iso, it->late ? " (reprocessed)" :
	    "", (long long)w->files_read, (long long)w->rows_ok,
	    (long long)w->rows_bad, (long long)w->empty_counters, secs,
	    buf_cstr(&hour));
	buf_free(&hour);
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

/*
 * Read the files of interval e into a new aggregate (returned); w gets
 * the files and their counts, *res their results (the caller frees).
 */
static struct agg *
read_interval(struct pass *ps, utc_us e, struct ivwrite *w,
    struct fileresult **res)
{
	struct agg	*a = agg_new(flowread_threads(ps->reader), ps->kpis);
	size_t		 first, i;

	first = flowdir_interval(ps->dir, e, &w->nfiles);
	w->files = ps->dir->files + first;
	*res = xcalloc(w->nfiles + 1, sizeof **res);
	w->res = *res;
	if (w->nfiles > 0)
		flowread_files(ps->reader, w->files, w->nfiles, *res, a, 0);
	for (i = 0; i < w->nfiles; i++) {
		w->files_read += !(*res)[i].rejected;
		w->rows_ok += (*res)[i].rows_ok;
		w->rows_bad += (*res)[i].rows_bad;
		w->empty_counters += (*res)[i].empty_counters;
	}
	return a;
}

/* A late interval with a file gone: logged, left as it was, and its hour. */
static int
gone_before(struct pass *ps, const struct plan_item *it)
{
	const struct recfile	*gone;
	char			 iso[UTC_ISO_LEN];

	if (!it->late || (gone = plan_missing(ps->state, ps->dir,
	    it->end)) == NULL)
		return 0;
	utc_format_iso(it->end, iso);
	log_warn("interval %s: %s was read before and is gone: its rows are"
	    " left as they were", iso, gone->name);
	return 1;
}

/*
 * For item i (ending at end), which writes its hour: the hour's period,
 * and the seconds that took.  Returns 1, or -1 when the hour is left as it was.
 */
static int
hour_period(struct pass *ps, struct hour *h, size_t i, utc_us end,
    struct period *hour, double *secs)
{
	const struct agg	*ha;
	double			 t0 = utc_mono();

	if ((ha = hour_complete(h, i)) != NULL)
		period_make(hour, ha, ps->kpis, interval_hour(end),
		    USEC_PER_HOUR, KPI_INTERVAL_HOUR, ps->top_n);
	*secs = utc_mono() - t0;
	return ha != NULL ? 1 : -1;
}

/* Process item i of the plan. */
static int
do_item(struct pass *ps, struct hour *h, const struct plan *p, size_t i,
    char *err, size_t errlen)
{
	const struct plan_item	*it = &p->items[i];
	struct agg		*a;
	struct fileresult	*res;
	struct ivwrite		 w;
	struct period		 five, hour;
	double			 t0 = utc_mono(), t1 = 0;
	int			 rc, hour_state = 0;

	if (gone_before(ps, it)) {
		hour_broken(h, i);
		return 0;
	}
	memset(&w, 0, sizeof w);
	memset(&hour, 0, sizeof hour);
	w.end = it->end;
	w.job_id = it->job_id;
	w.periods[0] = &five;
	w.periods[1] = &hour;
	w.nperiods = 1;
	a = read_interval(ps, it->end, &w, &res);
	period_make(&five, a, ps->kpis, it->end, INTERVAL_US, KPI_INTERVAL_5MIN,
	    ps->top_n);
	hour_add(h, i, a);
	if (it->hour && (hour_state = hour_period(ps, h, i, it->end, &hour,
	    &t1)) > 0)
		w.nperiods = 2;
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
	struct hour	*h;
	char		 iso[UTC_ISO_LEN], why[768];
	size_t		 i;
	int		 rc = 0;

	h = hour_new(p, ps->kpis, ps->reader, ps->dir, ps->state);
	for (i = 0; i < p->n && rc == 0; i++) {
		rc = do_item(ps, h, p, i, why, sizeof why);
		if (rc == -1) {
			utc_format_iso(p->items[i].end, iso);
			snprintf(err, errlen, "writing interval %s: %s", iso, why);
		}
	}
	if (rc == 0 && (rc = ps->store->finish(ps->store, why, sizeof why)) == -1)
		snprintf(err, errlen, "writing the last intervals: %s", why);
	hour_free(h);
	return rc;
}
