/* res_status.c: GET /api/status/: how far behind the ingest is, as JSON */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "kpidb_status.h"
#include "log.h"
#include "metrics.h"
#include "reply.h"
#include "request.h"
#include "res.h"

/* "last_run": {"started", "finished", "exit_status"}, or null. */
static void
put_run(struct json *j, const struct ingest_status *s)
{
	if (!json_object_or_null(j, "last_run", s->has_run))
		return;
	json_lit(j, "started");
	json_time_or_null(j, 1, s->run_started);
	json_lit(j, "finished");
	json_time_or_null(j, s->has_finished, s->run_finished);
	json_lit(j, "exit_status");
	json_int_or_null(j, s->has_finished && s->exit_status >= 0, s->exit_status);
	yajl_gen_map_close(j->g);
}

/* A refused status query (missing GRANTs): said once per process. */
static void
log_refused(const char *err)
{
	static atomic_int said;

	if (log_first(&said))
		log_warn("%s (does the API user have SELECT on netkpi_schema,"
		    " netkpi_intervals and netkpi_runs?)", err);
	else
		log_debug("%s", err);
}

/*
 * The "detail" of an answer that is not 200 into detail (empty for a
 * 200): rc of kpidb_status, and s and lag when it read them.
 */
static void
status_detail(int rc, const struct ingest_status *s, int64_t lag,
    int max_lag, char *detail, size_t len)
{
	if (rc == KPIDB_STATUS_DOWN)
		snprintf(detail, len, "Database unavailable.");
	else if (rc != 0)
		snprintf(detail, len, "Ingest status unavailable.");
	else if (!s->has_interval)
		snprintf(detail, len, "No interval processed yet.");
	else if (lag > max_lag)
		snprintf(detail, len, "The ingest is %lld s behind"
		    " (max_lag %d s).", (long long)lag, max_lag);
	else if (retention_over(&s->ret))
		snprintf(detail, len, "The flow files of intervals not written"
		    " yet exceed flow_files_size.");
	else
		detail[0] = '\0';
}

/* The members after "max_lag_seconds": what the ingest last did. */
static void
put_ingest(struct json *j, int rc, const struct ingest_status *s)
{
	json_lit(j, "rows");
	json_int_or_null(j, s->has_interval, s->rows);
	json_lit(j, "rejected_rows");
	json_int_or_null(j, s->has_interval, s->rejected_rows);
	json_lit(j, "empty_counters");
	json_int_or_null(j, s->has_interval, s->empty_counters);
	json_lit(j, "files");
	json_int_or_null(j, s->has_interval, s->files);
	json_lit(j, "processed");
	json_time_or_null(j, s->has_interval, s->processed);
	json_lit(j, "schema_version");
	json_int_or_null(j, rc == 0, s->schema_version);
	put_run(j, s);
	retention_json(j, &s->ret);
}

void
res_status_get(struct request *r, const void *arg)
{
	struct ingest_status s;
	struct json	 j;
	char		 err[512], detail[128];
	utc_us		 now = utc_now();
	int64_t		 lag = 0;
	int		 rc, ok, max_lag = metrics_max_lag();

	(void)arg;
	if ((rc = kpidb_status(r->db, &s, err, sizeof err)) ==
	    KPIDB_STATUS_REFUSED)
		log_refused(err);
	ok = rc == 0 && s.has_interval;
	if (ok)
		lag = (now - s.interval_end) / USEC_PER_SEC;
	status_detail(rc, &s, lag, max_lag, detail, sizeof detail);
	if (rc != 0) {
		s.has_interval = s.has_run = 0;
		memset(&s.ret, 0, sizeof s.ret);
	}

	json_init(&j, r->indent);
	yajl_gen_map_open(j.g);
	if (detail[0] != '\0') {
		json_lit(&j, "detail");
		json_cstr(&j, detail);
	}
	json_lit(&j, "last_interval_end");
	json_time_or_null(&j, s.has_interval, s.interval_end);
	json_lit(&j, "lag_seconds");
	json_int_or_null(&j, ok, lag);
	json_lit(&j, "max_lag_seconds");
	json_int(&j, max_lag);
	put_ingest(&j, rc, &s);
	json_lit(&j, "database");
	json_cstr(&j, rc == KPIDB_STATUS_DOWN ? "unavailable" : "up");
	json_lit(&j, "now");
	json_time_or_null(&j, 1, now);
	yajl_gen_map_close(j.g);
	reply_json(r, detail[0] == '\0' ? 200 : 503, &j);
	json_free(&j);
}

void
res_status_options(struct request *r, const void *arg)
{
	(void)arg;
	res_options(r, "Status");
}
