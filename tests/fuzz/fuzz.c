/* fuzz.c: what the libFuzzer targets share */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "fuzz.h"

static char	tmp_path[4096];

void
fuzz_fail(const char *what)
{
	fprintf(stderr, "%s: %s\n", fuzz_target, what);
	abort();
}

static void
remove_tmp(void)
{
	unlink(tmp_path);
}

int
fuzz_tmpfile(const char **path)
{
	const char	*tmp = getenv("TMPDIR");
	int		 n, fd = -1;

	n = snprintf(tmp_path, sizeof tmp_path, "%s/%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", fuzz_target);
	if (n < 0 || (size_t)n >= sizeof tmp_path ||
	    (fd = mkstemp(tmp_path)) == -1) {
		fprintf(stderr, "%s: mkstemp: ", fuzz_target);
		perror(tmp_path);
		exit(1);
	}
	if (path == NULL)
		unlink(tmp_path);
	else {
		*path = tmp_path;
		atexit(remove_tmp);
	}
	return fd;
}

void
fuzz_put(int fd, const void *data, size_t size)
{
	if (pwrite(fd, data, size, 0) != (ssize_t)size ||
	    ftruncate(fd, (off_t)size) == -1)
		fuzz_fail("cannot write the temporary file");
}
