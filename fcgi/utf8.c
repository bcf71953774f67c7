/* utf8.c: UTF-8 repair of the client's bytes that an error message echoes */
#include "config.h"

#include "utf8.h"

/*
 * Length of the valid UTF-8 sequence at s[0..len), or the length of
 * its maximal invalid subpart (at least 1) negated.
 */
static long
utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 1;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return -1;
	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return -(long)i;
		lo = 0x80;
		hi = 0xbf;
	}
	return (long)need + 1;
}

void
utf8_clean(struct buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t	i = 0, start = 0;
	long	n;

	while (i < len) {
		if ((n = utf8_seq(u + i, len - i)) > 0) {
			i += (size_t)n;
			continue;
		}
		buf_add(b, s + start, i - start);
		buf_add(b, "\xef\xbf\xbd", 3);
		i += (size_t)-n;
		start = i;
	}
	buf_add(b, s + start, i - start);
}
