/* json.c: JSON bodies through yajl, compact or in json.dumps' indent layout */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "log.h"
#include "num.h"

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

/*
 * n bytes onto the body b.  Once the body has grown this is a bounds
 * check and a copy, without buf_add's call; most pieces yajl prints are
 * one byte (quotes, commas, colons, brackets).
 */
static inline void
append(struct buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		if (n == 1)
			b->data[b->len] = *s;
		else
			memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		buf_add(b, s, n);
}

static void
json_print(void *ctx, const char *s, size_t n)
{
	struct json	*j = ctx;

	if (j->indent > 0)
		pretty(j, s, n);
	else
		append(&j->body, s, n);
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

void
json_int(struct json *j, int64_t v)
{
	char	num[NUM_FORMAT_LEN];

	yajl_gen_number(j->g, num, num_format(v, num));
}

void
json_int_or_null(struct json *j, int has, int64_t v)
{
	if (has)
		json_int(j, v);
	else
		yajl_gen_null(j->g);
}

void
json_time_or_null(struct json *j, int has, utc_us t)
{
	char	iso[UTC_ISO_LEN];

	if (has)
		json_str(j, iso, utc_format_iso(t, iso));
	else
		yajl_gen_null(j->g);
}

int
json_object_or_null(struct json *j, const char *name, int has)
{
	json_cstr(j, name);
	if (has)
		yajl_gen_map_open(j->g);
	else
		yajl_gen_null(j->g);
	return has;
}

void
json_text(struct json *j, const char *text, size_t len)
{
	json_print(j, text, len);
}
