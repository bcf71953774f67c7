/* test_negotiate.c: unit tests for Accept, ?format= and indent */
#include "config.h"

#include <string.h>

#include "fcgi/negotiate.h"
#include "tap.h"

/* Accept and ?format= (NULL: absent), and what is negotiated. */
struct neg_case {
	const char		*accept, *format;
	enum negotiate_result	 want;
};

/* A resource that renders JSON alone. */
static const struct neg_case json_only[] = {
	{ NULL, NULL, NEG_JSON },
	{ "application/json", NULL, NEG_JSON },
	{ "Application/JSON", NULL, NEG_JSON },
	{ "application/*", NULL, NEG_JSON },
	{ "*/*", NULL, NEG_JSON },
	{ "text/html, */*;q=0.8", NULL, NEG_JSON },
	{ "application/json;q=0", NULL, NEG_JSON },
	{ "text/html,application/xhtml+xml", NULL, NEG_NOT_ACCEPTABLE },
	{ "application/xml", NULL, NEG_NOT_ACCEPTABLE },
	{ "", NULL, NEG_NOT_ACCEPTABLE },
	{ " ", NULL, NEG_NOT_ACCEPTABLE },
	{ "application/jsonx", NULL, NEG_NOT_ACCEPTABLE },
	{ NULL, "json", NEG_JSON },
	{ NULL, "", NEG_JSON },
	{ NULL, "xml", NEG_NOT_FOUND },
	{ NULL, "JSON", NEG_NOT_FOUND },
	{ NULL, "api", NEG_NOT_FOUND },
	{ "application/xml", "xml", NEG_NOT_FOUND },
	{ "application/xml", "json", NEG_NOT_ACCEPTABLE },
	{ "text/csv", NULL, NEG_NOT_ACCEPTABLE },
	{ NULL, "csv", NEG_NOT_FOUND },
};

/* A resource that renders CSV too. */
static const struct neg_case with_csv[] = {
	{ NULL, "csv", NEG_CSV },
	{ "*/*", "csv", NEG_CSV },
	{ "text/*", "csv", NEG_CSV },
	{ "application/json", "csv", NEG_NOT_ACCEPTABLE },
	{ NULL, "CSV", NEG_NOT_FOUND },
	{ "text/csv", "json", NEG_NOT_ACCEPTABLE },
	{ "text/csv", NULL, NEG_CSV },
	{ "text/csv; charset=utf-8", "", NEG_CSV },
	{ "Text/CSV;q=0.5", NULL, NEG_CSV },
	{ "text/csv, */*", NULL, NEG_CSV },
	{ "text/*", NULL, NEG_CSV },
	{ "application/json, text/csv", NULL, NEG_JSON },
	{ "text/csv, application/json", NULL, NEG_JSON },
	{ "*/*", NULL, NEG_JSON },
	{ NULL, NULL, NEG_JSON },
	{ "text/html", NULL, NEG_NOT_ACCEPTABLE },
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

static void
negotiates(const struct neg_case *c, size_t n, int csv)
{
	const char	*a, *f;
	size_t		 i;

	for (i = 0; i < n; i++) {
		a = c[i].accept;
		f = c[i].format;
		is_int(negotiate(a, f, f ? strlen(f) : 0, csv), c[i].want,
		    "%sAccept %s%s%s, format %s -> %d", csv ? "CSV too: " : "",
		    a ? "\"" : "", a ? a : "(none)", a ? "\"" : "",
		    f ? f : "(none)", c[i].want);
	}
}

int
main(void)
{
	size_t	i;

	negotiates(json_only, sizeof json_only / sizeof json_only[0], 0);
	negotiates(with_csv, sizeof with_csv / sizeof with_csv[0], 1);
	for (i = 0; i < sizeof indents / sizeof indents[0]; i++)
		is_int(negotiate_indent(indents[i].accept), indents[i].want,
		    "indent of \"%s\" is %d",
		    indents[i].accept ? indents[i].accept : "(none)",
		    indents[i].want);
	return tap_done();
}
