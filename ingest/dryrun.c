/* dryrun.c: --dry-run: each row the ingest would write, as a JSON line */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "log.h"
#include "store.h"
#include "xmalloc.h"

struct dryrun {
	struct store	 s;		/* first: a dryrun is a store */
	yajl_gen	 g;
};

static void
json_str(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void
json_time(yajl_gen g, const char *k, utc_us t)
{
	char	iso[UTC_ISO_LEN];
	size_t	n = utc_format_iso(t, iso);

	json_str(g, k);
	yajl_gen_string(g, (const unsigned char *)iso, n);
}

static void
json_int(yajl_gen g, const char *k, int64_t v)
{
	json_str(g, k);
	yajl_gen_integer(g, (long long)v);
}

/* Open the object of one row of table. */
static void
json_row(yajl_gen g, const char *table)
{
	yajl_gen_map_open(g);
	json_str(g, "table");
	json_str(g, table);
}

/* Close the object and print it as one line. */
static void
json_line(yajl_gen g)
{
	const unsigned char	*out;
	size_t			 len;

	yajl_gen_map_close(g);
	yajl_gen_get_buf(g, &out, &len);
	fwrite(out, 1, len, stdout);
	fputc('\n', stdout);
	yajl_gen_clear(g);
	yajl_gen_reset(g, NULL);
}

/* The rows of one KPI over period p: the columns of its table but id. */
static void
print_rows(yajl_gen g, const struct period *p, const struct kpirows *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		json_row(g, r->kpi->table);
		json_time(g, "interval_start_timestamp", p->start);
		json_time(g, "interval_end_timestamp", p->end);
		json_int(g, "interval", p->interval);
		json_int(g, r->kpi->key, r->top[i].key);
		json_int(g, r->kpi->value, r->top[i].value);
		json_line(g);
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
	json_row(g, "kpis_jobs");
	json_int(g, "total_file_count", w->files_read);
	json_time(g, "end_date", w->end);
	json_line(g);
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

	if ((d->g = yajl_gen_alloc(NULL)) == NULL) {
		log_error("out of memory");
		abort();
	}
	yajl_gen_config(d->g, yajl_gen_validate_utf8, 1);
	d->s.write = dryrun_write;
	d->s.finish = dryrun_finish;
	d->s.free = dryrun_free;
	return &d->s;
}
