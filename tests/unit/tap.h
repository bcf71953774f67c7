/* tap.h: a minimal TAP producer for the C unit tests */
#ifndef NETKPI_TAP_H
#define NETKPI_TAP_H

#include <stddef.h>

#include "log.h"

/* Record one test; prints "ok N - msg" or "not ok N - msg". Returns pass. */
int	tap_ok(int pass, const char *file, int line, const char *fmt, ...)
	    LOG_PRINTF(4, 5);
/* Print the plan; returns the process exit status. */
int	tap_done(void);

#define ok(cond, ...)	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) \
	tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

/* Like tap_ok on equality, printing both values when they differ. */
int	tap_is_int(long long got, long long want, const char *file, int line,
	    const char *fmt, ...) LOG_PRINTF(5, 6);
int	tap_is_str(const char *got, const char *want, const char *file,
	    int line, const char *fmt, ...) LOG_PRINTF(5, 6);

/*
 * A temporary file holding data[0..len), already unlinked, open for
 * reading at offset 0 (the reader tests' input); aborts on failure.
 */
int	tap_tmpfile(const void *data, size_t len);

#endif
