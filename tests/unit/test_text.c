/* test_text.c: unit tests for the ASCII white-space helpers */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "text.h"

static void
trim(const char *s, const char *set, const char *want, const char *msg)
{
	char		 got[64];
	const char	*t;
	size_t		 len = strlen(s);

	t = text_trim(s, &len, set);
	memcpy(got, t, len);
	got[len] = '\0';
	is_str(got, want, "text_trim: %s", msg);
	memcpy(got, s, strlen(s) + 1);
	is_str(text_trim_str(got, set), want, "text_trim_str: %s", msg);
}

int
main(void)
{
	ok(text_is_blank(' ') && text_is_blank('\t') && !text_is_blank('\n') &&
	    !text_is_blank('\0') && !text_is_blank('a'), "blanks: space, tab");
	ok(text_is_space(' ') && text_is_space('\t') && text_is_space('\n') &&
	    text_is_space('\v') && text_is_space('\f') && text_is_space('\r') &&
	    !text_is_space('\0') && !text_is_space(0xa0) && !text_is_space('x'),
	    "space: the six of the C locale, not NBSP");
	ok(text_all_blank("", 0) && text_all_blank(" \t ", 3) &&
	    !text_all_blank(" x", 2) && !text_all_blank(" \r", 2),
	    "text_all_blank");
	trim("  a b \t", TEXT_BLANK, "a b", "blanks around, kept inside");
	trim(" \r\n", TEXT_SPACE, "", "only white space: empty");
	trim("", TEXT_BLANK, "", "empty");
	trim("\va\f", TEXT_BLANK, "\va\f", "a blank set leaves \\v and \\f");
	trim("\va\f", TEXT_SPACE, "a", "a space set trims them");
	trim("x = 1\r\n", " \t\r\n", "x = 1", "a line end");
	return tap_done();
}
