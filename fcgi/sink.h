/* sink.h: where an answer's bytes go: libfcgi, direct FastCGI records, stdout */
#ifndef NETKPI_SINK_H
#define NETKPI_SINK_H

#include <stddef.h>

#include <fcgiapp.h>

/* Where a response goes: a FastCGI stream, or stdout (CGI) when NULL. */
struct sink {
	FCGX_Stream	*fcgi;
	int		 fd;		/* the FastCGI connection, -1 if unknown */
	int		 reqid;		/* its FastCGI request id */
	int		 failed;	/* a write failed: the client is gone */
	int		 status;	/* the status written (metrics); 0: none */
	int		 aborted;	/* the body is cut short: end the
					   connection without ending the
					   request, so the client sees it */
};

/* Write to fcgi (NULL: stdout) through libfcgi only, until sink_direct. */
void	sink_init(struct sink *s, FCGX_Stream *fcgi);

/*
 * Let large writes bypass libfcgi's 8 KiB stream buffer: they go out as
 * FastCGI records of up to 64 KiB straight on connection fd, after what
 * libfcgi holds (sink.c says why, and how the two stay in order).
 */
void	sink_direct(struct sink *s, int fd, int reqid);

/* Write p[0..n); after a failure, nothing more is written. */
void	sink_write(struct sink *s, const void *p, size_t n);

/*
 * The answer cannot be completed: write nothing more, and have the
 * server end the connection without ending the request.
 */
void	sink_abort(struct sink *s);

#endif
