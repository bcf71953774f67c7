/* utctime.c: proleptic Gregorian calendar arithmetic in UTC */
#include "config.h"

#include <string.h>
#include <time.h>

#include "utctime.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
utc_days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (mon < 1 || mon > 12)
		return 0;
	return days[mon - 1] + (mon == 2 && is_leap(year));
}

int
utc_valid_date(int year, int mon, int day)
{
	return year >= 1 && year <= 9999 && mon >= 1 && mon <= 12 &&
	    day >= 1 && day <= utc_days_in_month(year, mon);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
utc_from_fields(const struct utc_fields *f, utc_us *out)
{
	if (!utc_valid_date(f->year, f->mon, f->day) ||
	    f->hour < 0 || f->hour > 23 || f->min < 0 || f->min > 59 ||
	    f->sec < 0 || f->sec > 59 || f->usec < 0 || f->usec > 999999)
		return -1;
	*out = days_from_civil(f->year, f->mon, f->day) * USEC_PER_DAY +
	    f->hour * USEC_PER_HOUR + f->min * USEC_PER_MIN +
	    f->sec * USEC_PER_SEC + f->usec;
	return 0;
}

utc_us
utc_floor(utc_us t, utc_us step)
{
	utc_us	q = t / step;

	if (t % step != 0 && t < 0)
		q--;
	return q * step;
}

utc_us
utc_ceil(utc_us t, utc_us step)
{
	return -utc_floor(-t, step);
}

void
utc_to_fields(utc_us t, struct utc_fields *f)
{
	utc_us	day = utc_floor(t, USEC_PER_DAY);
	utc_us	rest = t - day;

	civil_from_days(day / USEC_PER_DAY, &f->year, &f->mon, &f->day);
	f->hour = (int)(rest / USEC_PER_HOUR);
	f->min = (int)(rest / USEC_PER_MIN % 60);
	f->sec = (int)(rest / USEC_PER_SEC % 60);
	f->usec = (int)(rest % USEC_PER_SEC);
}

/* Two decimal digits of v (0..99) at p; returns the next position. */
static char *
put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* No snprintf: the API formats two datetimes per row it sends. */
size_t
utc_format_fields(const struct utc_fields *f, char *buf)
{
	char	*p = buf;

	p = put2(p, f->year / 100);
	p = put2(p, f->year % 100);
	*p++ = '-';
	p = put2(p, f->mon);
	*p++ = '-';
	p = put2(p, f->day);
	*p++ = 'T';
	p = put2(p, f->hour);
	*p++ = ':';
	p = put2(p, f->min);
	*p++ = ':';
	p = put2(p, f->sec);
	if (f->usec != 0) {
		*p++ = '.';
		p = put2(p, f->usec / 10000);
		p = put2(p, f->usec / 100 % 100);
		p = put2(p, f->usec % 100);
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t
utc_format_iso(utc_us t, char *buf)
{
	struct utc_fields f;

	utc_to_fields(t, &f);
	return utc_format_fields(&f, buf);
}

utc_us
utc_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (utc_us)ts.tv_sec * USEC_PER_SEC + ts.tv_nsec / 1000;
}

double
utc_mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The time of element i of utc_range's array. */
static utc_us
time_at(const void *base, size_t i, size_t size, size_t off)
{
	utc_us	t;

	memcpy(&t, (const char *)base + i * size + off, sizeof t);
	return t;
}

size_t
utc_range(const void *base, size_t n, size_t size, size_t off, utc_us t,
    size_t *count)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (time_at(base, mid, size, off) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < n && time_at(base, hi, size, off) == t; hi++)
		;
	*count = hi - lo;
	return lo;
}
