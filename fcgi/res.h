/* res.h: the API's resources and the handlers the route table points at */
#ifndef NETKPI_RES_H
#define NETKPI_RES_H

struct request;

/* A handler answers one request; arg is the route's argument. */
typedef void (*handler_fn)(struct request *r, const void *arg);

/* One KPI resource: its table and columns, and its OPTIONS name. */
struct kpi_desc {
	int		 index;		/* 0, 1: statement cache slot */
	const char	*table;
	const char	*key;		/* key column, also the JSON key */
	const char	*value;		/* value column, also the JSON key */
	const char	*name;		/* OPTIONS "name" */
};

extern const struct kpi_desc kpi_service_traffic, kpi_cell_users;

/* GET/HEAD /api/KPIs/ (arg unused) */
void	res_kpis_get(struct request *r, const void *arg);
/* GET/HEAD /api/KPIs/N/ (arg: the struct kpi_desc) */
void	res_kpi_get(struct request *r, const void *arg);
/* OPTIONS on any resource (arg: the name string) */
void	res_options(struct request *r, const void *arg);

/* watch11: GET/HEAD /api/status/ (arg unused), res_status.c */
void	res_status_get(struct request *r, const void *arg);
/* watch11: GET/HEAD /metrics (others: 405), Prometheus text, res_metrics.c */
void	res_metrics(struct request *r);

/* Answer r through the route table. */
void	route_dispatch(struct request *r);

#endif
