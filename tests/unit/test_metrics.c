/* test_metrics.c: unit tests for the per-thread request counters */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fcgi/metrics.h"
#include "tap.h"

#define NTHREADS	4
#define PER_THREAD	20000

static atomic_int	done;

/* Each thread: 3 of 4 requests 200 in 1 ms, one 404 in 20 ms, one odd. */
static void *
worker(void *arg)
{
	int	i;

	(void)arg;
	for (i = 0; i < PER_THREAD; i++) {
		if (i % 4 == 3)
			metrics_record(404, 0.020);
		else
			metrics_record(200, 0.001);
	}
	metrics_record(299, 20.0);
	atomic_fetch_add(&done, 1);
	return NULL;
}

/* The value of the sample line that starts with name (and a space). */
static unsigned long long
sample(const char *text, const char *name)
{
	const char	*p = text;
	size_t		 n = strlen(name);

	while ((p = strstr(p, name)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
		p += n;
	}
	return (unsigned long long)-1;
}

int
main(void)
{
	pthread_t	 t[NTHREADS];
	struct buf	 b = BUF_INIT;
	unsigned long long last = 0, now, total;
	int		 i, monotonic = 1, reads = 0;

	metrics_init(NTHREADS, 900);
	is_int(metrics_max_lag(), 900, "max_lag as given");
	metrics_write(&b);
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_requests_total{code=\"200\"}"), 0,
	    "no request yet: 0");
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_workers"), NTHREADS, "workers");

	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	/* A reader while the threads count: totals only grow. */
	while (atomic_load(&done) < NTHREADS) {
		buf_reset(&b);
		metrics_write(&b);
		now = sample(buf_cstr(&b),
		    "netkpi_fcgi_request_duration_seconds_count");
		if (now < last)
			monotonic = 0;
		last = now;
		reads++;
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	ok(monotonic, "a reader during the counting sees the count grow (%d reads)",
	    reads);

	buf_reset(&b);
	metrics_write(&b);
	total = (unsigned long long)NTHREADS * (PER_THREAD + 1);
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_requests_total{code=\"200\"}"),
	    NTHREADS * PER_THREAD / 4 * 3, "200s of every thread summed");
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_requests_total{code=\"404\"}"),
	    NTHREADS * PER_THREAD / 4, "404s of every thread summed");
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_requests_total{code=\"other\"}"),
	    NTHREADS, "a status not in the list counts as other");
	is_int(sample(buf_cstr(&b), "netkpi_fcgi_request_duration_seconds_count"),
	    total, "histogram count: every request");
	is_int(sample(buf_cstr(&b),
	    "netkpi_fcgi_request_duration_seconds_bucket{le=\"0.001\"}"),
	    NTHREADS * PER_THREAD / 4 * 3, "le=0.001: the 1 ms requests");
	is_int(sample(buf_cstr(&b),
	    "netkpi_fcgi_request_duration_seconds_bucket{le=\"0.025\"}"),
	    NTHREADS * PER_THREAD, "le=0.025: and the 20 ms ones (cumulative)");
	is_int(sample(buf_cstr(&b),
	    "netkpi_fcgi_request_duration_seconds_bucket{le=\"10\"}"),
	    NTHREADS * PER_THREAD, "le=10: not the 20 s ones");
	is_int(sample(buf_cstr(&b),
	    "netkpi_fcgi_request_duration_seconds_bucket{le=\"+Inf\"}"),
	    total, "le=+Inf: all");
	ok(strstr(buf_cstr(&b),
	    "\nnetkpi_fcgi_request_duration_seconds_sum 540.000000\n") != NULL,
	    "sum: 60000 x 1 ms + 20000 x 20 ms + 4 x 20 s = 540 s");
	ok(strstr(buf_cstr(&b), "# TYPE netkpi_fcgi_requests_total counter\n") != NULL &&
	    strstr(buf_cstr(&b),
	    "# TYPE netkpi_fcgi_request_duration_seconds histogram\n") != NULL,
	    "TYPE lines");
	buf_free(&b);
	return tap_done();
}
