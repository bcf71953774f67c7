/* reply.c: writes an answer's status line and headers, and whole JSON answers */
#include "config.h"

#include <stdio.h>

#include "httpdate.h"
#include "httpstatus.h"
#include "log.h"
#include "reply.h"
#include "request.h"

/* The headers of every JSON answer, around an optional Content-Length. */
#define JSON_HEAD \
	"Status: %d %s\r\n" \
	"Content-Type: application/json\r\n" \
	"Vary: Accept\r\n" \
	"Allow: GET, HEAD, OPTIONS\r\n" \
	"X-Frame-Options: DENY\r\n" \
	"%s" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Referrer-Policy: same-origin\r\n\r\n"

#define NOT_MODIFIED_HEAD \
	"Status: 304 Not Modified\r\n" \
	"%s" \
	"Vary: Accept\r\n\r\n"

#define REDIRECT_HEAD \
	"Status: 301 %s\r\n" \
	"Content-Type: text/html; charset=utf-8\r\n" \
	"Location: %s\r\n" \
	"Content-Length: 0\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Referrer-Policy: same-origin\r\n\r\n"

/* 1 when snprintf's result n says all of it fit in size bytes. */
static int
fits(int n, size_t size)
{
	return n >= 0 && (size_t)n < size;
}

/* Headers that do not fit: nothing is sent, the connection is dropped. */
static void
head_too_long(struct request *r)
{
	log_error("reply: the headers do not fit in their buffer");
	reply_abort(r);
}

/*
 * The validators' header lines into b (bsize bytes); X-Accel-Expires
 * only for a web server's cache (FastCGI).  Returns 0, or -1 when they
 * do not fit.
 */
static int
validator_lines(const struct request *r, const struct validators *v,
    char *b, size_t bsize)
{
	char	date[HTTPDATE_LEN], expires[48] = "";
	int	n = 0;

	*b = '\0';
	if (v == NULL || v->etag[0] == '\0')
		return 0;
	httpdate_format(v->modified, date);
	if (v->fresh_until > 0 && r->out.fcgi != NULL)
		n = snprintf(expires, sizeof expires,
		    "X-Accel-Expires: @%lld\r\n", (long long)v->fresh_until);
	if (!fits(n, sizeof expires) ||
	    !fits(snprintf(b, bsize, "ETag: %s\r\nLast-Modified: %s\r\n%s",
	    v->etag, date, expires), bsize))
		return -1;
	return 0;
}

void
reply_head_v(struct request *r, int status, long long content_length,
    const struct validators *v)
{
	char	head[768], extra[256], length[48] = "", lines[320];
	int	n = 0;

	r->out.status = status;
	if (content_length >= 0)
		n = snprintf(length, sizeof length, "Content-Length: %lld\r\n",
		    content_length);
	if (!fits(n, sizeof length) ||
	    validator_lines(r, v, extra, sizeof extra) == -1 ||
	    !fits(snprintf(lines, sizeof lines, "%s%s", length, extra),
	    sizeof lines) ||
	    !fits(n = snprintf(head, sizeof head, JSON_HEAD, status,
	    http_status_text(status), lines), sizeof head)) {
		head_too_long(r);
		return;
	}
	sink_write(&r->out, head, (size_t)n);
}

void
reply_head(struct request *r, int status, long long content_length)
{
	reply_head_v(r, status, content_length, NULL);
}

void
reply_not_modified(struct request *r, const struct validators *v)
{
	char	head[512], extra[256];
	int	n;

	r->out.status = 304;
	if (validator_lines(r, v, extra, sizeof extra) == -1 ||
	    !fits(n = snprintf(head, sizeof head, NOT_MODIFIED_HEAD, extra),
	    sizeof head)) {
		head_too_long(r);
		return;
	}
	sink_write(&r->out, head, (size_t)n);
}

void
reply_flush(struct request *r, struct json *j)
{
	if (!r->head)
		sink_write(&r->out, j->body.data, j->body.len);
	buf_reset(&j->body);
}

void
reply_abort(struct request *r)
{
	sink_abort(&r->out);
}

void
reply_json(struct request *r, int status, struct json *j)
{
	reply_head(r, status, (long long)j->body.len);
	reply_flush(r, j);
}

void
reply_detail(struct request *r, int status, const char *text)
{
	struct json	j;

	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	json_lit(&j, "detail");
	json_cstr(&j, text);
	yajl_gen_map_close(j.g);
	reply_json(r, status, &j);
	json_free(&j);
}

void
reply_redirect(struct request *r, const char *location)
{
	struct buf	b = BUF_INIT;

	r->out.status = 301;
	buf_addf(&b, REDIRECT_HEAD, http_status_text(301), location);
	sink_write(&r->out, b.data, b.len);
	buf_free(&b);
}
