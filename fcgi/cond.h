/* cond.h: conditional requests (RFC 9110 section 13): does the client's copy still hold? */
#ifndef NETKPI_COND_H
#define NETKPI_COND_H

#include <stdint.h>

/*
 * For a GET or HEAD of a representation with the strong entity tag etag
 * (quotes included) last modified at Unix time modified: 1 when the
 * request's If-None-Match (NULL: absent) or, without it, its
 * If-Modified-Since (NULL: absent) says the client has it, so that the
 * answer is 304; 0 otherwise.  If-None-Match takes a list of tags or
 * "*" and compares weakly (W/"x" matches "x"); an If-Modified-Since
 * that is not an HTTP date is ignored.
 */
int	cond_not_modified(const char *if_none_match,
	    const char *if_modified_since, const char *etag, int64_t modified);

#endif
