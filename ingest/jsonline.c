/* jsonline.c: what --dry-run prints: JSON objects, one a line, written by yajl */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonline.h"
#include "log.h"

static void
key(yajl_gen g, const char *k)
{
	yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

yajl_gen
jsonline_new(void)
{
	yajl_gen	g;

	if ((g = yajl_gen_alloc(NULL)) == NULL) {
		log_error("out of memory");
		abort();
	}
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	yajl_gen_map_open(g);
	return g;
}

void
jsonline_str(yajl_gen g, const char *k, const char *v)
{
	key(g, k);
	yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

void
jsonline_int(yajl_gen g, const char *k, int64_t v)
{
	key(g, k);
	yajl_gen_integer(g, (long long)v);
}

void
jsonline_time(yajl_gen g, const char *k, utc_us t)
{
	char	iso[UTC_ISO_LEN];
	size_t	n = utc_format_iso(t, iso);

	key(g, k);
	yajl_gen_string(g, (const unsigned char *)iso, n);
}

void
jsonline_end(yajl_gen g)
{
	const unsigned char	*out;
	size_t			 len;

	yajl_gen_map_close(g);
	yajl_gen_get_buf(g, &out, &len);
	fwrite(out, 1, len, stdout);
	fputc('\n', stdout);
	yajl_gen_clear(g);
	yajl_gen_reset(g, NULL);
	yajl_gen_map_open(g);
}
