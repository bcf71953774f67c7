/* reply.h: an answer's status line and headers, and whole JSON answers */
#ifndef NETKPI_REPLY_H
#define NETKPI_REPLY_H

#include "json.h"

struct request;

/*
 * Status line and the API's headers; content_length < 0 leaves
 * Content-Length out (streamed bodies).
 */
void	reply_head(struct request *r, int status, long long content_length);
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
