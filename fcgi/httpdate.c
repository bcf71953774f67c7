/* httpdate.c: HTTP dates (RFC 9110 section 5.6.7), read and written */
#include "config.h"

#include <string.h>

#include "httpdate.h"
#include "scan.h"
#include "utctime.h"

static const char wdays[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const long_wdays[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

/* The month's three letters. */
static int
month(struct scan *c, int *mon)
{
	int	i;

	for (i = 0; i < 12; i++)
		if (scan_word(c, months[i])) {
			*mon = i + 1;
			return 0;
		}
	return -1;
}

/* "HH:MM:SS" */
static int
clock_of(struct scan *c, struct utc_fields *f)
{
	if (scan_digits(c, 2, 2, &f->hour) == -1 || !scan_char(c, ':') ||
	    scan_digits(c, 2, 2, &f->min) == -1 || !scan_char(c, ':') ||
	    scan_digits(c, 2, 2, &f->sec) == -1)
		return -1;
	return 0;
}

/* The weekday's name (three letters, or the whole one). */
static int
weekday(struct scan *c, int whole)
{
	int	i;

	for (i = 0; i < 7; i++)
		if (scan_word(c, whole ? long_wdays[i] : wdays[i]))
			return 0;
	return -1;
}

/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
static int
imf_fixdate(struct scan c, struct utc_fields *f)
{
	return weekday(&c, 0) == -1 || !scan_word(&c, ", ") ||
	    scan_digits(&c, 2, 2, &f->day) == -1 || !scan_char(&c, ' ') ||
	    month(&c, &f->mon) == -1 || !scan_char(&c, ' ') ||
	    scan_digits(&c, 4, 4, &f->year) == -1 || !scan_char(&c, ' ') ||
	    clock_of(&c, f) == -1 || !scan_word(&c, " GMT") ||
	    !scan_done(&c) ? -1 : 0;
}

/* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
static int
rfc850(struct scan c, struct utc_fields *f)
{
	if (weekday(&c, 1) == -1 || !scan_word(&c, ", ") ||
	    scan_digits(&c, 2, 2, &f->day) == -1 || !scan_char(&c, '-') ||
	    month(&c, &f->mon) == -1 || !scan_char(&c, '-') ||
	    scan_digits(&c, 2, 2, &f->year) == -1 || !scan_char(&c, ' ') ||
	    clock_of(&c, f) == -1 || !scan_word(&c, " GMT") ||
	    !scan_done(&c))
		return -1;
	f->year += f->year < 50 ? 2000 : 1900;
	return 0;
}

/* asctime: "Sun Nov  6 08:49:37 1994" */
static int
asctime_form(struct scan c, struct utc_fields *f)
{
	if (weekday(&c, 0) == -1 || !scan_char(&c, ' ') ||
	    month(&c, &f->mon) == -1 || !scan_char(&c, ' '))
		return -1;
	if (scan_char(&c, ' ')) {
		if (scan_digits(&c, 1, 1, &f->day) == -1)
			return -1;
	} else if (scan_digits(&c, 2, 2, &f->day) == -1)
		return -1;
	return !scan_char(&c, ' ') || clock_of(&c, f) == -1 ||
	    !scan_char(&c, ' ') || scan_digits(&c, 4, 4, &f->year) == -1 ||
	    !scan_done(&c) ? -1 : 0;
}

int
httpdate_parse(const char *s, int64_t *secs)
{
	struct scan	 c = { s, s + strlen(s) };
	struct utc_fields f;
	utc_us		 t;

	memset(&f, 0, sizeof f);
	if ((imf_fixdate(c, &f) == -1 && rfc850(c, &f) == -1 &&
	    asctime_form(c, &f) == -1) || utc_from_fields(&f, &t) == -1)
		return -1;
	*secs = utc_floor(t, USEC_PER_SEC) / USEC_PER_SEC;
	return 0;
}

size_t
httpdate_format(int64_t secs, char *buf)
{
	struct utc_fields f;
	char		*p = buf;
	int64_t		 days = utc_floor(secs, 86400) / 86400;
	int		 v[4], i;

	utc_to_fields(secs * USEC_PER_SEC, &f);
	memcpy(p, wdays[((days % 7) + 11) % 7], 3);	/* 1970-01-01: Thu */
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	*p++ = (char)('0' + f.day / 10);
	*p++ = (char)('0' + f.day % 10);
	*p++ = ' ';
	memcpy(p, months[f.mon - 1], 3);
	p += 3;
	*p++ = ' ';
	for (i = 3; i >= 0; i--, f.year /= 10)
		p[i] = (char)('0' + f.year % 10);
	p += 4;
	v[0] = f.hour;
	v[1] = f.min;
	v[2] = f.sec;
	for (i = 0; i < 3; i++) {
		*p++ = i == 0 ? ' ' : ':';
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	memcpy(p, " GMT", 5);
	return (size_t)(p + 4 - buf);
}
