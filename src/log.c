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
 * Copy src into dst, escaping backslashes (as \\) and control
 * characters (as \xNN) so that one event is always one line, whatever
 * the input held, and a "\x0a" in the input cannot pass for an escaped
 * newline.  dst holds LOG_ESC_MAX(strlen(src)) bytes: nothing is cut.
 */
#define LOG_ESC_MAX(n)	(4 * (n) + 1)

static void
log_escape(char *dst, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	c;

	for (; (c = (unsigned char)*src) != '\0'; src++) {
		if (c == '\\') {
			*dst++ = '\\';
			*dst++ = '\\';
		} else if (c < 0x20 || c == 0x7f) {
			*dst++ = '\\';
			*dst++ = 'x';
			*dst++ = hex[c >> 4];
			*dst++ = hex[c & 0xf];
		} else
			*dst++ = (char)c;
	}
	*dst = '\0';
}

static void LOG_PRINTF(2, 0)
log_emit(enum level lvl, const char *fmt, va_list ap)
{
	static const char *const names[] = { "debug", "info", "warning", "error" };
	static const char *const prio[] = { "<7>", "<6>", "<4>", "<3>" };
	char	msg[LOG_MSG_MAX + 1], esc[LOG_ESC_MAX(LOG_MSG_MAX)];
	int	n;

	if (lvl == LVL_DEBUG && !log_verbosity)
		return;
	/* A longer message is cut, and ends in "..." to say so. */
	if ((n = vsnprintf(msg, sizeof msg, fmt, ap)) < 0)
		snprintf(msg, sizeof msg, "(unprintable log message)");
	else if ((size_t)n >= sizeof msg)
		memcpy(msg + sizeof msg - 4, "...", 4);
	log_escape(esc, msg);
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

int
log_first(atomic_int *said)
{
	return said == NULL || !atomic_exchange(said, 1);
}
