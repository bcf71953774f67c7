/* fanout.h: run a function on each of n items at once, a thread each, the first on the calling thread */
#ifndef NETKPI_FANOUT_H
#define NETKPI_FANOUT_H

#include <stddef.h>

/*
 * fn(&items[i]) for i in 0 .. n - 1 (items of size bytes each), item 0
 * on the calling thread and the others on threads of their own; an
 * item whose thread cannot start runs on the calling thread after item
 * 0.  Returns when every call has returned: the number of calls that
 * ran on threads of their own (n - 1 when every thread started).
 */
size_t	fanout(void *items, size_t n, size_t size, void (*fn)(void *item));

#endif
