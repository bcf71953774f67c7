/* dryrun.c: --dry-run: each row the ingest would write, as a JSON line */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "jsonline.h"
#include "store.h"
#include "xmalloc.h"

struct dryrun {
	struct store	 s;		/* first: a dryrun is a store */
	yajl_gen	 g;
};

/* The rows of one KPI over period p: the columns of its table but id. */
static void
print_rows(yajl_gen g, const struct period *p, const struct kpirows *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		jsonline_str(g, "table", r->kpi->table);
		jsonline_time(g, "interval_start_timestamp", p->start);
		jsonline_time(g, "interval_end_timestamp", p->end);
		jsonline_int(g, "interval", p->interval);
		jsonline_int(g, r->kpi->key, r->top[i].key);
		jsonline_int(g, r->kpi->value, r->top[i].value);
		jsonline_end(g);
	}
}

static int
dryrun_write(struct store *s, const struct ivwrite *w, char *err,
    size_t errlen)
{
	yajl_gen	g = ((struct dryrun *)s)->g;
	size_t		k;
	int		i;

	for (k = 0; k < w->periods[0]->nkpis; k++)
		for (i = 0; i < w->nperiods; i++)
			print_rows(g, w->periods[i], &w->periods[i]->kpis[k]);
	jsonline_str(g, "table", "kpis_jobs");
	jsonline_int(g, "total_file_count", w->files_read);
	jsonline_time(g, "end_date", w->end);
	jsonline_end(g);
	fflush(stdout);
	return 0;
}

static int
dryrun_finish(struct store *s, char *err, size_t errlen)
{
	return 0;
}

static void
dryrun_free(struct store *s)
{
	struct dryrun	*d = (struct dryrun *)s;

	if (d == NULL)
		return;
	yajl_gen_free(d->g);
	free(d);
}

struct store *
dryrun_new(void)
{
	struct dryrun	*d = xcalloc(1, sizeof *d);

	d->g = jsonline_new();
	d->s.write = dryrun_write;
	d->s.finish = dryrun_finish;
	d->s.free = dryrun_free;
	return &d->s;
}
