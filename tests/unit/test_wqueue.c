/* test_wqueue.c: unit tests for the in-order job queue of the writer */
#include "config.h"

#include <pthread.h>
#include <time.h>

#include "wqueue.h"
#include "tap.h"

#define JOBS	200
#define DEPTH	4

struct job {
	int	 n;
	int	*log;		/* the jobs' numbers in the order they ran */
	int	*ran;
	int	 slow;
};

static void
run(void *arg)
{
	struct job	*j = arg;
	struct timespec	 ts = { 0, 200000 };	/* 0.2 ms */

	if (j->slow)
		nanosleep(&ts, NULL);
	j->log[(*j->ran)++] = j->n;
}

/*
 * JOBS jobs through DEPTH slots, the caller waiting for a slot's job
 * before it reuses it, as the pass does; slow: the jobs take longer
 * than putting them (the queue fills up).
 */
static void
in_order(int slow)
{
	struct wqueue	*q = wqueue_new(run, DEPTH);
	struct job	 slot[DEPTH];
	int		 log[JOBS], ran = 0, i, ordered = 1, reused_early = 0;
	size_t		 put = 0, done = 0;

	for (i = 0; i < JOBS; i++) {
		if (put == DEPTH + done) {
			wqueue_wait(q, ++done);
			/* The job that had this slot has run. */
			reused_early |= ran < (int)done;
		}
		slot[put % DEPTH] = (struct job){ i, log, &ran, slow };
		wqueue_put(q, &slot[put++ % DEPTH]);
	}
	wqueue_wait(q, put);
	ok(ran == JOBS, "%s: every job ran (%d)", slow ? "slow" : "fast", ran);
	for (i = 0; i < ran; i++)
		ordered &= log[i] == i;
	ok(ordered, "%s: in the order they were put", slow ? "slow" : "fast");
	ok(!reused_early, "%s: wqueue_wait(n) returns once the first n ran",
	    slow ? "slow" : "fast");
	wqueue_free(q);
}

/* wqueue_free waits for the jobs put and not waited for. */
static void
free_waits(void)
{
	struct wqueue	*q = wqueue_new(run, DEPTH);
	struct job	 slot[DEPTH];
	int		 log[DEPTH], ran = 0, i;

	for (i = 0; i < DEPTH; i++) {
		slot[i] = (struct job){ i, log, &ran, 1 };
		wqueue_put(q, &slot[i]);
	}
	wqueue_free(q);
	ok(ran == DEPTH && log[DEPTH - 1] == DEPTH - 1,
	    "wqueue_free runs the jobs left first");
}

int
main(void)
{
	in_order(0);
	in_order(1);
	free_waits();
	return tap_done();
}
