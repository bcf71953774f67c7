/* res_kpi.c: /api/KPIs/<id>/, one KPI's filtered rows, streamed */
#include "config.h"

#include <yajl/yajl_gen.h>

#include "buf.h"
#include "filter.h"
#include "json.h"
#include "kpi.h"
#include "kpidb.h"
#include "log.h"
#include "reply.h"
#include "request.h"
#include "res.h"
#include "utctime.h"

/* Bytes of JSON gathered before they are handed to the client. */
#define FLUSH_AT	(60 * 1024)

/* One field's error list: {"name":["text"]}. */
static void
field_error(struct json *j, const char *name, const char *text, size_t len)
{
	json_cstr(j, name);
	yajl_gen_array_open(j->g);
	json_str(j, text, len);
	yajl_gen_array_close(j->g);
}

/*
 * Read the filters into f.  Returns 0, or -1 after answering 400 with
 * every invalid one, in the filter table's order.
 */
static int
read_filters(struct request *r, struct filter_values *f)
{
	unsigned	 bad;
	size_t		 i;
	struct json	 j;
	struct buf	 msg = BUF_INIT;

	if ((bad = filter_read(&r->q, f)) == 0)
		return 0;
	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	for (i = 0; i < nfilters; i++) {
		if ((bad >> i & 1) == 0)
			continue;
		buf_reset(&msg);
		filter_message(&r->q, i, &msg);
		field_error(&j, filters[i].param, msg.data, msg.len);
	}
	yajl_gen_map_close(j.g);
	reply_json(r, 400, &j);
	json_free(&j);
	buf_free(&msg);
	return -1;
}

/* A DATETIME(6) column as the API writes it: utc_format_fields. */
static void
put_time(struct json *j, const MYSQL_TIME *t)
{
	struct utc_fields f;
	char		 buf[UTC_ISO_LEN];

	f.year = (int)t->year;
	f.mon = (int)t->month;
	f.day = (int)t->day;
	f.hour = (int)t->hour;
	f.min = (int)t->minute;
	f.sec = (int)t->second;
	f.usec = (int)(t->second_part % 1000000);
	json_str(j, buf, utc_format_fields(&f, buf));
}

static void
put_row(struct json *j, const struct kpi *kpi, const struct kpi_row *row)
{
	yajl_gen_map_open(j->g);
	json_lit(j, "id");
	json_int(j, row->id);
	json_lit(j, "interval_start_timestamp");
	put_time(j, &row->start);
	json_lit(j, "interval_end_timestamp");
	put_time(j, &row->end);
	json_lit(j, "interval");
	json_int(j, row->interval);
	json_cstr(j, kpi->key);
	json_int(j, row->key);
	json_cstr(j, kpi->value);
	json_int(j, row->value);
	yajl_gen_map_close(j->g);
}

/* Stream the rows after the first (already in d->row) to the client. */
static void
stream_rows(struct request *r, const struct kpi *kpi)
{
	struct json	 j;
	char		 err[512];
	long long	 sent = 0;
	int		 rc = 1;

	json_init(&j, r->indent);
	yajl_gen_array_open(j.g);
	while (rc == 1) {
		put_row(&j, kpi, &r->db->row);
		sent++;
		if (j.body.len >= FLUSH_AT) {
			reply_flush(r, &j);
			if (r->out.failed) {
				kpidb_done(r->db);
				goto out;
			}
		}
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
	yajl_gen_array_close(j.g);
	reply_flush(r, &j);
out:
	json_free(&j);
}

void
res_kpi_get(struct request *r, const void *arg)
{
	const struct kpi *kpi = arg;
	struct filter_values f;
	char		 err[512];
	int		 rc;

	if (read_filters(r, &f) == -1)
		return;
	/* kpidb logs the database going away; err is this request's reason. */
	if (kpidb_select(r->db, kpi, &f, err, sizeof err) == -1 ||
	    (rc = kpidb_fetch(r->db, err, sizeof err)) == -1) {
		reply_detail(r, 503, "Database unavailable.");
		return;
	}
	reply_head(r, 200, -1);
	if (rc == 0) {
		struct json j;

		json_init(&j, r->indent);
		yajl_gen_array_open(j.g);
		yajl_gen_array_close(j.g);
		reply_flush(r, &j);
		json_free(&j);
		return;
	}
	if (r->head) {
		kpidb_done(r->db);
		return;
	}
	stream_rows(r, kpi);
}

void
res_kpi_options(struct request *r, const void *arg)
{
	const struct kpi *kpi = arg;

	res_options(r, kpi->options_name);
}
