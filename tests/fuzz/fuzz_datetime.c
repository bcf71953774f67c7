/* fuzz_datetime.c: libFuzzer target for the API's datetime parser */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "utctime.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void
fail(const char *what, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_datetime: %s: \"%.*s\"\n", what, (int)size,
	    (const char *)data);
	abort();
}

/*
 * The input is a filter value.  What the parser accepts is within
 * 0001..9999, reads back the same when printed in the API's format,
 * does not change with white space around it, and agrees with
 * --now's parser (utctime.c) on the ISO forms both take.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;
	char		 iso[UTC_ISO_LEN], *padded, *cstr;
	const char	*why;
	utc_us		 t = 0, t2 = 0, now;
	int		 rc, rc2;

	rc = datetime_parse(s, size, &t);
	if (rc == 0 && (t < UTC_MIN_US || t > UTC_MAX_US))
		fail("accepted out of 0001..9999", data, size);
	if (rc == 0 && (datetime_parse(iso, utc_format_iso(t, iso),
	    &t2) == -1 || t2 != t))
		fail("its own output does not read back", data, size);

	padded = xmalloc(size + 2);
	padded[0] = ' ';
	memcpy(padded + 1, s, size);
	padded[size + 1] = '\t';
	rc2 = datetime_parse(padded, size + 2, &t2);
	free(padded);
	if (rc2 != rc || (rc == 0 && t2 != t))
		fail("white space around the value changes it", data, size);

	cstr = xstrndup(s, size);
	if (strlen(cstr) == size && cstr[0] != '-' && strchr(cstr, '-') != NULL &&
	    datetime_parse_now(cstr, &now, &why) == 0 && now >= UTC_MIN_US &&
	    now <= UTC_MAX_US && (rc == -1 || t != now))
		fail("--now and the API read this differently", data, size);
	free(cstr);
	return 0;
}
