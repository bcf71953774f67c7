/* res_kpi.c: /api/KPIs/<id>/, one KPI's filtered rows, streamed */
#include "config.h"

#include <yajl/yajl_gen.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cond.h"
#include "csvout.h"
#include "filter.h"
#include "json.h"
#include "kpi.h"
#include "kpidb.h"
#include "log.h"
#include "reply.h"
#include "rowtext.h"
#include "request.h"
#include "res.h"
#include "utctime.h"

/* Bytes of JSON gathered before they are handed to the client. */
#define FLUSH_AT	(60 * 1024)

void
res_invalid(struct request *r, unsigned bad, size_t n, res_why_fn why,
    const void *arg)
{
	const char	*name;
	size_t		 i;
	struct json	 j;
	struct buf	 msg = BUF_INIT;

	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	for (i = 0; i < n; i++) {
		if ((bad >> i & 1) == 0)
			continue;
		buf_reset(&msg);
		name = why(r, i, arg, &msg);
		json_cstr(&j, name);
		yajl_gen_array_open(j.g);
		json_str(&j, msg.data, msg.len);
		yajl_gen_array_close(j.g);
	}
	yajl_gen_map_close(j.g);
	reply_json(r, 400, &j);
	json_free(&j);
	buf_free(&msg);
}

/* Filter i's name, its message in msg (a res_why_fn). */
static const char *
filter_why(const struct request *r, size_t i, const void *arg,
    struct buf *msg)
{
	(void)arg;
	filter_message(&r->q, i, msg);
	return filters[i].param;
}

/*
 * Read the filters into f.  Returns 0, or -1 after answering 400 with
 * every invalid one, in the filter table's order.
 */
static int
read_filters(struct request *r, struct filter_values *f)
{
	unsigned	bad;

	if ((bad = filter_read(&r->q, f)) == 0)
		return 0;
	res_invalid(r, bad, nfilters, filter_why, NULL);
	return -1;
}

/*
 * Row n of the answer (from 0): in a JSON array, a comma before all but
 * the first; in CSV, a line.
 */
static void
put_row(const struct request *r, struct json *j, struct rowtext *t,
    const struct kpi_row *row, long long n)
{
	char	*p;

	/* CSV, and compact JSON, straight into the body (json_text copies). */
	if (r->csv) {
		p = buf_room(&j->body, CSV_ROW_MAX);
		buf_commit(&j->body, csvout_kpi_row(p, row));
		return;
	}
	if (j->indent > 0) {
		if (n > 0)
			json_text(j, ",", 1);
		json_text(j, t->text, rowtext_put(t, row));
		return;
	}
	p = buf_room(&j->body, t->max + 1);
	if (n > 0)
		*p++ = ',';
	buf_commit(&j->body, (n > 0) + rowtext_write(t, row, p));
}

/* What comes before the rows: "[", or CSV's header row. */
static void
put_open(const struct request *r, struct json *j, const struct kpi *kpi)
{
	const char *names[] = { "id", "interval_start_timestamp",
	    "interval_end_timestamp", "interval", kpi->key, kpi->value };

	if (r->csv)
		csvout_header(&j->body, names, sizeof names / sizeof names[0]);
	else
		json_text(j, "[", 1);
}

/* What comes after them: "]", or nothing. */
static void
put_close(const struct request *r, struct json *j)
{
	if (!r->csv)
		json_text(j, "]", 1);
}

/* The Content-Type of r's answer, once negotiated. */
const char *
res_content_type(const struct request *r)
{
	return r->csv ? CSV_CONTENT_TYPE : "application/json";
}

/*
 * Write kpi's rows (the first is r->db->row when rc is 1; rc 0: no
 * row) with validators val.  The rows are gathered first: an answer
 * that fits in FLUSH_AT bytes leaves whole, with a Content-Length (a
 * cache serves it as it would a file), and a database error before
 * that is still a 503.  A larger answer is streamed: its headers go
 * with the first FLUSH_AT bytes, and an error after that can only cut
 * it (reply_abort).  HEAD reads no further than the first FLUSH_AT
 * bytes.
 */
static void
write_rows(struct request *r, const struct kpi *kpi,
    const struct validators *val, int rc)
{
	struct json	 j;
	struct rowtext	 t;
	char		 err[512];
	long long	 sent = 0;

	/* CSV goes through the JSON buffer as text: never re-laid. */
	json_init(&j, r->csv ? 0 : r->indent);
	rowtext_init(&t, kpi);
	put_open(r, &j, kpi);
	while (rc == 1 && j.body.len < FLUSH_AT) {
		put_row(r, &j, &t, r->db->row, sent);
		sent++;
		rc = kpidb_fetch(r->db, err, sizeof err);
	}
	if (rc == -1) {
		reply_detail(r, 503, "Database unavailable.");
		goto out;
	}
	if (rc == 0) {
		put_close(r, &j);
		reply_head_as(r, 200, (long long)j.body.len, val,
		    res_content_type(r));
		reply_flush(r, &j);
		goto out;
	}
	reply_head_as(r, 200, -1, val, res_content_type(r));
	if (r->head) {
		kpidb_done(r->db);
		goto out;
	}
	while (rc == 1) {
		if (j.body.len >= FLUSH_AT) {
			reply_flush(r, &j);
			if (r->out.failed) {
				kpidb_done(r->db);
				goto out;
			}
		}
		put_row(r, &j, &t, r->db->row, sent);
		sent++;
		rc = kpidb_fetch(r->db, err, sizeof err);
	}
	if (rc == -1) {
		/* The headers are out: the client must see the answer fail. */
		log_warn("%s: answer cut short after %lld rows: %s",
		    kpi->table, sent, err);
		reply_flush(r, &j);
		reply_abort(r);
		goto out;
	}
	put_close(r, &j);
	reply_flush(r, &j);
out:
	json_free(&j);
	rowtext_free(&t);
}

/* FNV-1a over n bytes, from h. */
uint64_t
res_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		h = (h ^ *b++) * UINT64_C(0x100000001b3);
	return h;
}

/*
 * The validators of an answer of kpi to r at data version v, whose
 * rows start at from or later and whose other parameters hash to h
 * (res_hash from RES_HASH_INIT): a strong ETag from the version and the
 * normalized request (those parameters' parsed values, the indent and
 * CSV, which change the bytes), the version's commit time, and a
 * lifetime in nginx's cache that ends with the second in which v was
 * read, so that the cache never serves an answer more than a second
 * older than the data it was read from.  The expiry's version counts
 * only when the answer reaches back to what it deleted (a row it
 * deleted ends at or before expired_to, and starts before that): the
 * other answers stay valid, in nginx's cache too, while old rows go.
 */
void
res_validators(const struct request *r, const struct kpi *kpi, utc_us from,
    uint64_t h, const struct kpi_version *v, struct validators *val)
{
	utc_us	modified = v->committed;
	char	ver[48];
	int	n, old = v->expired_to != 0 && from < v->expired_to;

	memset(val, 0, sizeof *val);
	if (!v->known)
		return;
	h = res_hash(h, &kpi->id, sizeof kpi->id);
	h = res_hash(h, &r->indent, sizeof r->indent);
	h = res_hash(h, &r->csv, sizeof r->csv);
	/* The version: V, or V.X with the expiry's. */
	if (old) {
		(void)snprintf(ver, sizeof ver, "%lld.%lld",
		    (long long)v->version, (long long)v->expired_version);
		if (v->expired_committed > modified)
			modified = v->expired_committed;
	} else
		(void)snprintf(ver, sizeof ver, "%lld", (long long)v->version);
	n = snprintf(val->etag, sizeof val->etag, "\"%s-%lld-%016llx\"", ver,
	    (long long)v->max_id, (unsigned long long)h);
	if (n < 0 || (size_t)n >= sizeof val->etag) {
		val->etag[0] = '\0';
		return;
	}
	val->modified = utc_floor(modified, USEC_PER_SEC) / USEC_PER_SEC;
	val->fresh_until = utc_floor(v->read_at, USEC_PER_SEC) / USEC_PER_SEC;
}

/* The validators of kpi's rows under filters f (res_validators). */
static void
validators_of(const struct request *r, const struct kpi *kpi,
    const struct filter_values *f, const struct kpi_version *v,
    struct validators *val)
{
	uint64_t	h = RES_HASH_INIT;
	int64_t		from = RES_FROM_ANY;
	size_t		i;

	h = res_hash(h, &f->present, sizeof f->present);
	for (i = 0; i < nfilters; i++)
		if (f->present >> i & 1)
			h = res_hash(h, &f->value[i], sizeof f->value[i]);
	(void)filter_lower(f, "interval_start_timestamp", &from);
	res_validators(r, kpi, from, h, v, val);
}

/* 1 when r's If-None-Match or If-Modified-Since says the client has it. */
int
res_not_modified(const struct request *r, const struct validators *val)
{
	return val->etag[0] != '\0' && cond_not_modified(r->if_none_match,
	    r->if_modified_since, val->etag, val->modified);
}

void
res_kpi_get(struct request *r, const void *arg)
{
	const struct kpi *kpi = arg;
	struct filter_values f;
	struct kpi_version v;
	struct validators val;
	char		 err[512];
	int		 rc;

	if (read_filters(r, &f) == -1)
		return;
	/* kpidb logs the database going away; err is this request's reason. */
	if (kpidb_version(r->db, kpi, &v, err, sizeof err) == -1) {
		reply_detail(r, 503, "Database unavailable.");
		return;
	}
	validators_of(r, kpi, &f, &v, &val);
	if (res_not_modified(r, &val)) {
		reply_not_modified(r, &val);
		return;
	}
	if ((kpidb_store_select(r->db, kpi, &f, &v) == 0 &&
	    kpidb_select(r->db, kpi, &f, err, sizeof err) == -1) ||
	    (rc = kpidb_fetch(r->db, err, sizeof err)) == -1) {
		reply_detail(r, 503, "Database unavailable.");
		return;
	}
	write_rows(r, kpi, &val, rc);
}

void
res_kpi_options(struct request *r, const void *arg)
{
	const struct kpi *kpi = arg;

	res_options(r, kpi->options_name);
}
