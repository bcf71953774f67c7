/* negotiate.h: content negotiation (Accept, ?format=) and JSON indent */
#ifndef NETKPI_NEGOTIATE_H
#define NETKPI_NEGOTIATE_H

#include <stddef.h>

enum negotiate_result {
	NEG_JSON = 0, NEG_NOT_FOUND, NEG_NOT_ACCEPTABLE, NEG_CSV
};

#define NEG_INDENT_MAX	8

/*
 * Decide the response format from the Accept header (NULL when the
 * request had none) and the last "format" parameter (NULL when absent).
 * csv: the resource renders CSV too.  Then format=csv, or an Accept
 * whose most specific CSV range (text/csv, then text/any) is more specific
 * than its best JSON range, gives NEG_CSV; format=csv wants an Accept
 * that admits CSV (else 406), as format=json wants one that admits
 * JSON.
 */
enum negotiate_result negotiate(const char *accept, const char *format,
	    size_t formatlen, int csv);

/*
 * The indent the client asked for on the JSON media range that wins
 * (0: compact).  Works on any Accept value, NULL included.
 */
int	negotiate_indent(const char *accept);

#endif
