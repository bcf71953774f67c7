/* sink.c: writes an answer's bytes: libfcgi's stream, direct FastCGI records, stdout */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/uio.h>

#include "sink.h"

/*
 * Why records are written here and not only through libfcgi: libfcgi
 * wraps the bytes it is given in FCGI_STDOUT records of at most its
 * stream buffer, 8 KiB, one write each.  A large answer (the 5,000 rows
 * of tests/bench/api.sh case (c) are 800 KB) is cheaper as records of
 * up to 64 KiB, one writev each: fewer system calls here and fewer
 * records for the web server; measured, it raised that answer's
 * throughput.  Headers and small bodies still go through libfcgi.
 *
 * Two writers share one connection, so they keep this order:
 * - before a direct write, libfcgi's buffer is flushed: what it holds
 *   (the headers, a first piece of body) goes out first;
 * - a direct write leaves libfcgi's buffer empty, so what is written
 *   through libfcgi afterwards goes out after it, and libfcgi's end of
 *   the stream and FCGI_END_REQUEST (FCGX_Finish_r) come last;
 * - after a failed write nothing more is written by either.
 */

/* FastCGI 1.0: the record header and the body's record type. */
#define FCGI_HEADER_LEN		8
#define FCGI_VERSION_1		1
#define FCGI_STDOUT		6
#define FCGI_CONTENT_MAX	65535
/* Writes this large skip libfcgi's buffer. */
#define SINK_DIRECT_MIN		16384
/* The most FCGX_PutStr is handed at once (it takes an int). */
#define SINK_PUT_MAX		65536

void
sink_init(struct sink *s, FCGX_Stream *fcgi)
{
	s->fcgi = fcgi;
	s->fd = -1;
	s->reqid = 0;
	s->failed = 0;
	s->aborted = 0;
}

void
sink_direct(struct sink *s, int fd, int reqid)
{
	s->fd = fd;
	s->reqid = reqid;
}

void
sink_abort(struct sink *s)
{
	s->failed = 1;
	s->aborted = 1;
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

/* p[0..n) through libfcgi's buffer. */
static int
sink_put(struct sink *s, const char *p, size_t n)
{
	int	chunk;

	while (n > 0) {
		chunk = n > SINK_PUT_MAX ? SINK_PUT_MAX : (int)n;
		if (FCGX_PutStr(p, chunk, s->fcgi) != chunk)
			return -1;
		p += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

void
sink_write(struct sink *s, const void *p, size_t n)
{
	int	rc;

	if (s->failed || n == 0)
		return;
	if (s->fcgi == NULL)
		rc = fwrite(p, 1, n, stdout) == n ? 0 : -1;
	else if (s->fd >= 0 && n >= SINK_DIRECT_MIN)
		rc = sink_records(s, p, n);
	else
		rc = sink_put(s, p, n);
	if (rc == -1)
		s->failed = 1;
}
