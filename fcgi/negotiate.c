/* negotiate.c: Accept header media ranges, the format parameter, indent */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "negotiate.h"
#include "num.h"
#include "text.h"

/* One media range of an Accept header, as slices of the header. */
struct range {
	const char	*type;		/* "application/json", trimmed */
	size_t		 typelen;
	const char	*params;	/* after the first ';', or NULL */
	size_t		 paramslen;
};

/* Split the range at s[0..len) into type and parameters. */
static void
range_split(const char *s, size_t len, struct range *r)
{
	const char	*semi = memchr(s, ';', len);
	size_t		 tl = semi != NULL ? (size_t)(semi - s) : len;

	r->typelen = tl;
	r->type = text_trim(s, &r->typelen, TEXT_BLANK);
	r->params = semi != NULL ? semi + 1 : NULL;
	r->paramslen = semi != NULL ? len - tl - 1 : 0;
}

static int
type_is(const struct range *r, const char *t)
{
	return r->typelen == strlen(t) && strncasecmp(r->type, t, r->typelen) == 0;
}

/*
 * How specific a JSON-matching range is: 3 application/json with
 * parameters other than q, 2 application/json, 1 for application with any subtype,
 * 0 for any type; -1 when the range does not match JSON.
 */
static int
precedence(const struct range *r)
{
	const char	*p = r->params;
	const char	*end = p != NULL ? p + r->paramslen : NULL;

	if (type_is(r, "*/*"))
		return 0;
	if (type_is(r, "application/*"))
		return 1;
	if (!type_is(r, "application/json"))
		return -1;
	while (p != NULL && p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		size_t	    n = semi != NULL ? (size_t)(semi - p) : (size_t)(end - p);
		const char *name = text_trim(p, &n, TEXT_BLANK);
		const char *eq = memchr(name, '=', n);
		size_t	    nl = eq != NULL ? (size_t)(eq - name) : n;

		text_trim(name, &nl, TEXT_BLANK);
		if (n > 0 && !(nl == 1 && (*name == 'q' || *name == 'Q')))
			return 3;
		p = semi != NULL ? semi + 1 : end;
	}
	return 2;
}

/* The same for CSV: 2 text/csv (any parameters), 1 text/any, 0 any type. */
static int
csv_precedence(const struct range *r)
{
	if (type_is(r, "*/*"))
		return 0;
	if (type_is(r, "text/*"))
		return 1;
	return type_is(r, "text/csv") ? 2 : -1;
}

/*
 * Find the winning range of accept under prec: the most specific, the
 * first among equals.  Returns its precedence with *best set, or -1
 * when none matches.
 */
static int
best_of(const char *accept, int (*prec)(const struct range *),
    struct range *best)
{
	const char	*p = accept;
	int		 bestp = -1;

	for (;;) {
		const char	*comma = strchr(p, ',');
		size_t		 n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		struct range	 r;
		int		 pr;

		range_split(p, n, &r);
		if ((pr = prec(&r)) > bestp) {
			bestp = pr;
			*best = r;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return bestp;
}

/* The winning JSON range of accept: 0 with *best set, or -1. */
static int
best_range(const char *accept, struct range *best)
{
	return best_of(accept, precedence, best) >= 0 ? 0 : -1;
}

static int
format_is(const char *format, size_t len, const char *name)
{
	return len == strlen(name) && memcmp(format, name, len) == 0;
}

enum negotiate_result
negotiate(const char *accept, const char *format, size_t formatlen, int csv)
{
	struct range	r;
	int		json_p, csv_p;

	if (format != NULL && formatlen > 0) {
		if (csv && format_is(format, formatlen, "csv"))
			return accept == NULL || best_of(accept, csv_precedence,
			    &r) >= 0 ? NEG_CSV : NEG_NOT_ACCEPTABLE;
		if (!format_is(format, formatlen, "json"))
			return NEG_NOT_FOUND;
		csv = 0;
	}
	if (accept == NULL)
		return NEG_JSON;
	json_p = best_of(accept, precedence, &r);
	csv_p = csv ? best_of(accept, csv_precedence, &r) : -1;
	/* Only an Accept that prefers CSV gets it: JSON wins a tie. */
	if (csv_p > json_p && csv_p > 0)
		return NEG_CSV;
	return json_p >= 0 ? NEG_JSON : NEG_NOT_ACCEPTABLE;
}

/* Python's int() on a parameter value, clamped to 0..NEG_INDENT_MAX. */
static int
indent_value(const char *v, size_t n)
{
	const char	*err;
	int64_t		 x;
	int		 neg = 0;

	v = text_trim(v, &n, TEXT_BLANK);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n > 0 && (*v == '+' || *v == '-')) {
		neg = *v == '-';
		v++;
		n--;
	}
	if (num_parse(v, n, 0, INT64_MAX, &x, &err) == -1) {
		if (err == NULL || strcmp(err, "too large") != 0)
			return 0;
		x = INT64_MAX;
	}
	if (neg || x == 0)
		return 0;
	return x > NEG_INDENT_MAX ? NEG_INDENT_MAX : (int)x;
}

int
negotiate_indent(const char *accept)
{
	struct range	 r;
	const char	*p, *end;
	int		 indent = 0;

	if (accept == NULL || best_range(accept, &r) == -1 || r.params == NULL)
		return 0;
	for (p = r.params, end = p + r.paramslen; p < end;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		size_t	    n = semi != NULL ? (size_t)(semi - p) : (size_t)(end - p);
		const char *name = text_trim(p, &n, TEXT_BLANK);
		const char *eq = memchr(name, '=', n);

		if (eq != NULL) {
			size_t nl = (size_t)(eq - name);

			text_trim(name, &nl, TEXT_BLANK);
			if (nl == 6 && strncasecmp(name, "indent", 6) == 0)
				indent = indent_value(eq + 1,
				    n - (size_t)(eq - name) - 1);
		}
		p = semi != NULL ? semi + 1 : end;
	}
	return indent;
}
