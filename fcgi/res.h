/* res.h: the API's resources: the handlers the route table points at */
#ifndef NETKPI_RES_H
#define NETKPI_RES_H

#include <stddef.h>
#include <stdint.h>

#include "utctime.h"

struct buf;
struct kpi;
struct kpi_version;
struct request;
struct validators;

/* A handler answers one request; arg is what the route matched. */
typedef void (*handler_fn)(struct request *r, const void *arg);

/* /api/KPIs/, the list of the KPIs in effect (res_kpis.c; arg unused) */
void	res_kpis_get(struct request *r, const void *arg);
void	res_kpis_options(struct request *r, const void *arg);
/* /api/KPIs/<id>/, one KPI's rows (res_kpi.c; arg: its struct kpi) */
void	res_kpi_get(struct request *r, const void *arg);
void	res_kpi_options(struct request *r, const void *arg);

/* /api/KPIs/<id>/top/, its top keys over a range (res_top.c; arg: its kpi) */
void	res_top_get(struct request *r, const void *arg);
void	res_top_options(struct request *r, const void *arg);

/* /api/status/, the ingest's lag and last run (res_status.c; arg unused) */
void	res_status_get(struct request *r, const void *arg);
void	res_status_options(struct request *r, const void *arg);
/*
 * /metrics, Prometheus text (res_metrics.c; arg unused): every method
 * (GET and HEAD answer, others are its own 405)
 */
void	res_metrics_get(struct request *r, const void *arg);

/*
 * The validators of the KPI answers (res_kpi.c): an answer of kpi at
 * data version v whose other parameters hash to h (res_hash from
 * RES_HASH_INIT, over their parsed values), and whose rows start at
 * from or later (RES_FROM_ANY: no bound).
 */
#define RES_HASH_INIT	UINT64_C(0xcbf29ce484222325)
#define RES_FROM_ANY	INT64_MIN
uint64_t res_hash(uint64_t h, const void *p, size_t n);
void	res_validators(const struct request *r, const struct kpi *kpi,
	    utc_us from, uint64_t h, const struct kpi_version *v,
	    struct validators *val);
/* 1 when r's If-None-Match or If-Modified-Since says the client has it. */
int	res_not_modified(const struct request *r, const struct validators *val);

/*
 * Answer 400 with every invalid parameter of r, {"name":["text"],...}:
 * for each i < n with bit i of bad set, in order, why(r, i, arg, msg)
 * returns the name and appends the text to msg (res_kpi.c).
 */
typedef const char *(*res_why_fn)(const struct request *r, size_t i,
	    const void *arg, struct buf *msg);
void	res_invalid(struct request *r, unsigned bad, size_t n,
	    res_why_fn why, const void *arg);

/* The Content-Type of r's answer: JSON, or CSV when negotiated (res_kpi.c). */
const char *res_content_type(const struct request *r);

/*
 * The OPTIONS answer of the resource called name (res_options.c):
 * renders JSON only, as the original's, even where CSV is served.
 */
void	res_options(struct request *r, const char *name);

/* Answer r through the route table (route.c). */
void	route_dispatch(struct request *r);

#endif
