/* reply.c: writes statuses, headers and JSON bodies to the client */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "log.h"
#include "reply.h"
#include "request.h"

/* FastCGI 1.0: the record header and the body's record type. */
#define FCGI_HEADER_LEN		8
#define FCGI_VERSION_1		1
#define FCGI_STDOUT		6
#define FCGI_CONTENT_MAX	65535
/* Writes this large skip libfcgi's buffer. */
#define SINK_DIRECT_MIN		16384

void
sink_direct(struct sink *s, int fd, int reqid)
{
	s->fd = fd;
	s->reqid = reqid;
}

/* writev all of iov, across partial writes and signals. */
static int
writev_all(int fd, struct iovec *iov, int iovcnt)
{
	ssize_t	n;

	while (iovcnt > 0) {
		n = writev(fd, iov, iovcnt);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
			n -= (ssize_t)iov->iov_len;
			iov++;
			iovcnt--;
		}
		if (iovcnt > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

/* p[0..n) as FCGI_STDOUT records written straight on the connection. */
static int
sink_records(struct sink *s, const char *p, size_t n)
{
	unsigned char	hdr[FCGI_HEADER_LEN];
	struct iovec	iov[2];
	size_t		chunk;

	if (FCGX_FFlush(s->fcgi) == -1)
		return -1;
	while (n > 0) {
		chunk = n > FCGI_CONTENT_MAX ? FCGI_CONTENT_MAX : n;
		hdr[0] = FCGI_VERSION_1;
		hdr[1] = FCGI_STDOUT;
		hdr[2] = (unsigned char)(s->reqid >> 8);
		hdr[3] = (unsigned char)s->reqid;
		hdr[4] = (unsigned char)(chunk >> 8);
		hdr[5] = (unsigned char)chunk;
		hdr[6] = 0;		/* no padding */
		hdr[7] = 0;
		iov[0].iov_base = hdr;
		iov[0].iov_len = sizeof hdr;
		iov[1].iov_base = (void *)p;
		iov[1].iov_len = chunk;
		if (writev_all(s->fd, iov, 2) == -1)
			return -1;
		p += chunk;
		n -= chunk;
	}
	return 0;
}

void
sink_write(struct sink *s, const void *p, size_t n)
{
	if (s->failed || n == 0)
		return;
	if (s->fcgi != NULL && s->fd >= 0 && n >= SINK_DIRECT_MIN) {
		if (sink_records(s, p, n) == -1)
			s->failed = 1;
	} else if (s->fcgi != NULL) {
		while (n > 0) {
			int chunk = n > 65536 ? 65536 : (int)n;

			if (FCGX_PutStr(p, chunk, s->fcgi) != chunk) {
				s->failed = 1;
				return;
			}
			p = (const char *)p + chunk;
			n -= (size_t)chunk;
		}
	} else if (fwrite(p, 1, n, stdout) != n)
		s->failed = 1;
}

static void
newline(struct json *j)
{
	int	i, n = j->depth * j->indent;

	buf_addc(&j->body, '\n');
	for (i = 0; i < n; i++)
		buf_addc(&j->body, ' ');
}

/* Re-lay compact JSON out the way Python's json.dumps(indent=N) does. */
static void
pretty(struct json *j, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (j->in_string) {
			buf_addc(&j->body, c);
			if (j->escape)
				j->escape = 0;
			else if (c == '\\')
				j->escape = 1;
			else if (c == '"')
				j->in_string = 0;
			continue;
		}
		if (j->pending != 0) {
			buf_addc(&j->body, j->pending);
			j->pending = 0;
			if (c == ']' || c == '}') {
				j->depth--;
				buf_addc(&j->body, c);
				continue;
			}
			newline(j);
		}
		switch (c) {
		case '"':
			j->in_string = 1;
			buf_addc(&j->body, c);
			break;
		case '[':
		case '{':
			j->pending = c;
			j->depth++;
			break;
		case ']':
		case '}':
			j->depth--;
			newline(j);
			buf_addc(&j->body, c);
			break;
		case ',':
			buf_addc(&j->body, ',');
			newline(j);
			break;
		case ':':
			buf_add(&j->body, ": ", 2);
			break;
		default:
			buf_addc(&j->body, c);
		}
	}
}

static void
json_print(void *ctx, const char *s, size_t n)
{
	struct json	*j = ctx;

	if (j->indent > 0)
		pretty(j, s, n);
	else if (j->body.len + n < j->body.cap) {
		/*
		 * The common case, once the buffer has grown: no call, and
		 * most pieces are one byte (quotes, commas, colons, braces).
		 */
		if (n == 1)
			j->body.data[j->body.len] = *s;
		else
			memcpy(j->body.data + j->body.len, s, n);
		j->body.len += n;
		j->body.data[j->body.len] = '\0';
	} else
		buf_add(&j->body, s, n);
}

void
json_init(struct json *j, int indent)
{
	memset(j, 0, sizeof *j);
	j->indent = indent;
	if ((j->g = yajl_gen_alloc(NULL)) == NULL) {
		log_error("yajl_gen_alloc: out of memory");
		abort();
	}
	yajl_gen_config(j->g, yajl_gen_validate_utf8, 1);
	yajl_gen_config(j->g, yajl_gen_print_callback, json_print, j);
}

void
json_free(struct json *j)
{
	if (j->g != NULL)
		yajl_gen_free(j->g);
	buf_free(&j->body);
	j->g = NULL;
}

void
json_str(struct json *j, const char *s, size_t len)
{
	if (yajl_gen_string(j->g, (const unsigned char *)s, len) !=
	    yajl_gen_status_ok)
		log_error("json: cannot write a string (invalid UTF-8?)");
}

void
json_cstr(struct json *j, const char *s)
{
	json_str(j, s, strlen(s));
}

size_t
json_fmt_i64(char *buf, int64_t v)
{
	char		 tmp[24];
	uint64_t	 u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t		 n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	return i;
}

void
json_int(struct json *j, int64_t v)
{
	char	num[24];

	yajl_gen_number(j->g, num, json_fmt_i64(num, v));
}

static const char *
status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 414: return "URI Too Long";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
reply_head(struct request *r, int status, long long content_length)
{
	char	head[512];
	int	n;

	r->out.status = status;		/* watch11: for metrics_record */
	n = snprintf(head, sizeof head,
	    "Status: %d %s\r\n"
	    "Content-Type: application/json\r\n"
	    "Vary: Accept\r\n"
	    "Allow: GET, HEAD, OPTIONS\r\n"
	    "X-Frame-Options: DENY\r\n", status, status_text(status));
	if (content_length >= 0)
		n += snprintf(head + n, sizeof head - (size_t)n,
		    "Content-Length: %lld\r\n", content_length);
	n += snprintf(head + n, sizeof head - (size_t)n,
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n\r\n");
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
	r->out.failed = 1;
	r->out.aborted = 1;
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

	r->out.status = 301;		/* watch11: for metrics_record */
	buf_addf(&b, "Status: 301 %s\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Location: %s\r\n"
	    "Content-Length: 0\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Referrer-Policy: same-origin\r\n\r\n", status_text(301), location);
	sink_write(&r->out, b.data, b.len);
	buf_free(&b);
}
