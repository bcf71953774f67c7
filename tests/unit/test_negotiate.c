/* test_negotiate.c: unit tests for Accept, ?format= and indent */
#include "config.h"

#include <string.h>

#include "fcgi/negotiate.h"
#include "tap.h"

static void
neg_is(const char *accept, const char *format, enum negotiate_result want)
{
	is_int(negotiate(accept, format, format ? strlen(format) : 0, 0), want,
	    "Accept %s%s%s, format %s -> %d", accept ? "\"" : "",
	    accept ? accept : "(none)", accept ? "\"" : "",
	    format ? format : "(none)", want);
}

static void
csv_is(const char *accept, const char *format, enum negotiate_result want)
{
	is_int(negotiate(accept, format, format ? strlen(format) : 0, 1), want,
	    "CSV too: Accept %s, format %s -> %d", accept ? accept : "(none)",
	    format ? format : "(none)", want);
}

static void
indent_is(const char *accept, int want)
{
	is_int(negotiate_indent(accept), want, "indent of \"%s\" is %d",
	    accept ? accept : "(none)", want);
}

int
main(void)
{
	neg_is(NULL, NULL, NEG_JSON);
	neg_is("application/json", NULL, NEG_JSON);
	neg_is("Application/JSON", NULL, NEG_JSON);
	neg_is("application/*", NULL, NEG_JSON);
	neg_is("*/*", NULL, NEG_JSON);
	neg_is("text/html, */*;q=0.8", NULL, NEG_JSON);
	neg_is("application/json;q=0", NULL, NEG_JSON);
	neg_is("text/html,application/xhtml+xml", NULL, NEG_NOT_ACCEPTABLE);
	neg_is("application/xml", NULL, NEG_NOT_ACCEPTABLE);
	neg_is("", NULL, NEG_NOT_ACCEPTABLE);
	neg_is(" ", NULL, NEG_NOT_ACCEPTABLE);
	neg_is("application/jsonx", NULL, NEG_NOT_ACCEPTABLE);
	neg_is(NULL, "json", NEG_JSON);
	neg_is(NULL, "", NEG_JSON);
	neg_is(NULL, "xml", NEG_NOT_FOUND);
	neg_is(NULL, "JSON", NEG_NOT_FOUND);
	neg_is(NULL, "api", NEG_NOT_FOUND);
	neg_is("application/xml", "xml", NEG_NOT_FOUND);
	neg_is("application/xml", "json", NEG_NOT_ACCEPTABLE);

	/* A resource that renders CSV too. */
	csv_is(NULL, "csv", NEG_CSV);
	csv_is("*/*", "csv", NEG_CSV);
	csv_is("text/*", "csv", NEG_CSV);
	csv_is("application/json", "csv", NEG_NOT_ACCEPTABLE);
	csv_is(NULL, "CSV", NEG_NOT_FOUND);
	csv_is("text/csv", "json", NEG_NOT_ACCEPTABLE);
	csv_is("text/csv", NULL, NEG_CSV);
	csv_is("text/csv; charset=utf-8", "", NEG_CSV);
	csv_is("Text/CSV;q=0.5", NULL, NEG_CSV);
	csv_is("text/csv, */*", NULL, NEG_CSV);
	csv_is("text/*", NULL, NEG_CSV);
	csv_is("application/json, text/csv", NULL, NEG_JSON);
	csv_is("text/csv, application/json", NULL, NEG_JSON);
	csv_is("*/*", NULL, NEG_JSON);
	csv_is(NULL, NULL, NEG_JSON);
	csv_is("text/html", NULL, NEG_NOT_ACCEPTABLE);
	neg_is("text/csv", NULL, NEG_NOT_ACCEPTABLE);
	neg_is(NULL, "csv", NEG_NOT_FOUND);

	indent_is(NULL, 0);
	indent_is("application/json", 0);
	indent_is("application/json; indent=4", 4);
	indent_is("application/json;indent=2", 2);
	indent_is("application/json; indent=0", 0);
	indent_is("application/json; indent=-3", 0);
	indent_is("application/json; indent=12", 8);
	indent_is("application/json; indent=99999999999999999999999", 8);
	indent_is("application/json; indent=x", 0);
	indent_is("application/json; indent=", 0);
	indent_is("application/json; indent= +3 ", 3);
	indent_is("application/json; q=0.5; indent=4", 4);
	indent_is("*/*; indent=4", 4);
	indent_is("*/*;indent=2, application/json;indent=4", 4);
	indent_is("application/json;indent=4, application/json;indent=2", 4);
	indent_is("application/json, */*;indent=4", 0);
	indent_is("text/html;indent=4", 0);
	indent_is("application/xml;indent=4", 0);
	return tap_done();
}
