/* res.h: the API's resources: the handlers the route table points at */
#ifndef NETKPI_RES_H
#define NETKPI_RES_H

struct request;

/* A handler answers one request; arg is what the route matched. */
typedef void (*handler_fn)(struct request *r, const void *arg);

/* /api/KPIs/, the list of the KPIs in effect (res_kpis.c; arg unused) */
void	res_kpis_get(struct request *r, const void *arg);
void	res_kpis_options(struct request *r, const void *arg);
/* /api/KPIs/<id>/, one KPI's rows (res_kpi.c; arg: its struct kpi) */
void	res_kpi_get(struct request *r, const void *arg);
void	res_kpi_options(struct request *r, const void *arg);

/* /api/status/, the ingest's lag and last run (res_status.c; arg unused) */
void	res_status_get(struct request *r, const void *arg);
void	res_status_options(struct request *r, const void *arg);
/*
 * /metrics, Prometheus text (res_metrics.c; arg unused): every method
 * (GET and HEAD answer, others are its own 405)
 */
void	res_metrics_get(struct request *r, const void *arg);

/* The OPTIONS answer of the resource called name (res_options.c). */
void	res_options(struct request *r, const char *name);

/* Answer r through the route table (route.c). */
void	route_dispatch(struct request *r);

#endif
