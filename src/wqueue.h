/* wqueue.h: a thread that runs jobs one at a time in the order they came, up to a depth ahead of the caller */
#ifndef NETKPI_WQUEUE_H
#define NETKPI_WQUEUE_H

#include <stddef.h>

/*
 * The jobs of a queue run on its thread, one after the other, in the
 * order wqueue_put gave them; the caller waits for the first n with
 * wqueue_wait before it reuses what they point at, and never puts more
 * than depth jobs that it has not waited for.  When no thread can
 * start, each job runs in wqueue_put.
 */
struct wqueue;

struct wqueue *wqueue_new(void (*run)(void *job), size_t depth);
void	wqueue_put(struct wqueue *q, void *job);
/* Wait until the first n jobs put have run. */
void	wqueue_wait(struct wqueue *q, size_t n);
/* Wait for every job put, stop the thread and free q. */
void	wqueue_free(struct wqueue *q);

#endif
