/* test_log.c: unit tests for the log line format and its escaping */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

static FILE	*capture;
static int	 saved_stderr;

/* Send stderr to a temporary file until end_capture. */
static void
start_capture(void)
{
	fflush(stderr);
	capture = tmpfile();
	saved_stderr = dup(2);
	dup2(fileno(capture), 2);
}

/* Restore stderr; what was logged is in buf (a NUL-terminated line set). */
static const char *
end_capture(char *buf, size_t len)
{
	size_t	n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(capture);
	n = fread(buf, 1, len - 1, capture);
	buf[n] = '\0';
	fclose(capture);
	return buf;
}

static void
escapes(void)
{
	static char	buf[16384];

	start_capture();
	log_info("%s", "a\nb\tc\x7f");
	log_info("%s", "dir\\x0a name");
	log_warn("%s", "back\\slash\\");
	log_error("%s", "plain");
	end_capture(buf, sizeof buf);
	is_str(buf,
	    "t: info: a\\x0ab\\x09c\\x7f\n"
	    "t: info: dir\\\\x0a name\n"
	    "t: warning: back\\\\slash\\\\\n"
	    "t: error: plain\n",
	    "control characters as \\xNN, a backslash doubled, one line each");
}

static void
long_message(void)
{
	static char	buf[16384], big[4 * LOG_MSG_MAX];
	const char	*line;
	size_t		 n;

	memset(big, '\n', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	start_capture();
	log_info("%s", big);
	line = end_capture(buf, sizeof buf);
	n = strlen(line);
	ok(n > 4 && strcmp(line + n - 4, "...\n") == 0 &&
	    strchr(line, '\n') == line + n - 1,
	    "a message past LOG_MSG_MAX is cut, ends in ..., stays one line");
	is_int(n, strlen("t: info: ") + 4 * (LOG_MSG_MAX - 3) + 4,
	    "every byte kept up to the cut is escaped, none lost");
}

static void
debug_needs_verbose(void)
{
	static char	buf[1024];

	start_capture();
	log_debug("hidden");
	log_warn_if(0, "hidden too");
	log_set_verbose(1);
	log_debug("shown");
	log_warn_if(1, "warned");
	log_set_verbose(0);
	end_capture(buf, sizeof buf);
	is_str(buf, "t: debug: shown\nt: warning: warned\n",
	    "debug lines only with -v; log_warn_if warns or debugs");
}

int
main(void)
{
	unsetenv("JOURNAL_STREAM");
	log_init("t");
	escapes();
	long_message();
	debug_needs_verbose();
	return tap_done();
}
