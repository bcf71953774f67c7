/* status_retention.c: retention's part of /api/status/ and /metrics */
#include "config.h"

#include <string.h>

#include <yajl/yajl_gen.h>

#include "status_retention.h"

void
retention_bind(struct retention_row *row, MYSQL_BIND *b)
{
	size_t	i;

	db_bind_time(&b[0], &row->oldest);
	for (i = 0; i < RETENTION_NCOLS - 1; i++)
		db_bind_i64(&b[i + 1], &row->v[i]);
}

void
retention_fill(struct retention_status *s, const struct retention_row *row,
    const my_bool *null)
{
	int64_t	v[RETENTION_NCOLS - 1];
	size_t	i;

	memset(s, 0, sizeof *s);
	if ((s->has_oldest = !null[0]))
		s->oldest = db_time_get(&row->oldest);
	for (i = 0; i < RETENTION_NCOLS - 1; i++)
		v[i] = null[i + 1] ? -1 : row->v[i];
	/* expired_files is NOT NULL: NULL means no finished run. */
	s->has_run = !null[4];
	s->flow_files = v[0];
	s->flow_bytes = v[1];
	s->over_size = v[2];
	s->expired_files = v[3];
	s->expired_bytes = v[4];
	s->expired_rows = v[5];
	s->skipped_expired = v[6];
}

int
retention_over(const struct retention_status *s)
{
	return s->has_run && s->over_size > 0;
}

void
retention_json(struct json *j, const struct retention_status *s)
{
	json_lit(j, "oldest_interval_start");
	json_time_or_null(j, s->has_oldest, s->oldest);
	if (!json_object_or_null(j, "retention", s->has_run))
		return;
	json_lit(j, "flow_files");
	json_int_or_null(j, s->flow_files >= 0, s->flow_files);
	json_lit(j, "flow_bytes");
	json_int_or_null(j, s->flow_bytes >= 0, s->flow_bytes);
	json_lit(j, "flow_files_over_size");
	yajl_gen_bool(j->g, retention_over(s));
	json_lit(j, "over_size_bytes");
	json_int_or_null(j, s->over_size >= 0, s->over_size);
	json_lit(j, "expired_files");
	json_int(j, s->expired_files);
	json_lit(j, "expired_bytes");
	json_int(j, s->expired_bytes);
	json_lit(j, "expired_rows");
	json_int(j, s->expired_rows);
	json_lit(j, "skipped_expired");
	json_int(j, s->skipped_expired);
	yajl_gen_map_close(j->g);
}

/* One gauge with its HELP and TYPE lines, when v is known. */
static void
put_gauge(struct buf *b, const char *name, const char *help, int64_t v)
{
	if (v >= 0)
		buf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name,
		    help, name, name, (long long)v);
}

void
retention_metrics(struct buf *b, const struct retention_status *s)
{
	if (s->has_oldest)
		put_gauge(b, "netkpi_oldest_interval_start_timestamp_seconds",
		    "Start of the oldest KPI row kept, Unix seconds.",
		    s->oldest / USEC_PER_SEC);
	if (!s->has_run)
		return;
	put_gauge(b, "netkpi_input_flow_files", "Flow files in input_dir"
	    " after the last run (symbolic links not counted).",
	    s->flow_files);
	put_gauge(b, "netkpi_input_flow_bytes", "Bytes of the flow files in"
	    " input_dir after the last run.", s->flow_bytes);
	put_gauge(b, "netkpi_retention_over_size_bytes", "Bytes over"
	    " flow_files_size that could not be deleted (intervals not"
	    " written yet).", s->over_size);
	put_gauge(b, "netkpi_retention_last_expired_files", "Flow files the"
	    " last run deleted.", s->expired_files);
	put_gauge(b, "netkpi_retention_last_expired_bytes", "Bytes of the"
	    " flow files the last run deleted.", s->expired_bytes);
	put_gauge(b, "netkpi_retention_last_expired_rows", "KPI rows the"
	    " last run deleted.", s->expired_rows);
	put_gauge(b, "netkpi_ingest_last_run_skipped_expired", "Flow files"
	    " the last run skipped: their interval's files were expired.",
	    s->skipped_expired);
}
