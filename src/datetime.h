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

#endif
