/* expire_rows.c: KPI rows past their age, deleted in short transactions */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "expire.h"
#include "flowname.h"
#include "jsonline.h"
#include "log.h"
#include "range.h"
#include "schema.h"

/* Intervals of bookkeeping (netkpi_files, _intervals) a statement deletes. */
#define BOOKS_PER_TX	100

/*
 * KPI rows of one table a transaction deletes, about: a transaction of
 * about a millisecond, no longer than an API answer takes, so that
 * readers on the same cores hardly notice it (tests/bench/expire.sh:
 * 100 rows made the API's p99 2.7 times its idle value, 20 rows 1.8 to
 * 2.0 times, 10 rows 1.8 to 2.3 times while each bumped the data
 * version, 1.5 times with the expiry's own version: expire_commit).
 */
#define ROWS_PER_TX	10

/* One kind of row: 5-minute (interval 1) or hourly (2). */
struct part {
	int64_t	 iv;
	utc_us	 len;		/* its period */
	utc_us	 cut;		/* rows ending before it go */
	utc_us	 span;		/* interval ends one transaction covers */
	int	 have_newest;	/* kpis_jobs' newest row: never deleted */
	utc_us	 newest;
};

/* The oldest interval end of part p's rows (*have 0: none). */
static int
oldest(struct expiry *x, const struct part *p, utc_us *out, int *have,
    char *err, size_t errlen)
{
	struct buf	q = BUF_INIT;
	MYSQL_BIND	b;
	utc_us		t;
	int64_t		iv = p->iv;
	size_t		i;
	int		isnull, rc = 0;

	*have = 0;
	db_bind_i64(&b, &iv);
	for (i = 0; i < kpi_registry_len && rc == 0; i++) {
		if (!kpi_on(x->kpis, &kpi_registry[i]))
			continue;
		buf_reset(&q);
		buf_addf(&q, "SELECT MIN(`interval_start_timestamp`) FROM `%s`"
		    " WHERE `interval` = ?", kpi_registry[i].table);
		rc = db_query_time(x->m, buf_cstr(&q), &b, &t, &isnull, err,
		    errlen);
		if (rc == 0 && !isnull && (!*have || t + p->len < *out)) {
			*out = t + p->len;
			*have = 1;
		}
	}
	if (rc == 0 && p->iv == KPI_INTERVAL_5MIN && (rc = db_query_time(x->m, "SELECT"
	    " MIN(`end_date`) FROM `kpis_jobs`", NULL, &t, &isnull, err,
	    errlen)) == 0 && !isnull && (!*have || t < *out)) {
		*out = t;
		*have = 1;
	}
	buf_free(&q);
	return rc;
}

/*
 * The kpis_jobs rows of the 5-minute intervals up to hi (but the
 * newest), and the mark.  netkpi's bookkeeping goes with the files
 * (expire_books): while they stay, the next run compares them.
 */
static int
drop_jobs(struct expiry *x, const struct part *p, utc_us lo, utc_us hi,
    char *err, size_t errlen)
{
	utc_us	t[3] = { lo, hi, p->newest };

	if (p->have_newest && expire_sql(x->m, "DELETE FROM `kpis_jobs` WHERE"
	    " `end_date` >= ? AND `end_date` <= ? AND `end_date` < ?", t, 3,
	    NULL, 0, NULL, err, errlen) == -1)
		return -1;
	t[0] = hi;
	/* Intervals after the newest were never written: not the mark's. */
	if (p->have_newest && t[0] > p->newest)
		t[0] = p->newest;
	t[1] = t[0];
	return expire_sql(x->m, "UPDATE `netkpi_state` SET `rows_expired_to` = ?"
	    " WHERE `id` = 1 AND (`rows_expired_to` IS NULL OR"
	    " `rows_expired_to` < ?)", t, 2, NULL, 0, NULL, err, errlen);
}

/*
 * "verb FROM `table` WHERE `interval` = ? AND cond" on the table of KPI
 * registry entry i into q: 1, or 0 (nothing) when that KPI is not in
 * effect.
 */
static int
kpi_sql(const struct expiry *x, size_t i, const char *verb,
    const char *cond, struct buf *q)
{
	if (!kpi_on(x->kpis, &kpi_registry[i]))
		return 0;
	buf_reset(q);
	buf_addf(q, "%s FROM `%s` WHERE `interval` = ? AND %s", verb,
	    kpi_registry[i].table, cond);
	return 1;
}

/*
 * One transaction: part p's rows ending at or before hi; lo is the
 * oldest end of all (oldest).  Each DELETE's range starts at lo, not at
 * the start of its index: the rows the chunks before it deleted may
 * still be there, marked for purge, and walking them is what makes a
 * transaction slow.
 */
static int
drop_chunk(struct expiry *x, const struct part *p, utc_us lo, utc_us hi,
    char *err, size_t errlen)
{
	struct buf	q = BUF_INIT;
	utc_us		t[3] = { lo - p->len, hi, hi };
	size_t		i;
	int		rc;

	rc = db_exec(x->m, "START TRANSACTION", err, errlen);
	for (i = 0; i < kpi_registry_len && rc == 0; i++)
		if (kpi_sql(x, i, "DELETE", "`interval_start_timestamp` >= ?"
		    " AND `interval_start_timestamp` <= ? AND"
		    " `interval_end_timestamp` <= ?", &q))
			rc = expire_sql(x->m, buf_cstr(&q), t, 3, &p->iv, 1, &x->rows,
			    err, errlen);
	if (rc == 0 && p->iv == KPI_INTERVAL_5MIN)
		rc = drop_jobs(x, p, lo, hi, err, errlen);
	buf_free(&q);
	return expire_commit(x, rc, hi, err, errlen);
}

/* Print the rows part p would delete, per table. */
static int
count_part(struct expiry *x, const struct part *p, char *err, size_t errlen)
{
	struct buf	q = BUF_INIT;
	MYSQL_BIND	b[3];
	MYSQL_TIME	t;
	int64_t		iv = p->iv, n;
	yajl_gen	g = jsonline_new();
	size_t		i;
	int		isnull, rc = 0;

	db_bind_i64(&b[0], &iv);
	db_time_set(&t, p->cut - 1);
	db_bind_time(&b[1], &t);
	db_bind_time(&b[2], &t);
	for (i = 0; i < kpi_registry_len && rc == 0; i++) {
		if (!kpi_sql(x, i, "SELECT COUNT(*)",
		    "`interval_start_timestamp` <= ? AND"
		    " `interval_end_timestamp` <= ?", &q))
			continue;
		if ((rc = db_query_i64(x->m, buf_cstr(&q), b, &n, &isnull, err,
		    errlen)) == 0) {
			jsonline_str(g, "expire", "rows");
			jsonline_str(g, "table", kpi_registry[i].table);
			jsonline_int(g, "interval", iv);
			jsonline_time(g, "ending_before", p->cut);
			jsonline_int(g, "rows", n);
			jsonline_end(g);
			x->rows += n;
		}
	}
	yajl_gen_free(g);
	buf_free(&q);
	return rc;
}

/* Delete part p's rows older than its cut, oldest first, chunk by chunk. */
static int
expire_part(struct expiry *x, const struct part *p, char *err, size_t errlen)
{
	utc_us	lo, hi, done = 0;
	int	have, any = 0;
	double	t0;

	if (x->dry_run)
		return count_part(x, p, err, errlen);
	for (;;) {
		if (oldest(x, p, &lo, &have, err, errlen) == -1)
			return -1;
		if (!have || lo >= p->cut || (any && lo <= done))
			return 0;
		if (utc_mono() > x->deadline) {
			log_warn("retention: the time for expiry (%d s) is up;"
			    " the next run deletes the rest", EXPIRE_SECONDS);
			return 0;
		}
		hi = lo + p->span - INTERVAL_US;
		if (hi >= p->cut)
			hi = p->cut - 1;
		t0 = utc_mono();
		if (drop_chunk(x, p, lo, hi, err, errlen) == -1)
			return -1;
		t0 = utc_mono() - t0;
		log_debug("retention: interval %lld rows ending up to %lld s"
		    " deleted in %.3f s", (long long)p->iv,
		    (long long)(hi / USEC_PER_SEC), t0);
		expire_pace(t0);
		done = hi;
		any = 1;
	}
}

/* The oldest end of the bookkeeping (*have 0: none). */
static int
oldest_books(struct expiry *x, utc_us *out, int *have, char *err,
    size_t errlen)
{
	utc_us	t[2];
	int	isnull[2], i;

	if (db_query_time(x->m, "SELECT MIN(`end_date`) FROM"
	    " `netkpi_intervals`", NULL, &t[0], &isnull[0], err, errlen) == -1 ||
	    db_query_time(x->m, "SELECT MIN(`end_date`) FROM `netkpi_files`",
	    NULL, &t[1], &isnull[1], err, errlen) == -1)
		return -1;
	for (*have = 0, i = 0; i < 2; i++)
		if (!isnull[i] && (!*have || t[i] < *out)) {
			*out = t[i];
			*have = 1;
		}
	return 0;
}

int
expire_books(struct expiry *x, utc_us to, char *err, size_t errlen)
{
	utc_us	lo, hi, newest;
	int	have, none, rc;

	if (db_query_time(x->m, "SELECT MAX(`end_date`) FROM"
	    " `netkpi_intervals`", NULL, &newest, &none, err, errlen) == -1)
		return -1;
	/* The newest row stays: /api/status/ reads it. */
	if (!none && to >= newest)
		to = newest - 1;
	for (;;) {
		if (oldest_books(x, &lo, &have, err, errlen) == -1)
			return -1;
		if (!have || lo > to || utc_mono() > x->deadline)
			return 0;
		hi = lo + BOOKS_PER_TX * INTERVAL_US;
		if (hi > to)
			hi = to;
		/* A transaction that says so: top/ counts the intervals. */
		rc = db_exec(x->m, "START TRANSACTION", err, errlen);
		if (rc == 0)
			rc = expire_sql(x->m, "DELETE FROM `netkpi_files` WHERE"
			    " `end_date` <= ?", &hi, 1, NULL, 0, NULL, err,
			    errlen);
		if (rc == 0)
			rc = expire_sql(x->m, "DELETE FROM `netkpi_intervals` WHERE"
			    " `end_date` <= ?", &hi, 1, NULL, 0, NULL, err,
			    errlen);
		if (expire_commit(x, rc, hi, err, errlen) == -1)
			return -1;
	}
}

/* Part iv's cut and span, and kpis_jobs' newest row. */
static int
part_init(struct expiry *x, struct part *p, int64_t iv, int64_t age,
    char *err, size_t errlen)
{
	int	isnull;

	memset(p, 0, sizeof *p);
	p->iv = iv;
	p->len = iv == KPI_INTERVAL_5MIN ? INTERVAL_US : USEC_PER_HOUR;
	p->cut = x->now - age * USEC_PER_SEC;
	p->span = p->len * (ROWS_PER_TX / x->top_n > 0 ?
	    ROWS_PER_TX / x->top_n : 1);
	if (db_query_time(x->m, "SELECT MAX(`end_date`) FROM `kpis_jobs`",
	    NULL, &p->newest, &isnull, err, errlen) == -1)
		return -1;
	p->have_newest = !isnull;
	return 0;
}

int
expire_rows(struct expiry *x, char *err, size_t errlen)
{
	struct part	p;
	int		isnull;
	utc_us		to;

	/* The rows of a KPI turned off since are as old as the others. */
	if ((x->r->five_minute > 0 || x->r->hourly > 0) &&
	    schema_kpi_tables(x->m, &x->kpis, err, errlen) == -1)
		return -1;
	if (x->r->five_minute > 0 && (part_init(x, &p, KPI_INTERVAL_5MIN,
	    x->r->five_minute, err, errlen) == -1 ||
	    expire_part(x, &p, err, errlen) == -1 ||
	    expire_range(x, TIER_FIVE, TIER_FIVE, p.cut, err, errlen) == -1))
		return -1;
	if (x->r->hourly == 0)
		return 0;
	if (part_init(x, &p, KPI_INTERVAL_HOUR, x->r->hourly, err,
	    errlen) == -1 ||
	    db_query_time(x->m, "SELECT `rows_expired_to` FROM `netkpi_state`"
	    " WHERE `id` = 1", NULL, &to, &isnull, err, errlen) == -1)
		return -1;
	/* An hour goes once its 5-minute rows have gone. */
	if (!x->dry_run && (isnull || to + 1 < p.cut))
		p.cut = isnull ? 0 : to + 1;
	/* A day, a quarter or a span goes when it is all past the age. */
	return expire_part(x, &p, err, errlen) == -1 ? -1 :
	    expire_range(x, TIER_HOUR, TIER_LAST, p.cut, err, errlen);
}
