/* res_top.c: /api/KPIs/<id>/top/, a KPI's top keys over a range, as JSON or CSV */
#include "config.h"

#include <yajl/yajl_gen.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvout.h"
#include "hll.h"
#include "json.h"
#include "kpi.h"
#include "kpidb.h"
#include "kpidb_top.h"
#include "range.h"
#include "reply.h"
#include "request.h"
#include "res.h"
#include "topquery.h"
#include "xmalloc.h"

/* An answer: its range, its intervals with data, its rows. */
struct top_answer {
	const struct kpi	*kpi;
	struct top_params	 p;
	int64_t			 intervals;
	struct top_row		*rows;		/* TOP_N_MAX + 1 */
	size_t			 n;
};

/* Parameter i's name, and in msg its why[i] (a res_why_fn). */
static const char *
param_why(const struct request *r, size_t i, const void *arg,
    struct buf *msg)
{
	const char *const *why = arg;

	(void)r;
	buf_addstr(msg, why[i]);
	return top_param_names[i];
}

/*
 * Read the parameters into p.  Returns 0, or -1 after answering 400
 * with every invalid one: {"start":["..."],...}, in the order start,
 * end, n.
 */
static int
read_params(struct request *r, struct top_params *p)
{
	const char	*why[TOP_NPARAMS];
	unsigned	 bad;

	if ((bad = top_read(&r->q, p, why)) == 0)
		return 0;
	res_invalid(r, bad, TOP_NPARAMS, param_why, why);
	return -1;
}

static void
write_json(struct json *j, const struct top_answer *a)
{
	size_t	i;

	yajl_gen_map_open(j->g);
	json_lit(j, "kpi");
	json_int(j, a->kpi->id);
	json_lit(j, "start");
	json_time_or_null(j, 1, a->p.start);
	json_lit(j, "end");
	json_time_or_null(j, 1, a->p.end);
	json_lit(j, "intervals");
	json_int(j, a->intervals);
	json_lit(j, "approximate");
	yajl_gen_bool(j->g, range_sketch_kpi(a->kpi));
	if (range_sketch_kpi(a->kpi)) {
		json_lit(j, "relative_error");
		yajl_gen_number(j->g, HLL_ERROR, strlen(HLL_ERROR));
	}
	json_lit(j, "rows");
	yajl_gen_array_open(j->g);
	for (i = 0; i < a->n; i++) {
		yajl_gen_map_open(j->g);
		json_cstr(j, a->kpi->key);
		json_int(j, a->rows[i].key);
		json_cstr(j, a->kpi->value);
		json_int(j, a->rows[i].value);
		yajl_gen_map_close(j->g);
	}
	yajl_gen_array_close(j->g);
	yajl_gen_map_close(j->g);
}

/* The rows as CSV: the key and value names, then a line a key. */
static void
write_csv(struct json *j, const struct top_answer *a)
{
	const char *names[] = { a->kpi->key, a->kpi->value };
	char	line[CSV_ROW_MAX];
	size_t	i;

	csvout_header(&j->body, names, 2);
	for (i = 0; i < a->n; i++)
		json_text(j, line, csvout_pair(line, a->rows[i].key,
		    a->rows[i].value));
}

static void
answer(struct request *r, const struct top_answer *a,
    const struct validators *val)
{
	struct json	j;

	json_init(&j, r->csv ? 0 : r->indent);
	if (r->csv)
		write_csv(&j, a);
	else
		write_json(&j, a);
	reply_head_as(r, 200, (long long)j.body.len, val, res_content_type(r));
	reply_flush(r, &j);
	json_free(&j);
}

/* The validators of a: its resolved range and n (res_validators). */
static void
validators_of(const struct request *r, const struct top_answer *a,
    const struct kpi_version *v, struct validators *val)
{
	uint64_t	h = res_hash(RES_HASH_INIT, "top", 3);

	h = res_hash(h, &a->p.start, sizeof a->p.start);
	h = res_hash(h, &a->p.end, sizeof a->p.end);
	h = res_hash(h, &a->p.n, sizeof a->p.n);
	/* Its intervals end after start: they start at start or later. */
	res_validators(r, a->kpi, a->p.start, h, v, val);
}

void
res_top_get(struct request *r, const void *arg)
{
	struct top_answer a;
	struct kpi_version v;
	struct validators val;
	char		 err[512];
	utc_us		 newest = -1;

	memset(&a, 0, sizeof a);
	a.kpi = arg;
	if (read_params(r, &a.p) == -1)
		return;
	if (kpidb_version(r->db, a.kpi, &v, err, sizeof err) == -1 ||
	    ((a.p.given & 3u) == 0 &&
	    kpidb_top_newest(r->db, &newest, err, sizeof err) == -1)) {
		reply_detail(r, 503, "Database unavailable.");
		return;
	}
	top_defaults(&a.p, newest, utc_now());
	validators_of(r, &a, &v, &val);
	if (res_not_modified(r, &val)) {
		reply_not_modified(r, &val);
		return;
	}
	a.rows = xreallocarray(NULL, TOP_N_MAX + 1, sizeof *a.rows);
	if (kpidb_top(r->db, a.kpi, &a.p, &a.intervals, a.rows, &a.n, err,
	    sizeof err) == -1)
		reply_detail(r, 503, "Database unavailable.");
	else
		answer(r, &a, &val);
	free(a.rows);
}

/* "Service Traffic Vol Kpi Top": the KPI's list name, List -> Top. */
void
res_top_options(struct request *r, const void *arg)
{
	const struct kpi *kpi = arg;
	const char	*name = kpi->options_name;
	size_t		 len = strlen(name);
	char		*top;

	if (len >= 5 && strcmp(name + len - 5, " List") == 0)
		len -= 5;
	top = xmalloc(len + 5);
	memcpy(top, name, len);
	memcpy(top + len, " Top", 5);
	res_options(r, top);
	free(top);
}
