/* fanout.c: run a function on each of n items at once, a thread each, the first on the calling thread */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "fanout.h"
#include "xmalloc.h"

struct call {
	pthread_t	  t;
	void		(*fn)(void *item);
	void		 *item;
};

static void *
call_main(void *arg)
{
	struct call	*c = arg;

	c->fn(c->item);
	return NULL;
}

size_t
fanout(void *items, size_t n, size_t size, void (*fn)(void *item))
{
	struct call	*c;
	size_t		 i, started;

	if (n == 0)
		return 0;
	c = xcalloc(n, sizeof *c);
	for (i = 0; i < n; i++) {
		c[i].fn = fn;
		c[i].item = (char *)items + i * size;
	}
	for (started = 1; started < n; started++)
		if (pthread_create(&c[started].t, NULL, call_main,
		    &c[started]) != 0)
			break;
	fn(c[0].item);
	for (i = started; i < n; i++)
		fn(c[i].item);
	for (i = 1; i < started; i++)
		pthread_join(c[i].t, NULL);
	free(c);
	return started - 1;
}
