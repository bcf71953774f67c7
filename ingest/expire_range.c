/* expire_range.c: the rows of the answers over a range (netkpi_totals, _sketches) past their ages */
#include "config.h"

#include <stdio.h>

#include "buf.h"
#include "expire.h"
#include "jsonline.h"
#include "log.h"
#include "range.h"

/*
 * Rows a transaction deletes, at most: a period has a row per key
 * (2,000 cells), a day's sketch is 3 KB; 500 rows take about half a
 * millisecond, as short as the KPI rows' transactions (expire_rows.c).
 */
#define ROWS_PER_TX	500

/* The tables, the KPIs whose rows each holds, and its last tier. */
static const struct {
	const char	*name;
	int		(*holds)(const struct kpi *);
	int		 last;
} tables[] = {
	{ "netkpi_totals", range_bytes_kpi, TIER_DAY },
	{ "netkpi_sketches", range_sketch_kpi, TIER_LAST },
};

/* One KPI's tier of one table. */
struct slice {
	const char	*table;
	int64_t		 key[2];	/* kpi_id, tier */
	utc_us		 cut;
};

/* The parameters of a query on a slice: kpi_id, tier, a period end. */
struct slice_args {
	MYSQL_BIND	b[3];
	int64_t		key[2];
	MYSQL_TIME	t;
};

/*
 * "SELECT what" over s's rows into q, with a's binds; with upto, only
 * the rows ending at or before it.
 */
static void
slice_query(const struct slice *s, const char *what, utc_us upto,
    struct slice_args *a, struct buf *q)
{
	a->key[0] = s->key[0];
	a->key[1] = s->key[1];
	db_bind_i64(&a->b[0], &a->key[0]);
	db_bind_i64(&a->b[1], &a->key[1]);
	buf_addf(q, "SELECT %s FROM `%s` WHERE `kpi_id` = ? AND `tier` = ?",
	    what, s->table);
	if (upto != 0) {
		db_time_set(&a->t, upto);
		db_bind_time(&a->b[2], &a->t);
		buf_addstr(q, " AND `period_end` <= ?");
	}
}

/* The oldest period end of s (*have 0: none). */
static int
oldest(struct expiry *x, const struct slice *s, utc_us *out, int *have,
    char *err, size_t errlen)
{
	struct buf		q = BUF_INIT;
	struct slice_args	a;
	int			isnull, rc;

	slice_query(s, "MIN(`period_end`)", 0, &a, &q);
	rc = db_query_time(x->m, buf_cstr(&q), a.b, out, &isnull, err, errlen);
	*have = rc == 0 && !isnull;
	buf_free(&q);
	return rc;
}

/* Print how many rows of s would go. */
static int
count_slice(struct expiry *x, const struct slice *s, char *err,
    size_t errlen)
{
	struct buf		q = BUF_INIT;
	struct slice_args	a;
	int64_t			n;
	yajl_gen		g;
	int			isnull, rc;

	slice_query(s, "COUNT(*)", s->cut - 1, &a, &q);
	if ((rc = db_query_i64(x->m, buf_cstr(&q), a.b, &n, &isnull, err,
	    errlen)) == 0) {
		g = jsonline_new();
		jsonline_str(g, "expire", "rows");
		jsonline_str(g, "table", s->table);
		jsonline_int(g, "kpi", a.key[0]);
		jsonline_int(g, "tier", a.key[1]);
		jsonline_time(g, "ending_before", s->cut);
		jsonline_int(g, "rows", n);
		jsonline_end(g);
		yajl_gen_free(g);
		x->rows += n;
	}
	buf_free(&q);
	return rc;
}

/*
 * Delete s's rows older than its cut, oldest period first, at most
 * ROWS_PER_TX rows a transaction (in the primary key's order, so that
 * a replica deletes the same rows).
 */
static int
expire_slice(struct expiry *x, const struct slice *s, char *err,
    size_t errlen)
{
	struct buf	q = BUF_INIT;
	utc_us		end, done = 0;
	int64_t		before;
	int		have, rc, full = 0;
	double		t0;

	buf_addf(&q, "DELETE FROM `%s` WHERE `kpi_id` = ? AND `tier` = ?"
	    " AND `period_end` <= ? ORDER BY `period_end`, `key_id` LIMIT %d",
	    s->table, ROWS_PER_TX);
	/* A period is done once a DELETE took fewer rows than it could. */
	while ((rc = oldest(x, s, &end, &have, err, errlen)) == 0 && have &&
	    end < s->cut && (done == 0 || end > done || full)) {
		if (utc_mono() > x->deadline) {
			log_warn("retention: the time for expiry (%d s) is up;"
			    " the next run deletes the rest", EXPIRE_SECONDS);
			break;
		}
		t0 = utc_mono();
		before = x->rows;
		rc = db_exec(x->m, "START TRANSACTION", err, errlen);
		if (rc == 0)
			rc = expire_sql(x->m, buf_cstr(&q), &end, 1, s->key, 2,
			    &x->rows, err, errlen);
		if ((rc = expire_commit(x, rc, end, err, errlen)) == -1)
			break;
		full = x->rows - before == ROWS_PER_TX;
		t0 = utc_mono() - t0;
		log_debug("retention: %s KPI %lld tier %lld rows ending at"
		    " %lld s deleted in %.3f s", s->table, (long long)s->key[0],
		    (long long)s->key[1], (long long)(end / USEC_PER_SEC), t0);
		expire_pace(t0);
		done = end;
	}
	buf_free(&q);
	return rc;
}

int
expire_range(struct expiry *x, int lo, int hi, utc_us cut, char *err,
    size_t errlen)
{
	struct slice	s;
	size_t		i, k;
	int		rc = 0;

	s.cut = cut;
	for (i = 0; i < sizeof tables / sizeof tables[0] && rc == 0; i++) {
		s.table = tables[i].name;
		for (k = 0; k < kpi_registry_len && rc == 0; k++) {
			if (!tables[i].holds(&kpi_registry[k]))
				continue;
			s.key[0] = kpi_registry[k].id;
			for (s.key[1] = lo; s.key[1] <= hi &&
			    s.key[1] <= tables[i].last && rc == 0; s.key[1]++)
				rc = x->dry_run ?
				    count_slice(x, &s, err, errlen) :
				    expire_slice(x, &s, err, errlen);
		}
	}
	return rc;
}
