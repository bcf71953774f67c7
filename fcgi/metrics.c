/* metrics.c: per-thread request counters and latency histogram, summed on read */
#include "config.h"

#include <stdatomic.h>
#include <stdint.h>

#include "httpstatus.h"
#include "metrics.h"
#include "utctime.h"
#include "xmalloc.h"

/* By the status codes the responder answers; anything else is "other". */
#define NCODES	HTTP_STATUSES

/* Upper bounds of the latency buckets, seconds (then +Inf). */
static const double bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
	0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define NBOUNDS	(sizeof bounds / sizeof bounds[0])

/*
 * One thread's counters.  Only that thread writes them (a relaxed load
 * and store: no lock, no read-modify-write); /metrics reads every
 * slot with relaxed loads.  Slots are never freed: a process has one
 * per thread that ever answered, and its threads live as long as it.
 */
/*
 * The counters of a slot: by status code ([NCODES]: other), by latency
 * bucket (not cumulative; [NBOUNDS]: +Inf), and the latencies' sum.
 */
#define C_CODE(i)	(i)
#define C_BUCKET(i)	(NCODES + 1 + (i))
#define C_SUM_US	(NCODES + 1 + NBOUNDS + 1)
#define NCOUNTERS	(C_SUM_US + 1)

struct slot {
	atomic_uint_least64_t	 c[NCOUNTERS];
	struct slot		*next;
};

static _Atomic(struct slot *) slots;
static _Thread_local struct slot *self;

/* Written once by metrics_init, before any worker starts. */
static int	n_workers;
static int	max_lag = 900;
static double	start_time;

void
metrics_init(int workers, int lag)
{
	start_time = (double)utc_now() / (double)USEC_PER_SEC;
	n_workers = workers;
	max_lag = lag;
}

int64_t
metrics_start(void)
{
	return (int64_t)start_time;
}

int
metrics_max_lag(void)
{
	return max_lag;
}

/* This thread's slot, made and published on its first request. */
static struct slot *
my_slot(void)
{
	struct slot	*s;
	size_t		 i;

	if (self != NULL)
		return self;
	s = xcalloc(1, sizeof *s);
	for (i = 0; i < NCOUNTERS; i++)
		atomic_init(&s->c[i], 0);
	s->next = atomic_load(&slots);
	while (!atomic_compare_exchange_weak(&slots, &s->next, s))
		;
	return self = s;
}

/* The owner's increment: nobody else writes c. */
static void
bump(atomic_uint_least64_t *c, uint_least64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed)
	    + n, memory_order_relaxed);
}

void
metrics_record(int status, double seconds)
{
	struct slot	*s = my_slot();
	size_t		 i;

	bump(&s->c[C_CODE(http_status_index(status))], 1);
	if (seconds < 0)
		seconds = 0;
	for (i = 0; i < NBOUNDS && seconds > bounds[i]; i++)
		;
	bump(&s->c[C_BUCKET(i)], 1);
	bump(&s->c[C_SUM_US], (uint_least64_t)(seconds * 1e6 + 0.5));
}

/* The sum of counter k over every thread. */
static uint_least64_t
total(size_t k)
{
	const struct slot *s;
	uint_least64_t	 n = 0;

	for (s = atomic_load(&slots); s != NULL; s = s->next)
		n += atomic_load_explicit(&s->c[k], memory_order_relaxed);
	return n;
}

void
metrics_write(struct buf *b)
{
	uint_least64_t	 cum = 0;
	size_t		 i;

	buf_addstr(b, "# HELP netkpi_fcgi_requests_total Requests answered"
	    " by netkpi-fcgi, by HTTP status code.\n"
	    "# TYPE netkpi_fcgi_requests_total counter\n");
	for (i = 0; i < NCODES; i++)
		buf_addf(b, "netkpi_fcgi_requests_total{code=\"%d\"} %llu\n",
		    http_statuses[i].code, (unsigned long long)total(C_CODE(i)));
	buf_addf(b, "netkpi_fcgi_requests_total{code=\"other\"} %llu\n",
	    (unsigned long long)total(C_CODE(NCODES)));

	buf_addstr(b, "# HELP netkpi_fcgi_request_duration_seconds Time from"
	    " reading a request to its last byte handed to the web server.\n"
	    "# TYPE netkpi_fcgi_request_duration_seconds histogram\n");
	for (i = 0; i < NBOUNDS; i++) {
		cum += total(C_BUCKET(i));
		buf_addf(b, "netkpi_fcgi_request_duration_seconds_bucket"
		    "{le=\"%g\"} %llu\n", bounds[i], (unsigned long long)cum);
	}
	cum += total(C_BUCKET(NBOUNDS));
	buf_addf(b, "netkpi_fcgi_request_duration_seconds_bucket{le=\"+Inf\"}"
	    " %llu\n", (unsigned long long)cum);
	buf_addf(b, "netkpi_fcgi_request_duration_seconds_sum %.6f\n",
	    (double)total(C_SUM_US) / 1e6);
	buf_addf(b, "netkpi_fcgi_request_duration_seconds_count %llu\n",
	    (unsigned long long)cum);

	buf_addf(b, "# HELP netkpi_fcgi_workers Worker threads of netkpi-fcgi.\n"
	    "# TYPE netkpi_fcgi_workers gauge\n"
	    "netkpi_fcgi_workers %d\n", n_workers);
	buf_addf(b, "# HELP netkpi_fcgi_start_time_seconds Start time of"
	    " netkpi-fcgi, Unix seconds.\n"
	    "# TYPE netkpi_fcgi_start_time_seconds gauge\n"
	    "netkpi_fcgi_start_time_seconds %.3f\n", start_time);
}
