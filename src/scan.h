/* scan.h: a cursor over bytes being parsed: digits, characters, words */
#ifndef NETKPI_SCAN_H
#define NETKPI_SCAN_H

#include <stddef.h>

/* The bytes p..end not parsed yet (they may hold any bytes, NUL too). */
struct scan {
	const char	*p;
	const char	*end;
};

/* 1 for an ASCII digit, whatever the locale. */
static inline int
scan_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Take min..max digits (max at most 9) into *v and step over them.
 * Returns 0, or -1 (nothing taken) when there are fewer than min.
 */
int	scan_digits(struct scan *c, size_t min, size_t max, int *v);
/* Take ch: 1, or 0 (nothing taken) when the next byte is not ch. */
int	scan_char(struct scan *c, char ch);
/* Take the bytes of s: 1, or 0 (nothing taken) when they do not follow. */
int	scan_word(struct scan *c, const char *s);
/* 1 when every byte was taken. */
int	scan_done(const struct scan *c);

#endif
