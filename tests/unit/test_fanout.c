/* test_fanout.c: unit tests for running a function on items at once */
#include "config.h"

#include <pthread.h>

#include "ingest/fanout.h"
#include "tap.h"

struct item {
	int		 calls;
	pthread_t	 by;
	long		 sum;
};

static void
work(void *arg)
{
	struct item	*it = arg;
	long		 i;

	it->calls++;
	it->by = pthread_self();
	for (i = 0; i < 100000; i++)
		it->sum += i % 7;
}

static void
items(size_t n)
{
	struct item	it[16] = { { 0, 0, 0 } };
	size_t		i;
	size_t		threads;
	int		once = 1, summed = 1, own = 1;

	threads = fanout(it, n, sizeof *it, work);
	for (i = 0; i < n; i++) {
		once &= it[i].calls == 1;
		summed &= it[i].sum == it[0].sum;
		own &= i == 0 || !pthread_equal(it[i].by, pthread_self());
	}
	ok(once && summed, "%zu items: each run once, whole", n);
	ok(threads == (n > 0 ? n - 1 : 0) && own,
	    "%zu items: %zu on threads of their own, as returned", n, threads);
	ok(n == 0 || pthread_equal(it[0].by, pthread_self()),
	    "%zu items: the first on the calling thread", n);
	ok(n < 16 || it[15].calls == 0, "%zu items: none past n", n);
}

int
main(void)
{
	items(0);
	items(1);
	items(2);
	items(15);
	return tap_done();
}
