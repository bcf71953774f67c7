/* utctime.h: UTC calendar arithmetic, independent of TZ */
#ifndef NETKPI_UTCTIME_H
#define NETKPI_UTCTIME_H

#include <stddef.h>
#include <stdint.h>

/*
 * netkpi's time type: microseconds since 1970-01-01T00:00:00Z, the
 * resolution of DATETIME(6).  File names carry milliseconds: multiply
 * by USEC_PER_MSEC.
 */
typedef int64_t utc_us;

#define USEC_PER_MSEC	INT64_C(1000)
#define USEC_PER_SEC	INT64_C(1000000)
#define USEC_PER_MIN	(60 * USEC_PER_SEC)
#define USEC_PER_HOUR	(60 * USEC_PER_MIN)
#define USEC_PER_DAY	(24 * USEC_PER_HOUR)

struct utc_fields {
	int	year;		/* 1..9999 */
	int	mon;		/* 1..12 */
	int	day;		/* 1..31 */
	int	hour;		/* 0..23 */
	int	min;		/* 0..59 */
	int	sec;		/* 0..59 */
	int	usec;		/* 0..999999 */
};

/* Smallest and largest representable: 0001-01-01 and 9999-12-31T23:59:59.999999. */
#define UTC_MIN_US	INT64_C(-62135596800000000)
#define UTC_MAX_US	INT64_C(253402300799999999)

/* 1 when y-m-d is a date of the proleptic Gregorian calendar, year 1..9999. */
int	utc_valid_date(int year, int mon, int day);
int	utc_days_in_month(int year, int mon);
/* Fields to time; returns -1 when a field is out of range. */
int	utc_from_fields(const struct utc_fields *f, utc_us *out);
/* Time to fields; t must be within UTC_MIN_US..UTC_MAX_US. */
void	utc_to_fields(utc_us t, struct utc_fields *f);
/* Floor division of t by step (for negative times too). */
utc_us	utc_floor(utc_us t, utc_us step);
/*
 * The multiple of step at or after t: the end of the period of length
 * step that holds a period ending at t (its day, its hour).
 */
utc_us	utc_ceil(utc_us t, utc_us step);

/*
 * The one datetime formatter: "2021-07-18T00:05:00Z", or
 * "2021-07-18T00:05:00.250000Z" when the microseconds are not zero (the
 * API's format), NUL-terminated.  The fields must be in range.  buf
 * holds at least UTC_ISO_LEN bytes; returns the length (without NUL).
 */
#define UTC_ISO_LEN	32
size_t	utc_format_fields(const struct utc_fields *f, char *buf);
/* The same for a time within UTC_MIN_US..UTC_MAX_US. */
size_t	utc_format_iso(utc_us t, char *buf);

/* The wall clock. */
utc_us	utc_now(void);

/*
 * In base[0..n), elements of size bytes sorted by the utc_us at byte
 * offset off in each: the index of the first at t or later (n when
 * none), and in *count how many are at t.
 */
size_t	utc_range(const void *base, size_t n, size_t size, size_t off,
	    utc_us t, size_t *count);

/* Seconds on the monotonic clock, for durations (not a time of day). */
double	utc_mono(void);

#endif
