/* reply.c: writes an answer's status line and headers, and whole JSON answers */
#include "config.h"

#include <stdio.h>

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

#define REDIRECT_HEAD \
	"Status: 301 %s\r\n" \
	"Content-Type: text/html; charset=utf-8\r\n" \
	"Location: %s\r\n" \
	"Content-Length: 0\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Referrer-Policy: same-origin\r\n\r\n"

static const struct {
	int		 status;
	const char	*text;
} statuses[] = {
	{ 200, "OK" },
	{ 301, "Moved Permanently" },
	{ 400, "Bad Request" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 414, "URI Too Long" },
	{ 503, "Service Unavailable" },
};

static const char *
status_text(int status)
{
	size_t	i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].status == status)
			return statuses[i].text;
	return "Internal Server Error";
}

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

void
reply_head(struct request *r, int status, long long content_length)
{
	char	head[512], length[48] = "";
	int	n = 0;

	if (content_length >= 0)
		n = snprintf(length, sizeof length, "Content-Length: %lld\r\n",
		    content_length);
	if (!fits(n, sizeof length) ||
	    !fits(n = snprintf(head, sizeof head, JSON_HEAD, status,
	    status_text(status), length), sizeof head)) {
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

	buf_addf(&b, REDIRECT_HEAD, status_text(301), location);
	sink_write(&r->out, b.data, b.len);
	buf_free(&b);
}
