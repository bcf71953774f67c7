/* fuzz.h: what the libFuzzer targets share */
#ifndef NETKPI_FUZZ_H
#define NETKPI_FUZZ_H

#include <stddef.h>

/* The target's name, for its messages ("fuzz_csv"); each target sets it. */
extern const char fuzz_target[];

/* Stop the run: the code under test broke one of its promises. */
_Noreturn void	fuzz_fail(const char *what);

/*
 * The temporary file the inputs are written to (in $TMPDIR, else /tmp);
 * the run stops when there is none.  Returns its descriptor.  With
 * path, *path is its name, removed at exit; without, it has none.
 */
int	fuzz_tmpfile(const char **path);

/*
 * The file fd holds data[0..size) and nothing more: written, then cut
 * (truncating to 0 first would make ext4 flush on close).
 */
void	fuzz_put(int fd, const void *data, size_t size);

#endif
