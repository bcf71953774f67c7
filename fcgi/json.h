/* json.h: JSON bodies through yajl, compact or in json.dumps' indent layout */
#ifndef NETKPI_JSON_H
#define NETKPI_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>

#include "buf.h"
#include "utctime.h"

/*
 * A JSON body being generated: yajl (UTF-8 validation on) writes compact
 * JSON into body, through a reformatter when indent > 0 (the layout of
 * Python's json.dumps(indent=N), which the original used).  Open and
 * close arrays and maps with yajl_gen_*_open/close on g; write strings
 * and numbers with the functions below.
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
/* A string; invalid UTF-8 is refused by yajl (and logged). */
void	json_str(struct json *j, const char *s, size_t len);
void	json_cstr(struct json *j, const char *s);
/* A string literal, without strlen. */
#define json_lit(j, s)	json_str((j), (s), sizeof(s) - 1)
void	json_int(struct json *j, int64_t v);
/* v, or null when !has. */
void	json_int_or_null(struct json *j, int has, int64_t v);
/* t as ISO 8601 text (utc_format_iso), or null when !has. */
void	json_time_or_null(struct json *j, int has, utc_us t);
/*
 * The member name, then: when has, an object opened (the caller writes
 * its members and closes it) and 1; else null and 0.
 */
int	json_object_or_null(struct json *j, const char *name, int has);

/*
 * Text that is already JSON onto the body, the way yajl's own output
 * goes (re-laid when indented): for a document written without yajl,
 * such as a KPI answer, an array of row objects (rowtext.h).  yajl's
 * calls per value and their output callbacks were a quarter of a
 * 5,000-row answer's CPU time.  Not to be mixed with yajl_gen_* calls
 * in one document.
 */
void	json_text(struct json *j, const char *text, size_t len);

#endif
