/* flowname.h: flow file names and the interval a file belongs to */
#ifndef NETKPI_FLOWNAME_H
#define NETKPI_FLOWNAME_H

#include <stddef.h>

#include "utctime.h"

#define INTERVAL_US	(5 * USEC_PER_MIN)
#define HALF_INTERVAL_US (150 * USEC_PER_SEC)

/*
 * Match "ipflow_data.ts-<T>.<N>.txt" or the same with ".gz".  Returns 0
 * with the file time in *t, *gz set and *stemlen the length of the name
 * without ".gz"; -1 when the name does not match.
 */
int	flowname_parse(const char *name, utc_us *t, int *gz, size_t *stemlen);

/*
 * The end E of the interval of a file dated t: the 5-minute boundary
 * nearest to t, t in [E-150s, E+150s).
 */
utc_us	flowname_interval(utc_us t);

/* The end of the hour that interval end e belongs to (e itself on the hour). */
utc_us	interval_hour(utc_us e);

#endif
