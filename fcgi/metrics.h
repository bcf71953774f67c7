/* metrics.h: the responder's own counters, one set per worker thread */
#ifndef NETKPI_METRICS_H
#define NETKPI_METRICS_H

#include <stdint.h>

#include "buf.h"

/*
 * Once, before the first request and before any thread starts: the
 * worker count (reported by /metrics), the ingest lag above which
 * /api/status/ answers 503 (and /metrics reports), and the process
 * start time.
 */
void	metrics_init(int workers, int max_lag);
/* The process start time given by metrics_init, Unix seconds. */
int64_t	metrics_start(void);
/* The [api] max_lag given to metrics_init, seconds. */
int	metrics_max_lag(void);

/*
 * Count one answered request of this thread: its status code and how
 * long it took.  Each thread writes only its own counters (made on its
 * first request), so no lock is taken; readers sum them.
 */
void	metrics_record(int status, double seconds);

/*
 * Append the process metrics to b in the Prometheus text format
 * (version 0.0.4): requests by status code, the latency histogram, the
 * worker count and the start time.
 */
void	metrics_write(struct buf *b);

#endif
