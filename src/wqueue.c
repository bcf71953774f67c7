/* wqueue.c: a thread that runs jobs one at a time in the order they came, up to a depth ahead of the caller */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "wqueue.h"
#include "xmalloc.h"

struct wqueue {
	pthread_mutex_t	  mtx;
	pthread_cond_t	  cv;		/* a job put, run, or the end */
	pthread_t	  t;
	int		  thread;	/* t runs the jobs */
	void		(*run)(void *job);
	void		**ring;		/* job k at ring[k % depth] */
	size_t		  depth;
	size_t		  put, done;	/* jobs put, jobs run */
	int		  closing;
};

static void *
wqueue_main(void *arg)
{
	struct wqueue	*q = arg;
	void		*job;

	pthread_mutex_lock(&q->mtx);
	for (;;) {
		while (q->done == q->put && !q->closing)
			pthread_cond_wait(&q->cv, &q->mtx);
		if (q->done == q->put)
			break;
		job = q->ring[q->done % q->depth];
		pthread_mutex_unlock(&q->mtx);
		q->run(job);
		pthread_mutex_lock(&q->mtx);
		q->done++;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mtx);
	return NULL;
}

struct wqueue *
wqueue_new(void (*run)(void *job), size_t depth)
{
	struct wqueue	*q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->mtx, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->run = run;
	q->depth = depth > 0 ? depth : 1;
	q->ring = xcalloc(q->depth, sizeof *q->ring);
	q->thread = pthread_create(&q->t, NULL, wqueue_main, q) == 0;
	return q;
}

void
wqueue_put(struct wqueue *q, void *job)
{
	pthread_mutex_lock(&q->mtx);
	q->ring[q->put++ % q->depth] = job;
	if (q->thread)
		pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mtx);
	if (!q->thread) {
		q->run(job);
		q->done++;
	}
}

void
wqueue_wait(struct wqueue *q, size_t n)
{
	pthread_mutex_lock(&q->mtx);
	while (q->done < n && q->done < q->put)
		pthread_cond_wait(&q->cv, &q->mtx);
	pthread_mutex_unlock(&q->mtx);
}

void
wqueue_free(struct wqueue *q)
{
	if (q == NULL)
		return;
	if (q->thread) {
		pthread_mutex_lock(&q->mtx);
		q->closing = 1;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mtx);
		pthread_join(q->t, NULL);
	}
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mtx);
	free(q->ring);
	free(q);
}
