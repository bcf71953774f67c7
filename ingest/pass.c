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
#include "sketchb.h"
#include "sketchenc.h"
#include "topn.h"
#include "wqueue.h"
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
		r->nall = n;
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

void
pass_start_sizes(struct pass *ps, const struct agg_count *c)
{
	if (c->pairs > 0 || c->keys > 0) {
		agg_size_from(&ps->last, c);
		if (c->users > 0)
			log_debug("the last run's last interval: %zu keys, %zu"
			    " users and %zu (key, user) pairs; the first"
			    " interval's tables start that large", c->keys,
			    c->users, c->pairs);
		else
			log_debug("the last run's last interval: %zu keys and"
			    " %zu (key, user) pairs; the first interval's"
			    " tables start that large", c->keys, c->pairs);
	}
}

void
pass_last_sizes(const struct pass *ps, struct agg_count *c)
{
	if (ps->files_read > 0)
		agg_size_largest(&ps->last, c);
	else
		memset(c, 0, sizeof *c);
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
	struct agg_size	 fit;
	size_t		 first, i;

	first = flowdir_interval(ps->dir, e, &w->nfiles);
	w->files = ps->dir->files + first;
	*res = xcalloc(w->nfiles + 1, sizeof **res);
	w->res = *res;
	if (w->nfiles > 0) {
		/*
		 * As large as the last interval read: made once; no larger
		 * than the files' rows (a much smaller interval, a row of
		 * netkpi_runs changed by hand).
		 */
		fit = ps->last;
		agg_size_cap(&fit, flowfile_rows_max(w->files, w->nfiles));
		agg_reserve(a, &fit);
		flowread_files(ps->reader, w->files, w->nfiles, *res, a, 0);
		agg_measure(a, &ps->last);
	}
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

/*
 * One interval read and aggregated, written by the writer's thread
 * while the next intervals are read (the database's commits and the
 * next files' reading overlap; writes stay in plan order, one at a
 * time, at most DEPTH intervals behind the reading).  An hour's worth:
 * an hour's end writes its sketches (and a quarter's and a day's) in
 * the time of several intervals, which the writer makes up after, and
 * with 4 the reading waited for it.  Each interval waiting holds its
 * rows and sketches (about 1 MB at 2,000 cells).
 */
#define DEPTH	12

struct pending {
	struct pass		*ps;
	const struct plan_item	*it;
	struct ivwrite		 w;
	struct period		 five, hour;
	struct hllset		 users;		/* its sketches, KPI 2 */
	struct sketchenc	 users_enc;	/* the same, encoded */
	struct fileresult	*res;
	double			 t0, hour_secs;
	int			 hour_state;
	int			 busy;		/* read: to be written, or written */
	int			*failed;	/* a write before it failed */
	int			 rc;		/* -1: failed; 1: not written */
	char			 why[768];
};

/* Run on the writer's thread: pd written unless a write before failed. */
static void
pending_write(void *arg)
{
	struct pending	*pd = arg;

	if (!pd->busy)
		return;
	if (*pd->failed)
		pd->rc = 1;
	else if ((pd->rc = pd->ps->store->write(pd->ps->store, &pd->w,
	    pd->why, sizeof pd->why)) != 0)
		*pd->failed = 1;
}

/*
 * The sketches of a's users per cell into users, and encoded for their
 * rows into enc (here, while the writer stores the interval before),
 * timed (-v).
 */
static void
build_users(struct sketchb *sb, const struct agg *a, kpi_mask kpis,
    utc_us end, struct hllset *users, struct sketchenc *enc)
{
	char	iso[UTC_ISO_LEN];
	double	t0 = utc_mono(), t1;

	sketch_interval(sb, a, kpis, users);
	t1 = utc_mono();
	sketchenc_make(enc, users, HLL_M + 1);
	utc_format_iso(end, iso);
	log_debug("interval %s: sketches of %zu cells built in %.3f s,"
	    " encoded in %.3f s", iso, users->n, t1 - t0, utc_mono() - t1);
}

/*
 * Read item i of the plan into pd (pd->busy: there is something to
 * write); sb: what building sketches keeps.
 */
static void
read_item(struct pass *ps, struct hour *h, struct sketchb *sb,
    const struct plan *p, size_t i, struct pending *pd)
{
	const struct plan_item	*it = &p->items[i];
	struct agg		*a;

	memset(pd, 0, sizeof *pd);
	if (gone_before(ps, it)) {
		hour_broken(h, i);
		return;
	}
	pd->ps = ps;
	pd->it = it;
	pd->t0 = utc_mono();
	pd->busy = 1;
	pd->w.end = it->end;
	pd->w.job_id = it->job_id;
	pd->w.hour_written = state_interval(ps->state,
	    interval_hour(it->end)) != NULL;
	pd->w.periods[0] = &pd->five;
	pd->w.periods[1] = &pd->hour;
	pd->w.nperiods = 1;
	a = read_interval(ps, it->end, &pd->w, &pd->res);
	period_make(&pd->five, a, ps->kpis, it->end, INTERVAL_US,
	    KPI_INTERVAL_5MIN, ps->top_n);
	if (ps->store->takes_users)
		build_users(sb, a, ps->kpis, it->end, &pd->users,
		    &pd->users_enc);
	pd->w.users = &pd->users;
	pd->w.users_enc = &pd->users_enc;
	hour_add(h, i, a);
	if (it->hour && (pd->hour_state = hour_period(ps, h, i, it->end,
	    &pd->hour, &pd->hour_secs)) > 0)
		pd->w.nperiods = 2;
}

/*
 * Log and count pd's write, and free it; returns its result.  One
 * dropped after a write before it failed has nothing to say.
 */
static int
finish_write(struct pending *pd, char *err, size_t errlen)
{
	char	iso[UTC_ISO_LEN];
	int	rc = 0;

	if (!pd->busy)
		return 0;
	if (pd->rc == 0) {
		log_summary(pd->it, &pd->w, utc_mono() - pd->t0, pd->hour_secs,
		    pd->hour_state);
		count_item(pd->ps, &pd->w);
	} else if (pd->rc == -1) {
		utc_format_iso(pd->it->end, iso);
		snprintf(err, errlen, "writing interval %s: %s", iso, pd->why);
		rc = -1;
	}
	period_free(&pd->five);
	period_free(&pd->hour);
	hllset_free(&pd->users);
	sketchenc_free(&pd->users_enc);
	free(pd->res);
	pd->busy = 0;
	return rc;
}

int
pass_run(struct pass *ps, const struct plan *p, char *err, size_t errlen)
{
	struct pending	*pd = xcalloc(DEPTH, sizeof *pd);
	struct wqueue	*q = wqueue_new(pending_write, DEPTH);
	struct sketchb	*sb = sketchb_new();
	struct hour	*h;
	char		 why[768];
	size_t		 i, put = 0, done = 0;
	int		 rc = 0, failed = 0, r;

	h = hour_new(p, ps->kpis, ps->reader, ps->dir, ps->state);
	for (i = 0; i < p->n && rc == 0; i++) {
		/* Interval i - DEPTH, whose place i takes, written first. */
		if (put == DEPTH + done) {
			wqueue_wait(q, done + 1);
			rc = finish_write(&pd[done++ % DEPTH], err, errlen);
		}
		if (rc == 0) {
			read_item(ps, h, sb, p, i, &pd[put % DEPTH]);
			pd[put % DEPTH].failed = &failed;
			wqueue_put(q, &pd[put++ % DEPTH]);
		}
	}
	/* The rest in order; those after a failure were not written. */
	wqueue_wait(q, put);
	for (; done < put; done++)
		if ((r = finish_write(&pd[done % DEPTH], err, errlen)) != 0 &&
		    rc == 0)
			rc = r;
	wqueue_free(q);
	if (rc == 0 && (rc = ps->store->finish(ps->store, why, sizeof why)) == -1)
		snprintf(err, errlen, "writing the last intervals: %s", why);
	hour_free(h);
	sketchb_free(sb);
	free(pd);
	return rc;
}
