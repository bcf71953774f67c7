/* sketchw.c: every cell's sketch of users per interval, hour, day, quarter day and span of days (netkpi_sketches), in the interval's transaction */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flowname.h"
#include "range.h"
#include "sketchb.h"
#include "sketchenc.h"
#include "sketchio.h"
#include "sketchspan.h"
#include "sketchw.h"
#include "store.h"
#include "xmalloc.h"

/*
 * Quarters with rows written back before the first, an hour (a day's):
 * a database of a version that wrote none gets a year's in about 15
 * days.
 */
#define QUARTERS_BACK	4

/*
 * What this connection's transactions wrote, kept so that an hour and
 * its day are merged without reading back what was just written: the
 * sketches of a period (ending at end; 0: nothing kept), and for an
 * hour, the intervals first .. last that they hold, all of them.
 */
struct kept {
	struct hllset	 s;
	utc_us		 end, first, last;
};

struct sketchw {
	struct sketchio	*io;
	int64_t		 kpi;		/* 0: no sketch KPI in effect */
	/*
	 * The hour's intervals written, the day as it was written, and the
	 * quarter's hours written.
	 */
	struct kept	 hour, day, quarter;
};

static void
kept_free(struct kept *k)
{
	hllset_free(&k->s);
	k->end = k->first = k->last = 0;
}

void
sketchw_forget(struct sketchw *sw)
{
	kept_free(&sw->hour);
	kept_free(&sw->day);
	kept_free(&sw->quarter);
}

struct sketchw *
sketchw_new(MYSQL *m, kpi_mask kpis, char *err, size_t errlen)
{
	struct sketchw	*sw = xcalloc(1, sizeof *sw);
	const struct kpi *k = sketch_kpi(kpis);

	sw->kpi = k != NULL ? k->id : 0;
	if ((sw->io = sketchio_new(m, sw->kpi, err, errlen)) == NULL) {
		free(sw);
		sw = NULL;
	}
	return sw;
}

void
sketchw_free(struct sketchw *sw)
{
	if (sw == NULL)
		return;
	sketchio_free(sw->io);
	sketchw_forget(sw);
	free(sw);
}

/*
 * Keep the sketches s of a period ending at e (an interval or an hour,
 * step long) in the period ending at end that holds it (an hour or a
 * quarter): after those kept when it follows the last of them in the
 * same period, else alone.
 */
static void
keep(struct kept *k, utc_us end, utc_us e, utc_us step,
    const struct hllset *s)
{
	if (k->end != end || k->last != e - step) {
		kept_free(k);
		k->end = end;
		k->first = e;
	}
	hllset_merge(&k->s, s);
	k->last = e;
}

/*
 * Period (tier, end, length len) merged again from its intervals (an
 * hour) or hours (a day or a quarter) into s, which holds those that
 * end from first to last already (first 0: none), and gets the others
 * read back.
 */
static int
rebuild(struct sketchw *sw, int64_t tier, utc_us end, utc_us len,
    utc_us first, utc_us last, struct hllset *s, char *err, size_t errlen)
{
	int64_t	finer = tier == TIER_HOUR ? TIER_FIVE : TIER_HOUR;
	utc_us	step = tier == TIER_HOUR ? INTERVAL_US : USEC_PER_HOUR;
	int	rc = 0;

	if (first == 0)
		rc = sketchio_merge(sw->io, finer, end - len, end, s, err,
		    errlen);
	else if (first - step > end - len)	/* those before */
		rc = sketchio_merge(sw->io, finer, end - len, first - step,
		    s, err, errlen);
	if (rc == 0 && first != 0 && last < end)	/* those after */
		rc = sketchio_merge(sw->io, finer, last, end, s, err, errlen);
	return rc == -1 ||
	    sketchio_replace(sw->io, tier, end, s, err, errlen) == -1 ? -1 : 0;
}

/*
 * The sketches of a quarter merged into its day d (its row read back
 * unless this connection wrote it last, and kept as written); the
 * day's rows of the cells the quarter has are written again, not the
 * others'.
 */
static int
add_up(struct sketchw *sw, utc_us d, const struct hllset *quarter, char *err,
    size_t errlen)
{
	struct kept	*k = &sw->day;
	struct hllset	 view;
	size_t		 i;
	int		 rc;

	if (k->end != d) {
		kept_free(k);
		if (sketchio_merge(sw->io, TIER_DAY, d - 1, d, &k->s, err,
		    errlen) == -1)
			return -1;
		k->end = d;
	}
	hllset_merge(&k->s, quarter);
	/* The quarter's cells, each with its day's sketch (not copied). */
	memset(&view, 0, sizeof view);
	view.key = xreallocarray(NULL, quarter->n + 1, sizeof *view.key);
	view.h = xreallocarray(NULL, quarter->n + 1, sizeof *view.h);
	for (i = 0; i < quarter->n; i++) {
		view.key[i] = quarter->key[i];
		view.h[i] = *hllset_find(&k->s, quarter->key[i]);
	}
	view.n = quarter->n;
	rc = sketchio_put(sw->io, TIER_DAY, d, &view, err, errlen);
	free(view.key);
	free(view.h);
	return rc;
}

/*
 * The sketches of hour h into its quarter's, kept while the hours
 * follow one another; at the quarter's end its rows are written,
 * merged from those kept and its other hours read back, and merged
 * into its day's.
 */
static int
add_quarter(struct sketchw *sw, utc_us h, const struct hllset *hour,
    char *err, size_t errlen)
{
	struct kept	*k = &sw->quarter;
	utc_us		 q = utc_ceil(h, RANGE_QUARTER_US);
	int		 rc = 0;

	keep(k, q, h, USEC_PER_HOUR, hour);
	if (h == q) {
		rc = rebuild(sw, TIER_QUARTER, q, RANGE_QUARTER_US, k->first,
		    k->last, &k->s, err, errlen) == -1 ||
		    add_up(sw, utc_ceil(q, USEC_PER_DAY), &k->s, err,
		    errlen) == -1 ? -1 : 0;
		kept_free(k);
	}
	return rc;
}

/*
 * Quarter q merged again from its hours, and with into_day into its
 * day's: 1 when it has rows, 0 when there were none to merge, -1 with
 * err.
 */
static int
build_quarter(struct sketchw *sw, utc_us q, int into_day, char *err,
    size_t errlen)
{
	struct hllset	s;
	int		rc;

	memset(&s, 0, sizeof s);
	rc = rebuild(sw, TIER_QUARTER, q, RANGE_QUARTER_US, 0, 0, &s, err,
	    errlen);
	if (rc == 0 && into_day && s.n > 0)
		rc = add_up(sw, utc_ceil(q, USEC_PER_DAY), &s, err, errlen);
	rc = rc == -1 ? -1 : s.n > 0;
	hllset_free(&s);
	return rc;
}

/*
 * After hour h: the quarters that end by h after the newest written,
 * whose last hour was not (its files were gone: hour.c), merged from
 * the hours they have, and into their days.  None before the first: a
 * version that wrote no quarters wrote none of those.
 */
static int
catch_up_quarters(struct sketchw *sw, const utc_us *last, utc_us h,
    char *err, size_t errlen)
{
	utc_us	q;
	int	rc = 0;

	if (last[TIER_QUARTER] == 0)
		return 0;
	for (q = last[TIER_QUARTER] + RANGE_QUARTER_US; q <= h && rc != -1;
	    q += RANGE_QUARTER_US)
		rc = build_quarter(sw, q, 1, err, errlen);
	return rc == -1 ? -1 : 0;
}

/*
 * After an hour: the quarters before the first, back from it, until
 * QUARTERS_BACK of them had rows, each merged from its hours, down to
 * the one that holds the first hour (a version that wrote no quarters
 * left hours before them; before the first hour there is nothing, or
 * nothing kept).  A quarter without rows leaves no row for the next
 * hour to start from, so going back it does not count.
 */
static int
back_fill_quarters(struct sketchw *sw, const utc_us *first, char *err,
    size_t errlen)
{
	utc_us	q;
	int	rc = 0, filled = 0;

	if (first[TIER_QUARTER] == 0 || first[TIER_HOUR] == 0)
		return 0;
	for (q = first[TIER_QUARTER] - RANGE_QUARTER_US;
	    q >= first[TIER_HOUR] && filled < QUARTERS_BACK && rc != -1;
	    q -= RANGE_QUARTER_US)
		if ((rc = build_quarter(sw, q, 0, err, errlen)) == 1)
			filled++;
	return rc == -1 ? -1 : 0;
}

/*
 * A redone hour h's quarter merged again from its hours, when quarters
 * were written from before it to after it (first and last: the
 * extents of the tiers).
 */
static int
redo_quarter(struct sketchw *sw, const utc_us *first, const utc_us *last,
    utc_us h, char *err, size_t errlen)
{
	utc_us	q = utc_ceil(h, RANGE_QUARTER_US);

	if (first[TIER_QUARTER] == 0 || q < first[TIER_QUARTER] ||
	    q > last[TIER_QUARTER])
		return 0;
	return build_quarter(sw, q, 0, err, errlen) == -1 ? -1 : 0;
}

/*
 * A redone hour's day d merged again from its hours, up to the quarter
 * of the newest hour (newest: all of them once the day is over), as
 * the quarters' writes left it; none before its first quarter ends.
 */
static int
redo_day(struct sketchw *sw, utc_us d, utc_us newest, char *err,
    size_t errlen)
{
	struct hllset	day;
	utc_us		upto = utc_floor(newest, RANGE_QUARTER_US);
	int		rc = 0;

	if (upto > d)
		upto = d;
	memset(&day, 0, sizeof day);
	if (upto > d - USEC_PER_DAY)
		rc = sketchio_merge(sw->io, TIER_HOUR, d - USEC_PER_DAY, upto,
		    &day, err, errlen);
	if (rc == 0)
		rc = sketchio_replace(sw->io, TIER_DAY, d, &day, err, errlen);
	hllset_free(&day);
	return rc;
}

int
sketchw_write(struct sketchw *sw, const struct ivwrite *w, char *err,
    size_t errlen)
{
	struct hllset	hour;
	struct kept	*k = &sw->hour;
	utc_us		e = w->end, h = interval_hour(e);
	utc_us		d = utc_ceil(e, USEC_PER_DAY);
	utc_us		first[TIER_LAST + 1], last[TIER_LAST + 1];
	int		rc;

	if (sw->kpi == 0 || w->users == NULL)
		return 0;
	/* A redone interval: what was kept may have changed. */
	if (w->job_id != 0)
		sketchw_forget(sw);
	/*
	 * Its rows replace any there (a redone interval's; a new one has
	 * none unless put there behind the ingest's back): an hour merged
	 * from what was kept is then the hour merged from the rows.
	 */
	if ((w->users_enc != NULL ? sketchio_replace_encoded(sw->io, e,
	    w->users_enc, err, errlen) : sketchio_replace(sw->io, TIER_FIVE, e,
	    w->users, err, errlen)) == -1)
		return -1;
	if (w->job_id == 0)
		keep(k, h, e, INTERVAL_US, w->users);
	if (w->nperiods < 2)
		return 0;
	memset(&hour, 0, sizeof hour);
	if (w->job_id != 0) {
		/*
		 * A redone hour may have lost users: its day is merged again
		 * (up to the newest hour's quarter: the extents after the
		 * hour's rows), then its quarter and spans (the extents after
		 * the day's).
		 */
		hllset_merge(&hour, w->users);
		rc = rebuild(sw, TIER_HOUR, h, USEC_PER_HOUR, e, e, &hour, err,
		    errlen) == -1 ||
		    sketchio_extents(sw->io, first, last, err, errlen) == -1 ||
		    redo_day(sw, d, last[TIER_HOUR], err, errlen) == -1 ||
		    sketchio_extents(sw->io, first, last, err, errlen) == -1 ||
		    redo_quarter(sw, first, last, h, err, errlen) == -1 ||
		    sketchspan_redo(sw->io, first, last, d, err, errlen) == -1 ?
		    -1 : 0;
	} else {
		/* The intervals kept are the hour's (k->first is not 0). */
		hour = k->s;
		memset(&k->s, 0, sizeof k->s);
		rc = rebuild(sw, TIER_HOUR, h, USEC_PER_HOUR, k->first, k->last,
		    &hour, err, errlen) == -1 ||
		    add_quarter(sw, h, &hour, err, errlen) == -1 ||
		    sketchio_extents(sw->io, first, last, err, errlen) == -1 ||
		    catch_up_quarters(sw, last, h, err, errlen) == -1 ||
		    back_fill_quarters(sw, first, err, errlen) == -1 ||
		    sketchspan_add(sw->io, first, last, h, err, errlen) == -1 ?
		    -1 : 0;
	}
	kept_free(k);
	hllset_free(&hour);
	return rc;
}
