/* log.h: one logging API, to stderr (the journal under systemd) */
#ifndef NETKPI_LOG_H
#define NETKPI_LOG_H

#include <stdatomic.h>

#define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Each line is "PROG: LEVEL: MESSAGE".  In MESSAGE a backslash is
 * written \\ and a control character \xNN, so that an event is one
 * line; a message longer than LOG_MSG_MAX bytes is cut to end in "...".
 */
#define LOG_MSG_MAX	2047

/* Name the program for every line; prog must outlive all logging. */
void	log_init(const char *prog);
/* 0: info and up; 1: debug too. */
void	log_set_verbose(int verbose);

void	log_debug(const char *fmt, ...) LOG_PRINTF(1, 2);
void	log_info(const char *fmt, ...) LOG_PRINTF(1, 2);
void	log_warn(const char *fmt, ...) LOG_PRINTF(1, 2);
void	log_error(const char *fmt, ...) LOG_PRINTF(1, 2);
/*
 * A warning when warn is set, else a debug line (shown with -v): the
 * first few entries of a bounded report are warnings, the rest debug.
 */
void	log_warn_if(int warn, const char *fmt, ...) LOG_PRINTF(2, 3);

/*
 * For what is said once per process: 1 the first time *said is passed
 * (threads may race for it: one wins), 0 after; always 1 when said is
 * NULL.
 */
int	log_first(atomic_int *said);

#endif
