/* res_metrics.c: GET /metrics: Prometheus text format, version 0.0.4 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "httpstatus.h"
#include "kpidb_status.h"
#include "metrics.h"
#include "reply.h"
#include "request.h"
#include "res.h"
#include "rowstore.h"

/* One gauge with its HELP and TYPE lines, v with decimals digits. */
static void
gauge(struct buf *b, const char *name, const char *help, int decimals,
    double v)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %.*f\n", name, help,
	    name, name, decimals, v);
}

static double
secs(utc_us t)
{
	return (double)t / (double)USEC_PER_SEC;
}

/* What the database says of the ingest (nothing but "up" when down). */
static void
db_metrics(struct request *r, struct buf *b)
{
	struct ingest_status s;
	char		 err[512];
	int		 rc;

	rc = kpidb_status(r->db, &s, err, sizeof err);
	gauge(b, "netkpi_database_up", "1 when netkpi-fcgi reaches the"
	    " database, else 0.", 0, rc == KPIDB_STATUS_DOWN ? 0 : 1);
	gauge(b, "netkpi_ingest_max_lag_seconds", "[api] max_lag: above this"
	    " ingest lag /api/status/ answers 503.", 0,
	    metrics_max_lag());
	if (rc != 0)
		return;
	gauge(b, "netkpi_schema_version", "Schema version of the database"
	    " (netkpi_schema).", 0, (double)s.schema_version);
	if (s.has_interval) {
		gauge(b, "netkpi_ingest_lag_seconds", "Now minus the end of the"
		    " last interval processed.", 3,
		    secs(utc_now() - s.interval_end));
		gauge(b, "netkpi_ingest_last_interval_end_timestamp_seconds",
		    "End of the last interval processed, Unix seconds.",
		    0, secs(s.interval_end));
		gauge(b, "netkpi_ingest_last_interval_rows", "Rows read in the"
		    " last interval processed.", 0, (double)s.rows);
		gauge(b, "netkpi_ingest_last_interval_rejected_rows", "Rows"
		    " rejected in the last interval processed.", 0,
		    (double)s.rejected_rows);
		gauge(b, "netkpi_ingest_last_interval_files", "Files read for"
		    " the last interval processed.", 0, (double)s.files);
	}
	retention_metrics(b, &s.ret);
	if (s.has_run)
		gauge(b, "netkpi_ingest_last_run_start_timestamp_seconds",
		    "Start of the last ingest run, Unix seconds.", 3,
		    secs(s.run_started));
	if (s.has_run && s.has_finished) {
		gauge(b, "netkpi_ingest_last_run_end_timestamp_seconds", "End"
		    " of the last ingest run, Unix seconds (absent while it"
		    " runs, or when it died).", 3, secs(s.run_finished));
		gauge(b, "netkpi_ingest_last_run_exit_status", "Exit status of"
		    " the last ingest run (0: done, 1: runtime error).", 0,
		    (double)s.exit_status);
	}
}

/* One counter with its HELP and TYPE lines. */
static void
counter(struct buf *b, const char *name, const char *help, int64_t v)
{
	buf_addf(b, "# HELP %s %s\n# TYPE %s counter\n%s %lld\n", name, help,
	    name, name, (long long)v);
}

/* What the store of KPI rows holds and did (none in CGI mode). */
static void
store_metrics(const struct request *r, struct buf *b)
{
	struct rowstore_stats st;

	if (r->db == NULL || r->db->store == NULL)
		return;
	rowstore_stats(r->db->store, &st);
	gauge(b, "netkpi_fcgi_row_cache_bytes", "Bytes of KPI rows kept in"
	    " memory ([api] row_cache).", 0, (double)st.bytes);
	gauge(b, "netkpi_fcgi_row_cache_rows", "KPI rows kept in memory.", 0,
	    (double)st.rows);
	counter(b, "netkpi_fcgi_row_cache_hits_total", "KPI answers read from"
	    " the rows kept in memory instead of the database.", st.hits);
	counter(b, "netkpi_fcgi_row_cache_reads_total", "Times a KPI's rows"
	    " were read into memory.", st.reads);
}

static void
answer(struct request *r, int status, const char *extra, struct buf *b)
{
	struct buf	head = BUF_INIT;

	r->out.status = status;
	buf_addf(&head, "Status: %d %s\r\n"
	    "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n"
	    "%s"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n\r\n", status,
	    http_status_text(status), b->len, extra);
	sink_write(&r->out, head.data, head.len);
	if (!r->head)
		sink_write(&r->out, b->data, b->len);
	buf_free(&head);
}

void
res_metrics_get(struct request *r, const void *arg)
{
	struct buf	b = BUF_INIT;

	(void)arg;
	if (strcmp(r->method, "GET") != 0 && !r->head) {
		buf_addstr(&b, "Method not allowed: GET or HEAD.\n");
		answer(r, 405, "Allow: GET, HEAD\r\n", &b);
		buf_free(&b);
		return;
	}
	db_metrics(r, &b);
	store_metrics(r, &b);
	metrics_write(&b);
	answer(r, 200, "", &b);
	buf_free(&b);
}
