/* datetime.c: the one datetime parser: ISO-like and US forms, API filters and --now */
#include "config.h"

#include <string.h>

#include "datetime.h"
#include "num.h"
#include "scan.h"
#include "text.h"

/* One or more spaces. */
static int
spaces(struct scan *c)
{
	const char	*start = c->p;

	while (scan_char(c, ' '))
		;
	return c->p > start;
}

/* 1-6 digits of a fraction (then up to extra more ignored) into usec. */
static int
fraction(struct scan *c, size_t extra, int *usec)
{
	size_t	n = 0;
	int	v = 0;

	while (c->p < c->end && n < 6 && scan_is_digit((unsigned char)*c->p)) {
		v = v * 10 + (*c->p++ - '0');
		n++;
	}
	if (n == 0)
		return -1;
	for (; n < 6; n++)
		v *= 10;
	for (n = 0; n < extra && c->p < c->end &&
	    scan_is_digit((unsigned char)*c->p); n++)
		c->p++;
	*usec = v;
	return 0;
}

/* H[H]:M[M][:S[S][<sep>f{1,6}]]; seps are the fraction separators. */
static int
clock_time(struct scan *c, struct utc_fields *f, const char *seps,
    size_t extra)
{
	if (scan_digits(c, 1, 2, &f->hour) == -1 || !scan_char(c, ':') ||
	    scan_digits(c, 1, 2, &f->min) == -1)
		return -1;
	if (!scan_char(c, ':'))
		return 0;
	if (scan_digits(c, 1, 2, &f->sec) == -1)
		return -1;
	if (c->p < c->end && strchr(seps, *c->p) != NULL && *c->p != '\0') {
		c->p++;
		return fraction(c, extra, &f->usec);
	}
	return 0;
}

/* Z, +HH, +HHMM or +HH:MM (and -), under 24 hours; none is UTC. */
static int
zone(struct scan *c, utc_us *off)
{
	int	sign, hh, mm = 0;

	*off = 0;
	if (c->p == c->end || scan_char(c, 'Z'))
		return 0;
	if (*c->p != '+' && *c->p != '-')
		return -1;
	sign = *c->p++ == '-' ? -1 : 1;
	if (scan_digits(c, 2, 2, &hh) == -1 || hh > 23)
		return -1;
	if (c->p < c->end) {
		scan_char(c, ':');
		if (scan_digits(c, 2, 2, &mm) == -1 || mm > 59)
			return -1;
	}
	*off = sign * (hh * USEC_PER_HOUR + mm * USEC_PER_MIN);
	return 0;
}

/* YYYY-M[M]-D[D][(T|spaces)H[H]:M[M][:S[S][(.|,)f]][zone]] */
static int
iso_form(struct scan *c, struct utc_fields *f, utc_us *off)
{
	*off = 0;
	if (scan_digits(c, 4, 4, &f->year) == -1 || !scan_char(c, '-') ||
	    scan_digits(c, 1, 2, &f->mon) == -1 || !scan_char(c, '-') ||
	    scan_digits(c, 1, 2, &f->day) == -1)
		return -1;
	if (c->p == c->end)
		return 0;
	if (!scan_char(c, 'T') && !spaces(c))
		return -1;
	if (clock_time(c, f, ".,", 6) == -1)
		return -1;
	return zone(c, off);
}

/* M[M]/D[D]/(YYYY|YY)[spaces H[H]:M[M][:S[S][.f]]] */
static int
us_form(struct scan *c, struct utc_fields *f)
{
	const char	*y;

	if (scan_digits(c, 1, 2, &f->mon) == -1 || !scan_char(c, '/') ||
	    scan_digits(c, 1, 2, &f->day) == -1 || !scan_char(c, '/'))
		return -1;
	y = c->p;
	if (scan_digits(c, 2, 4, &f->year) == -1)
		return -1;
	if (c->p - y == 2)
		f->year += f->year <= 68 ? 2000 : 1900;
	else if (c->p - y != 4)
		return -1;
	if (c->p == c->end)
		return 0;
	if (!spaces(c))
		return -1;
	return clock_time(c, f, ".", 0);
}

int
datetime_parse(const char *s, size_t len, utc_us *out)
{
	struct utc_fields f;
	struct scan	c;
	utc_us		off = 0, t;
	int		rc;

	c.p = text_trim(s, &len, TEXT_SPACE);
	c.end = c.p + len;
	if (c.p == c.end)
		return -1;
	memset(&f, 0, sizeof f);
	if (memchr(c.p, '/', (size_t)(c.end - c.p)) != NULL)
		rc = us_form(&c, &f);
	else
		rc = iso_form(&c, &f, &off);
	if (rc == -1 || !scan_done(&c) || utc_from_fields(&f, &t) == -1)
		return -1;
	/* Both are within int64 range: |t| < 2^58, |off| < 2^37. */
	t -= off;
	if (t < UTC_MIN_US)
		t = UTC_MIN_US;
	else if (t > UTC_MAX_US)
		t = UTC_MAX_US;
	*out = t;
	return 0;
}

int
datetime_parse_now(const char *s, utc_us *out, const char **errstr)
{
	int64_t	secs;

	*errstr = NULL;
	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		if (num_parse_str(s, 0, UTC_MAX_US / USEC_PER_SEC, &secs,
		    errstr) == -1)
			return -1;
		*out = secs * USEC_PER_SEC;
		return 0;
	}
	if (datetime_parse(s, strlen(s), out) == -1) {
		*errstr = "expected Unix seconds or a date and time such as"
		    " 2021-07-18T00:05:00Z";
		return -1;
	}
	return 0;
}
