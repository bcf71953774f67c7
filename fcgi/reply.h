/* reply.h: an answer's status line and headers, and whole JSON answers */
#ifndef NETKPI_REPLY_H
#define NETKPI_REPLY_H

#include <stdint.h>

#include "json.h"

struct request;

/*
 * What lets a client or a cache keep an answer and check it again: its
 * strong ETag (quotes included), its Last-Modified (Unix seconds), and
 * for nginx's cache (FastCGI only) the last second in which the answer
 * may be served without asking again (X-Accel-Expires: @second; 0:
 * not cached).
 */
struct validators {
	char	etag[64];
	int64_t	modified;
	int64_t	fresh_until;
};

/*
 * Status line and the API's headers; content_length < 0 leaves
 * Content-Length out (streamed bodies).
 */
void	reply_head(struct request *r, int status, long long content_length);
/* The same with an answer's validators (NULL: none). */
void	reply_head_v(struct request *r, int status, long long content_length,
	    const struct validators *v);
/* 304: the client's copy holds (ETag, Last-Modified, Vary; no body). */
void	reply_not_modified(struct request *r, const struct validators *v);
/* Headers with Content-Length, then j's body unless the request is HEAD. */
void	reply_json(struct request *r, int status, struct json *j);
/* {"detail": text} */
void	reply_detail(struct request *r, int status, const char *text);
/* 301 to location, empty body. */
void	reply_redirect(struct request *r, const char *location);
/* Write j's body so far to the client (unless HEAD) and empty it. */
void	reply_flush(struct request *r, struct json *j);
/*
 * The answer cannot be completed after its headers went out (the
 * database failed mid-stream): write nothing more and make the server
 * drop the connection, so that the web server and the client see an
 * incomplete answer instead of a short body that looks whole.
 */
void	reply_abort(struct request *r);

#endif
