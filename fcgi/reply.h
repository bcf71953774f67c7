/* reply.h: response output: status and headers, JSON bodies through yajl */
#ifndef NETKPI_REPLY_H
#define NETKPI_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>
#include <yajl/yajl_gen.h>

#include "buf.h"

/* Where a response goes: a FastCGI stream, or stdout (CGI) when NULL. */
struct sink {
	FCGX_Stream	*fcgi;
	int		 fd;		/* the FastCGI connection, -1 if unknown */
	int		 reqid;		/* its FastCGI request id */
	int		 failed;	/* a write failed: the client is gone */
	int		 status;	/* watch11: the status written, 0: none */
	int		 aborted;	/* the body is cut short: end the
					   connection without ending the
					   request, so the client sees it */
};

/*
 * Let large writes bypass libfcgi's 8 KiB stream buffer: they go out as
 * FastCGI records of up to 64 KiB straight on the connection (one
 * writev each), after what libfcgi holds.
 */
void	sink_direct(struct sink *s, int fd, int reqid);

void	sink_write(struct sink *s, const void *p, size_t n);

/*
 * A JSON body being generated: yajl writes compact JSON into body,
 * through a reformatter when indent > 0 (Python's json.dumps layout).
 */
struct json {
	yajl_gen	 g;
	struct buf	 body;
	int		 indent;
	int		 depth;
	int		 in_string, escape;
	char		 pending;	/* an opening bracket not written yet */
};

void	json_init(struct json *j, int indent);
void	json_free(struct json *j);
void	json_str(struct json *j, const char *s, size_t len);
void	json_cstr(struct json *j, const char *s);
/* A string literal, without strlen. */
#define json_lit(j, s)	json_str((j), (s), sizeof(s) - 1)
void	json_int(struct json *j, int64_t v);
/* Decimal digits of v into buf (at least 21 bytes); returns the length. */
size_t	json_fmt_i64(char *buf, int64_t v);

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
