/* test_plan.c: unit tests for the planner: which intervals and hours a run takes */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "ingest/flowname.h"
#include "ingest/plan.h"
#include "tap.h"

#define MAXF	512
#define DELAY	150	/* seconds, the default */

/* A directory and a database state, built up by the helpers below. */
struct fixture {
	struct flowfile	 files[MAXF];
	char		 names[MAXF][64];
	struct recint	 ints[MAXF];
	struct recfile	 rec[MAXF];
	char		 recnames[MAXF][64];
	struct dbstate	 s;
	struct flowdir	 d;
	struct skipcount skipped;
	struct plan	 p;
};

static struct fixture fx;

/* The time of an ISO 8601 datetime. */
static utc_us
at(const char *iso)
{
	utc_us	t = 0;

	if (datetime_parse(iso, strlen(iso), &t) == -1)
		ok(0, "bad time in the test: %s", iso);
	return t;
}

static void
reset(void)
{
	plan_free(&fx.p);
	memset(&fx, 0, sizeof fx);
	fx.s.ints = fx.ints;
	fx.s.files = fx.rec;
	fx.d.files = fx.files;
}

/* The name of file n of interval end e. */
static void
name_of(char *buf, size_t len, utc_us e, int n)
{
	snprintf(buf, len, "ipflow_data.ts-%" PRId64 ".%d.txt",
	    (e - HALF_INTERVAL_US) / 1000, n);
}

/* File n of interval e in the directory (add them in time order). */
static void
file(utc_us e, int n, int64_t size)
{
	struct flowfile	*f = &fx.files[fx.d.n];

	name_of(fx.names[fx.d.n], sizeof fx.names[0], e, n);
	f->name = f->path = fx.names[fx.d.n];
	f->end = e;
	f->size = size;
	f->mtime_ns = 1;
	fx.d.n++;
}

/* Interval e processed before (in time order), as kpis_jobs row job. */
static void
processed(utc_us e, int64_t job)
{
	fx.ints[fx.s.nints].end = e;
	fx.ints[fx.s.nints++].job_id = job;
	fx.s.have_last = 1;
	fx.s.last = e;
}

/* File n of interval e recorded as read, with size (in time order). */
static void
recorded(utc_us e, int n, int64_t size)
{
	struct recfile	*r = &fx.rec[fx.s.nfiles];

	name_of(fx.recnames[fx.s.nfiles], sizeof fx.recnames[0], e, n);
	r->name = fx.recnames[fx.s.nfiles];
	r->end = e;
	r->size = size;
	r->mtime_ns = 1;
	fx.s.nfiles++;
}

static void
make(const char *now)
{
	plan_free(&fx.p);
	plan_make(&fx.s, &fx.d, at(now), DELAY, &fx.skipped, &fx.p);
}

/*
 * A fresh fixture from spec, words on 2026-11-27: pHH:MM the interval
 * ending then processed (job ids 1, 2...), rHH:MM.N its file N
 * recorded as read, fHH:MM.N that file in the directory (size 100);
 * each kind in time order.
 */
static void
given(const char *spec)
{
	char	iso[32];
	int	hh, mm, n = 0, len, nlen;
	char	kind;

	reset();
	for (; sscanf(spec, " %c%d:%d%n", &kind, &hh, &mm, &len) == 3;
	    spec += len) {
		if (kind != 'p' && sscanf(spec + len, ".%d%n", &n, &nlen) == 1)
			len += nlen;
		snprintf(iso, sizeof iso, "2026-11-27T%02d:%02d:00Z", hh, mm);
		if (kind == 'p')
			processed(at(iso), (int64_t)fx.s.nints + 1);
		else if (kind == 'r')
			recorded(at(iso), n, 100);
		else
			file(at(iso), n, 100);
	}
}

/*
 * The plan as text: "HH:MM" per item, "+late" and "+hour" when set,
 * "#job" when it has a job id; items separated by spaces.
 */
static const char *
plan_text(void)
{
	static char	buf[8192];
	char		iso[UTC_ISO_LEN];
	size_t		i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < fx.p.n && n + 64 < sizeof buf; i++) {
		utc_format_iso(fx.p.items[i].end, iso);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.5s%s%s",
		    i > 0 ? " " : "", iso + 11, fx.p.items[i].late ? "+late" :
		    "", fx.p.items[i].hour ? "+hour" : "");
		if (fx.p.items[i].job_id != 0)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "#%" PRId64,
			    fx.p.items[i].job_id);
	}
	return buf;
}

/* The plan made at now is want (plan_text). */
static void
expect(const char *now, const char *want, const char *what)
{
	make(now);
	is_str(plan_text(), want, "%s", what);
}

static void
empty_database(void)
{
	given("f00:10.1 f00:10.2 f00:15.1");
	expect("2026-11-27T00:27:30Z", "00:10 00:15 00:20 00:25",
	    "empty database: from the earliest file to the last due interval");
	expect("2026-11-27T00:27:29Z", "00:10 00:15 00:20",
	    "an interval is due delay seconds after its end, not before");
	expect("2026-11-27T00:12:29Z", "", "nothing is due: an empty plan");
	given("");
	expect("2026-11-27T00:27:30Z", "",
	    "empty database and no file: an empty plan");
}

static void
after_last(void)
{
	given("p00:05 p00:10 r00:10.1 f00:10.1 f00:20.1");
	expect("2026-11-27T00:32:30Z", "00:15 00:20 00:25 00:30",
	    "after the last processed interval, gaps without files too");
	expect("2026-11-27T00:12:30Z", "",
	    "the last processed is the last due: nothing");
}

static void
late_files(void)
{
	given("p00:05 p00:10 p00:15 r00:05.1 r00:10.1"
	    " f00:05.1 f00:10.1 f00:10.2");
	expect("2026-11-27T00:17:30Z", "00:10+late#2",
	    "a new file in a processed interval redoes it (its job id kept)");
	fx.files[0].size = 99;
	expect("2026-11-27T00:17:30Z", "00:05+late#1 00:10+late#2",
	    "so does a changed one, oldest first");
	fx.files[0].size = 100;
	fx.files[0].gz = 1;
	fx.d.n = 2;
	expect("2026-11-27T00:17:30Z", "",
	    "a file compressed since is no change");
	fx.d.n = 1;
	expect("2026-11-27T00:17:30Z", "",
	    "a recorded file that is gone leaves its interval alone");
	ok(plan_missing(&fx.s, &fx.d, at("2026-11-27T00:10:00Z")) ==
	    &fx.rec[1], "and plan_missing names it");
	ok(plan_missing(&fx.s, &fx.d, at("2026-11-27T00:05:00Z")) == NULL,
	    "plan_missing: none when every recorded file is there");
}

static void
late_hours(void)
{
	given("p00:05 p00:10 p00:15 p00:20 p00:25 p00:30 p00:35 p00:40"
	    " p00:45 p00:50 p00:55 p01:00 p01:05 p01:10"
	    " r00:30.1 f00:30.1 f00:30.2 f01:05.1");
	expect("2026-11-27T01:12:30Z", "00:30+late+hour#6 01:05+late#13",
	    "a late file redoes its interval and its written hour, not the"
	    " open hour");
	expect("2026-11-27T01:22:30Z",
	    "00:30+late+hour#6 01:05+late#13 01:15 01:20",
	    "the open hour is written when its last interval is");
	expect("2026-11-27T02:02:30Z", "00:30+late+hour#6 01:05+late#13"
	    " 01:15 01:20 01:25 01:30 01:35 01:40 01:45 01:50 01:55"
	    " 02:00+hour", "an hour is written with the interval that ends it");
}

static void
floor_files(void)
{
	given("f00:05.1 f00:10.1 f00:20.1");
	fx.s.have_floor = 1;
	fx.s.floor = at("2026-11-27T00:10:00Z");
	expect("2026-11-27T00:22:30Z", "00:20",
	    "first run: files at or before the floor are skipped");
	is_int(fx.skipped.n[SKIP_FLOOR], 2, "and counted");
	given("p00:05");
	fx.s.have_floor = 1;
	fx.s.floor = at("2026-11-27T00:10:00Z");
	expect("2026-11-27T00:22:30Z", "00:15 00:20",
	    "the floor bounds a catch-up that starts before it");
}

static void
catch_up_day(void)
{
	size_t	i, hours = 0, ok_order = 1;
	utc_us	e;

	reset();
	processed(at("2026-11-27T00:00:00Z"), 1);
	for (e = at("2026-11-27T00:35:00Z"); e <= at("2026-11-28T00:00:00Z");
	    e += USEC_PER_HOUR)
		file(e, 1, 100);
	make("2026-11-28T00:02:30Z");
	is_int(fx.p.n, 288, "a day behind: 288 intervals in one run");
	for (i = 0; i < fx.p.n; i++) {
		e = fx.p.items[i].end;
		if (e != at("2026-11-27T00:05:00Z") + (utc_us)i * INTERVAL_US ||
		    fx.p.items[i].late || fx.p.items[i].job_id != 0 ||
		    fx.p.items[i].hour != (interval_hour(e) == e))
			ok_order = 0;
		hours += (size_t)fx.p.items[i].hour;
	}
	ok(ok_order, "in time order, none late, each hour with its last interval");
	is_int(hours, 24, "24 hours written");
}

int
main(void)
{
	log_init("test_plan");
	empty_database();
	after_last();
	late_files();
	late_hours();
	floor_files();
	catch_up_day();
	plan_free(&fx.p);
	return tap_done();
}
