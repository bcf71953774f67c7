/* jsonline.h: what --dry-run prints: JSON objects, one a line, written by yajl */
#ifndef NETKPI_JSONLINE_H
#define NETKPI_JSONLINE_H

#include <stdint.h>

#include <yajl/yajl_gen.h>

#include "utctime.h"

/*
 * A generator for JSON lines (UTF-8 validated), its first object opened;
 * free with yajl_gen_free.  Aborts when out of memory.
 */
yajl_gen jsonline_new(void);

/* Members of the open object: a string, an integer, a UTC time (ISO 8601). */
void	jsonline_str(yajl_gen g, const char *k, const char *v);
void	jsonline_int(yajl_gen g, const char *k, int64_t v);
void	jsonline_time(yajl_gen g, const char *k, utc_us t);

/* Close the object, print it as one line, and open the next. */
void	jsonline_end(yajl_gen g);

#endif
