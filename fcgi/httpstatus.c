/* httpstatus.c: the HTTP status codes the responder answers */
#include "config.h"

#include "httpstatus.h"

const struct http_status http_statuses[HTTP_STATUSES] = {
	{ 200, "OK" },
	{ 301, "Moved Permanently" },
	{ 304, "Not Modified" },
	{ 400, "Bad Request" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 414, "URI Too Long" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
};

_Static_assert(sizeof http_statuses / sizeof http_statuses[0] ==
    HTTP_STATUSES, "HTTP_STATUSES counts http_statuses");

size_t
http_status_index(int code)
{
	size_t	i;

	for (i = 0; i < HTTP_STATUSES && http_statuses[i].code != code; i++)
		;
	return i;
}

const char *
http_status_text(int code)
{
	size_t	i = http_status_index(code);

	return i < HTTP_STATUSES ? http_statuses[i].text :
	    "Internal Server Error";
}
