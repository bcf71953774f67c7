/* datetime.h: the datetime forms the API's filters accept (SPEC section 5) */
#ifndef NETKPI_DATETIME_H
#define NETKPI_DATETIME_H

#include <stddef.h>

#include "utctime.h"

/*
 * Parse s[0..len) (may hold any bytes) into *out.  Returns 0, or -1
 * when the value is not one of the accepted forms.  A time outside
 * 0001..9999 after applying its zone is clamped to UTC_MIN_US or
 * UTC_MAX_US (it compares the same against every stored row).
 */
int	api_datetime_parse(const char *s, size_t len, utc_us *out);

#endif
