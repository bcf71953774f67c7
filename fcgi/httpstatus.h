/* httpstatus.h: the HTTP status codes the responder answers */
#ifndef NETKPI_HTTPSTATUS_H
#define NETKPI_HTTPSTATUS_H

#include <stddef.h>

struct http_status {
	int		 code;
	const char	*text;		/* the reason phrase */
};

/* Every status code the responder answers, in ascending order. */
#define HTTP_STATUSES	10
extern const struct http_status http_statuses[HTTP_STATUSES];

/* The index of code in http_statuses; HTTP_STATUSES for another. */
size_t	http_status_index(int code);

/* The reason phrase of code ("Internal Server Error" for another). */
const char *http_status_text(int code);

#endif
