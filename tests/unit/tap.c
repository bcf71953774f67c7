/* tap.c: TAP output for the C unit tests */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int	tap_count;
static int	tap_failed;

static int	tap_vok(int, const char *, int, const char *, va_list)
		    __attribute__((format(printf, 4, 0)));

static int
tap_vok(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	tap_count++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *fmt, ...)
{
	va_list	ap;
	int	pass;

	va_start(ap, fmt);
	pass = tap_vok(got == want, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return pass;
}

int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list	ap;
	int	pass;

	pass = got != NULL && want != NULL ? strcmp(got, want) == 0 : got == want;
	va_start(ap, fmt);
	pass = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return pass;
}

int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	pass = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

int
tap_done(void)
{
	/* A test that checked nothing fails (1..0 would be a skip). */
	if (tap_count == 0)
		ok(0, "the test checked nothing");
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

int
tap_tmpfile(const void *data, size_t len)
{
	char	path[] = "/tmp/netkpi-test.XXXXXX";
	int	fd = mkstemp(path);

	if (fd == -1 || write(fd, data, len) != (ssize_t)len ||
	    lseek(fd, 0, SEEK_SET) == -1)
		abort();
	unlink(path);
	return fd;
}
