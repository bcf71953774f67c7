/* datetime.h: the one parser of datetimes: the API's filters and --now */
#ifndef NETKPI_DATETIME_H
#define NETKPI_DATETIME_H

#include <stddef.h>

#include "utctime.h"

/*
 * Parse s[0..len) (may hold any bytes) into *out.  The forms are those
 * of the API's datetime filters (README, API, Filters): after trimming
 * ASCII white space, YYYY-M[M]-D[D] (midnight), that date then 'T' or
 * spaces and H[H]:M[M][:S[S][(.|,)f{1,6}]] with an optional zone (Z,
 * +HH, +HHMM, +HH:MM, or '-'), or M[M]/D[D]/YY[YY] with an optional
 * H[H]:M[M][:S[S][.f{1,6}]] after spaces; no zone is UTC.  Returns 0,
 * or -1 when the value is none of them.  A time outside 0001..9999
 * after applying its zone is clamped to UTC_MIN_US or UTC_MAX_US (it
 * compares the same against every stored row).
 */
int	datetime_parse(const char *s, size_t len, utc_us *out);
/*
 * Parse the --now argument: Unix seconds (digits only), or any form
 * datetime_parse takes, e.g. 2021-07-18T00:05:00Z or
 * 2021-07-18T02:05+02:00.  Returns 0, or -1 with *errstr set.
 */
int	datetime_parse_now(const char *s, utc_us *out, const char **errstr);

#endif
