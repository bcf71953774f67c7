/* test_negotiate.c: unit tests for Accept, ?format= and indent */
#include "config.h"

#include <string.h>

#include "fcgi/negotiate.h"
#include "tap.h"

/* Accept and ?format= (NULL: absent) for a resource with or without CSV. */
static const struct {
	const char		*accept, *format;
	int			 csv;
	enum negotiate_result	 want;
} cases[] = {
	{ NULL, NULL, 0, NEG_JSON },
	{ "application/json", NULL, 0, NEG_JSON },
	{ "Application/JSON", NULL, 0, NEG_JSON },
	{ "application/*", NULL, 0, NEG_JSON },
	{ "*/*", NULL, 0, NEG_JSON },
	{ "text/html, */*;q=0.8", NULL, 0, NEG_JSON },
	{ "application/json;q=0", NULL, 0, NEG_JSON },
	{ "text/html,application/xhtml+xml", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ "application/xml", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ "", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ " ", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ "application/jsonx", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ NULL, "json", 0, NEG_JSON },
	{ NULL, "", 0, NEG_JSON },
	{ NULL, "xml", 0, NEG_NOT_FOUND },
	{ NULL, "JSON", 0, NEG_NOT_FOUND },
	{ NULL, "api", 0, NEG_NOT_FOUND },
	{ "application/xml", "xml", 0, NEG_NOT_FOUND },
	{ "application/xml", "json", 0, NEG_NOT_ACCEPTABLE },
	{ NULL, "csv", 1, NEG_CSV },
	{ "*/*", "csv", 1, NEG_CSV },
	{ "text/*", "csv", 1, NEG_CSV },
	{ "application/json", "csv", 1, NEG_NOT_ACCEPTABLE },
	{ NULL, "CSV", 1, NEG_NOT_FOUND },
	{ "text/csv", "json", 1, NEG_NOT_ACCEPTABLE },
	{ "text/csv", NULL, 1, NEG_CSV },
	{ "text/csv; charset=utf-8", "", 1, NEG_CSV },
	{ "Text/CSV;q=0.5", NULL, 1, NEG_CSV },
	{ "text/csv, */*", NULL, 1, NEG_CSV },
	{ "text/*", NULL, 1, NEG_CSV },
	{ "application/json, text/csv", NULL, 1, NEG_JSON },
	{ "text/csv, application/json", NULL, 1, NEG_JSON },
	{ "*/*", NULL, 1, NEG_JSON },
	{ NULL, NULL, 1, NEG_JSON },
	{ "text/html", NULL, 1, NEG_NOT_ACCEPTABLE },
	{ "text/csv", NULL, 0, NEG_NOT_ACCEPTABLE },
	{ NULL, "csv", 0, NEG_NOT_FOUND },
};

/* The indent asked for by Accept. */
static const struct {
	const char	*accept;
	int		 want;
} indents[] = {
	{ NULL, 0 },
	{ "application/json", 0 },
	{ "application/json; indent=4", 4 },
	{ "application/json;indent=2", 2 },
	{ "application/json; indent=0", 0 },
	{ "application/json; indent=-3", 0 },
	{ "application/json; indent=12", 8 },
	{ "application/json; indent=99999999999999999999999", 8 },
	{ "application/json; indent=x", 0 },
	{ "application/json; indent=", 0 },
	{ "application/json; indent= +3 ", 3 },
	{ "application/json; q=0.5; indent=4", 4 },
	{ "*/*; indent=4", 4 },
	{ "*/*;indent=2, application/json;indent=4", 4 },
	{ "application/json;indent=4, application/json;indent=2", 4 },
	{ "application/json, */*;indent=4", 0 },
	{ "text/html;indent=4", 0 },
	{ "application/xml;indent=4", 0 },
};

int
main(void)
{
	const char	*a, *f;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		a = cases[i].accept;
		f = cases[i].format;
		is_int(negotiate(a, f, f ? strlen(f) : 0, cases[i].csv),
		    cases[i].want, "%sAccept %s%s%s, format %s -> %d",
		    cases[i].csv ? "CSV too: " : "", a ? "\"" : "",
		    a ? a : "(none)", a ? "\"" : "", f ? f : "(none)",
		    cases[i].want);
	}
	for (i = 0; i < sizeof indents / sizeof indents[0]; i++)
		is_int(negotiate_indent(indents[i].accept), indents[i].want,
		    "indent of \"%s\" is %d",
		    indents[i].accept ? indents[i].accept : "(none)",
		    indents[i].want);
	return tap_done();
}
