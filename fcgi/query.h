/* query.h: the query-string parser of the API and its limits */
#ifndef NETKPI_QUERY_H
#define NETKPI_QUERY_H

#include <stddef.h>

/* Longer query strings are refused (414), so are more parameters (400). */
#define QUERY_MAX_LEN		4096
#define QUERY_MAX_PARAMS	1000

/* One decoded parameter; name and value may hold NUL bytes. */
struct qparam {
	const char	*name;
	size_t		 namelen;
	const char	*value;
	size_t		 valuelen;
};

/* A parsed query string; everything points into the struct's own storage. */
struct query {
	struct qparam	*params;
	size_t		 nparams;
	char		*store;		/* decoded names and values */
};

enum query_status { QUERY_OK = 0, QUERY_TOO_LONG, QUERY_TOO_MANY };

/*
 * Split qs[0..len) on '&' into name=value pairs (a bare name has an
 * empty value, empty pieces are skipped), decoding '+' and %XX; a '%'
 * not followed by two hex digits is kept.  On QUERY_OK q holds the
 * parameters (free with query_free); otherwise q is empty.
 */
enum query_status query_parse(const char *qs, size_t len, struct query *q);
void	query_free(struct query *q);

/*
 * The value of the last parameter called name, or NULL when there is
 * none; *len receives its length.
 */
const char *query_get(const struct query *q, const char *name, size_t *len);

/*
 * Decode %XX escapes in s[0..len) into out (no '+' rule: for paths);
 * returns the decoded length.  out holds at least len bytes.
 */
size_t	query_unescape_path(const char *s, size_t len, char *out);

#endif
