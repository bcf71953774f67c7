/* log.c: one line per event to stderr, control characters escaped */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

enum level { LVL_DEBUG, LVL_INFO, LVL_WARN, LVL_ERROR };

static const char	*log_prog = "netkpi";
static int		 log_verbosity;
static int		 log_journal = -1;

void
log_init(const char *prog)
{
	log_prog = prog;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void
log_set_verbose(int verbose)
{
	log_verbosity = verbose;
}

/*
 * Copy src into dst, escaping control characters and backslashes so
 * that one event is always one line, whatever the input held.
 */
static void
log_escape(char *dst, size_t dstlen, const char *src)
{
	size_t	n = 0;

	for (; *src != '\0' && n + 5 < dstlen; src++) {
		unsigned char c = (unsigned char)*src;

		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(dst + n, dstlen - n, "\\x%02x", c);
		else
			dst[n++] = (char)c;
	}
	dst[n] = '\0';
}

static void LOG_PRINTF(2, 0)
log_emit(enum level lvl, const char *fmt, va_list ap)
{
	static const char *const names[] = { "debug", "info", "warning", "error" };
	static const char *const prio[] = { "<7>", "<6>", "<4>", "<3>" };
	char	msg[2048], esc[4096];

	if (lvl == LVL_DEBUG && !log_verbosity)
		return;
	if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
		strcpy(msg + sizeof msg - 5, "...");
	log_escape(esc, sizeof esc, msg);
	/* One fprintf per line: stdio locks the stream, lines never mix. */
	fprintf(stderr, "%s%s: %s: %s\n", log_journal == 1 ? prio[lvl] : "",
	    log_prog, names[lvl], esc);
}

#define LOG_FN(name, lvl)				\
void							\
name(const char *fmt, ...)				\
{							\
	va_list	ap;					\
							\
	va_start(ap, fmt);				\
	log_emit(lvl, fmt, ap);				\
	va_end(ap);					\
}

LOG_FN(log_debug, LVL_DEBUG)
LOG_FN(log_info, LVL_INFO)
LOG_FN(log_warn, LVL_WARN)
LOG_FN(log_error, LVL_ERROR)

void
log_warn_if(int warn, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(warn ? LVL_WARN : LVL_DEBUG, fmt, ap);
	va_end(ap);
}
