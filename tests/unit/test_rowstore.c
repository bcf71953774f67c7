/* test_rowstore.c: when the store answers from memory, reads a KPI's rows again, or leaves it to the database */
#include "config.h"

#include <string.h>

#include "fcgi/rowstore.h"
#include "tap.h"

#define SEC	USEC_PER_SEC
/* A second's start, far from the epoch. */
#define T	(INT64_C(1830297600) * SEC)

/* A snapshot of n rows. */
static struct rowsnap
rows(size_t n)
{
	struct rowsnap	s = ROWSNAP_INIT;
	struct kpi_row	r;
	size_t		i;

	memset(&r, 0, sizeof r);
	for (i = 0; i < n; i++) {
		r.id = (int64_t)i + 1;
		rowsnap_add(&s, &r);
	}
	rowsnap_index(&s);
	return s;
}

static struct kpi_version
version(int64_t v, int64_t max_id)
{
	struct kpi_version k;

	memset(&k, 0, sizeof k);
	k.known = 1;
	k.version = v;
	k.max_id = max_id;
	return k;
}

/* What the store says to one request; a hit is released at once. */
static enum rowstore_say
ask(struct rowstore *s, const struct kpi_version *v, utc_us now)
{
	const struct rowsnap *snap;
	size_t		 max = 0;
	enum rowstore_say say = rowstore_get(s, 0, v, now, &snap, &max);

	if (say == ROWSTORE_HIT)
		rowstore_release(s, snap);
	return say;
}

/* Ask n times; how many times the store said say. */
static int
asks(struct rowstore *s, const struct kpi_version *v, utc_us now, int n,
    enum rowstore_say say)
{
	int	k, got = 0;

	for (k = 0; k < n; k++)
		got += ask(s, v, now) == say;
	return got;
}

/* Read n rows after a READ at now: the request's snapshot, released. */
static void
put(struct rowstore *s, const struct kpi_version *v, utc_us now, size_t n)
{
	struct rowsnap	 r = rows(n);

	rowstore_release(s, rowstore_put(s, 0, v, now, &r, 0));
}

static void
versions(void)
{
	struct rowstore	*s = rowstore_new(INT64_C(1) << 20);
	struct kpi_version v1 = version(5, 100), v2 = version(6, 100);
	struct kpi_version v3 = version(6, 101), unknown;
	struct rowstore_stats st;
	const struct rowsnap *held;
	size_t		 max = 0;

	memset(&unknown, 0, sizeof unknown);
	is_int(asks(s, &v1, T, ROWSTORE_MIN_ASKED - 1, ROWSTORE_MISS),
	    ROWSTORE_MIN_ASKED - 1, "asked seldom: the database answers");
	is_int(rowstore_get(s, 0, &v1, T, &held, &max), ROWSTORE_READ,
	    "asked often enough: read the rows");
	is_int((long long)max, (1 << 20) / ROWSNAP_ROW_BYTES,
	    "  as many as the budget holds");
	is_int(ask(s, &v1, T), ROWSTORE_MISS, "while one reads, the others"
	    " ask the database");
	put(s, &v1, T, 10);
	is_int(ask(s, &v1, T + SEC / 2), ROWSTORE_HIT, "then they answer from"
	    " memory at that version");
	is_int(ask(s, &unknown, T + SEC / 2), ROWSTORE_MISS, "  not without"
	    " a version");
	is_int(ask(s, &v2, T + SEC / 2), ROWSTORE_READ, "a new version: read"
	    " again");
	is_int(ask(s, &v1, T + SEC / 2), ROWSTORE_HIT, "  meanwhile the old"
	    " version's requests answer from the old rows");
	is_int(ask(s, &v2, T + SEC / 2), ROWSTORE_MISS, "  and the new one's"
	    " from the database");
	put(s, &v2, T + SEC / 2, 12);
	is_int(ask(s, &v1, T + SEC / 2), ROWSTORE_MISS, "an older version"
	    " than the rows': the database, and no read");
	is_int(ask(s, &v2, T + SEC / 2), ROWSTORE_HIT, "the new version:"
	    " from memory");
	is_int(ask(s, &v3, T + SEC / 2), ROWSTORE_READ, "rows inserted by"
	    " others (a new largest id): read again");
	put(s, &v3, T + SEC / 2, 13);
	rowstore_stats(s, &st);
	is_int(st.rows, 13, "the rows held are the last read's");
	is_int(st.bytes, 13 * (long long)ROWSNAP_ROW_BYTES, "  and their bytes");
	is_int(st.reads, 3, "  read three times");
	rowstore_free(s);
}

static void
ages(void)
{
	struct rowstore	*s = rowstore_new(INT64_C(1) << 20);
	struct kpi_version v = version(5, 100);
	const struct rowsnap *held = NULL;
	struct rowstore_stats st;
	size_t		 max;

	(void)asks(s, &v, T, ROWSTORE_MIN_ASKED - 1, ROWSTORE_MISS);
	is_int(ask(s, &v, T), ROWSTORE_READ, "read");
	put(s, &v, T, 10);
	is_int(rowstore_get(s, 0, &v, T + SEC - 1, &held, &max), ROWSTORE_HIT,
	    "a request holds the rows");
	is_int(asks(s, &v, T + SEC, ROWSTORE_MIN_ASKED - 1, ROWSTORE_MISS),
	    ROWSTORE_MIN_ASKED - 1, "ROWSTORE_TTL later, the same version: the"
	    " database answers (rows may have changed by hand)");
	is_int(ask(s, &v, T + SEC), ROWSTORE_READ, "  and, asked enough, the"
	    " rows are read again");
	is_int(ask(s, &v, T + SEC), ROWSTORE_HIT, "  meanwhile the others"
	    " answer from the rows they replace");
	put(s, &v, T + SEC, 11);
	rowstore_stats(s, &st);
	is_int(st.rows, 21, "the replaced rows stay while a request holds them");
	rowstore_release(s, held);
	rowstore_stats(s, &st);
	is_int(st.rows, 11, "  and go with its release");
	(void)asks(s, &v, T + 3 * SEC, ROWSTORE_MIN_ASKED - 1, ROWSTORE_MISS);
	is_int(ask(s, &v, T + 3 * SEC), ROWSTORE_READ, "read again");
	(void)rowstore_put(s, 0, &v, T + 3 * SEC, NULL, 0);
	is_int(asks(s, &v, T + 4 * SEC - 1, 10, ROWSTORE_MISS), 10, "after a"
	    " failed read, the database answers");
	is_int(asks(s, &v, T + 3 * SEC + ROWSTORE_TTL, ROWSTORE_MIN_ASKED,
	    ROWSTORE_READ), 1, "  until ROWSTORE_TTL has passed");
	rowstore_free(s);
}

static void
sizes(void)
{
	struct rowstore	*s = rowstore_new(100 * (int64_t)ROWSNAP_ROW_BYTES);
	struct kpi_version v = version(5, 100), w = version(6, 100);
	struct rowsnap	 r = rows(101);
	const struct rowsnap *held;
	struct rowstore_stats st;
	size_t		 max = 0;
	int		 k, need = 40000 / ROWSTORE_ROWS_PER;

	(void)asks(s, &v, T, ROWSTORE_MIN_ASKED - 1, ROWSTORE_MISS);
	is_int(rowstore_get(s, 0, &v, T, &held, &max), ROWSTORE_READ, "read");
	is_int((long long)max, 100, "  at most the 100 rows of the budget");
	ok(rowstore_put(s, 0, &v, T, &r, 1) == NULL, "more rows than that:"
	    " no snapshot");
	rowstore_stats(s, &st);
	is_int(st.rows + st.bytes, 0, "  nothing held");
	is_int(asks(s, &v, T + SEC, 20, ROWSTORE_MISS), 20, "  the database"
	    " answers");
	is_int(asks(s, &w, T + ROWSTORE_RETRY, ROWSTORE_MIN_ASKED + 100,
	    ROWSTORE_READ), 1, "  until ROWSTORE_RETRY has passed: tried once"
	    " again");
	(void)asks(s, &w, T + 2 * ROWSTORE_RETRY, ROWSTORE_MIN_ASKED, ROWSTORE_MISS);
	ok(rowstore_put(s, 0, &w, T + 2 * ROWSTORE_RETRY, NULL, 1) == NULL,
	    "unfit with no rows at all: no snapshot");
	is_int(asks(s, &w, T + 2 * ROWSTORE_RETRY + SEC, 20, ROWSTORE_MISS), 20,
	    "  the database answers");
	rowstore_free(s);

	s = rowstore_new(INT64_C(1) << 30);
	v = version(5, 40000);
	for (k = 1; k < need && ask(s, &v, T) == ROWSTORE_MISS; k++)
		;
	is_int(k, need, "a table of 40,000 ids is read on the %dth request"
	    " of a second", need);
	rowstore_free(s);
	ok(rowstore_new(0) == NULL, "row_cache = 0: no store");
}

int
main(void)
{
	versions();
	ages();
	sizes();
	return tap_done();
}
