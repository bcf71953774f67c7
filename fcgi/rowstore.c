/* rowstore.c: the KPIs' rows kept in memory between requests, shared by the workers */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rowstore.h"
#include "xmalloc.h"

/* A snapshot and the requests holding it (the slot's own hold counts). */
struct held {
	struct rowsnap	 snap;		/* first: rowstore_release's cast */
	int		 refs;
};

/* One KPI's place in the store. */
struct slot {
	struct held	*cur;		/* or NULL */
	struct kpi_version tag;		/* the version cur was read at */
	utc_us		 read_at;	/* when */
	int		 reading;	/* a worker is reading it */
	utc_us		 retry_at;	/* read again not before then */
	int64_t		 second;	/* the second asked counts in */
	int64_t		 asked;
	size_t		 rows_hint;	/* rows of the last read, or 0 */
};

struct rowstore {
	pthread_mutex_t	 lock;
	int64_t		 budget;
	struct slot	 slot[KPIDB_MAX_KPIS];
	struct rowstore_stats st;
};

struct rowstore *
rowstore_new(int64_t budget)
{
	struct rowstore *s = NULL;

	if (budget > 0) {
		s = xcalloc(1, sizeof *s);
		s->budget = budget;
		pthread_mutex_init(&s->lock, NULL);
	}
	return s;
}

/* Drop one hold of h (the lock held); the last frees it. */
static void
drop(struct rowstore *s, struct held *h)
{
	if (h == NULL || --h->refs > 0)
		return;
	s->st.bytes -= (int64_t)(h->snap.n * ROWSNAP_ROW_BYTES);
	s->st.rows -= (int64_t)h->snap.n;
	rowsnap_free(&h->snap);
	free(h);
}

void
rowstore_free(struct rowstore *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < KPIDB_MAX_KPIS; i++)
		drop(s, s->slot[i].cur);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* 1 when a and b are the same data version. */
static int
same_version(const struct kpi_version *a, const struct kpi_version *b)
{
	return a->known && b->known && a->version == b->version &&
	    a->max_id == b->max_id && a->expired_version == b->expired_version &&
	    a->expired_to == b->expired_to;
}

/* 1 when v is older than the slot's version: the database answers it. */
static int
older(const struct slot *sl, const struct kpi_version *v)
{
	return sl->cur != NULL && (v->version < sl->tag.version ||
	    (v->version == sl->tag.version &&
	    v->expired_version < sl->tag.expired_version));
}

/* Count a request at now; 1 when the KPI is asked enough to be read. */
static int
asked_enough(struct slot *sl, const struct kpi_version *v, utc_us now)
{
	int64_t	sec = now / USEC_PER_SEC, need;
	size_t	rows = sl->rows_hint;

	if (sec != sl->second) {
		sl->second = sec;
		sl->asked = 0;
	}
	sl->asked++;
	if (rows == 0 && v->max_id > 0)
		rows = (size_t)v->max_id;
	need = (int64_t)(rows / ROWSTORE_ROWS_PER);
	return sl->asked >= (need > ROWSTORE_MIN_ASKED ? need :
	    ROWSTORE_MIN_ASKED);
}

/*
 * Rows a new snapshot of slot i may hold within the budget, and within
 * the start index's 32-bit row numbers.
 */
static size_t
room(const struct rowstore *s, size_t i)
{
	int64_t	left = s->budget - s->st.bytes, n;

	if (s->slot[i].cur != NULL)
		left += (int64_t)(s->slot[i].cur->snap.n * ROWSNAP_ROW_BYTES);
	n = left > 0 ? left / (int64_t)ROWSNAP_ROW_BYTES : 0;
	return (size_t)(n < (int64_t)UINT32_MAX ? n : (int64_t)UINT32_MAX);
}

enum rowstore_say
rowstore_get(struct rowstore *s, size_t i, const struct kpi_version *v,
    utc_us now, const struct rowsnap **snap, size_t *max_rows)
{
	struct slot	*sl = &s->slot[i];
	enum rowstore_say say = ROWSTORE_MISS;
	int		 fresh, enough;

	*snap = NULL;
	pthread_mutex_lock(&s->lock);
	enough = asked_enough(sl, v, now);
	fresh = now - sl->read_at < ROWSTORE_TTL;
	if (sl->cur != NULL && same_version(&sl->tag, v) &&
	    (fresh || sl->reading)) {
		sl->cur->refs++;
		*snap = &sl->cur->snap;
		s->st.hits++;
		say = ROWSTORE_HIT;
	} else if (!sl->reading && now >= sl->retry_at && v->known &&
	    !older(sl, v) && enough && (*max_rows = room(s, i)) > 0) {
		sl->reading = 1;
		say = ROWSTORE_READ;
	}
	pthread_mutex_unlock(&s->lock);
	return say;
}

const struct rowsnap *
rowstore_put(struct rowstore *s, size_t i, const struct kpi_version *v,
    utc_us now, struct rowsnap *rows, int unfit)
{
	struct slot	*sl = &s->slot[i];
	struct held	*h = NULL;

	pthread_mutex_lock(&s->lock);
	sl->reading = 0;
	if (unfit || rows == NULL) {
		sl->retry_at = now + (unfit ? ROWSTORE_RETRY : ROWSTORE_TTL);
		if (unfit) {
			if (rows != NULL)
				sl->rows_hint = rows->n;
			drop(s, sl->cur);
			sl->cur = NULL;
		}
	} else {
		h = xcalloc(1, sizeof *h);
		h->snap = *rows;
		h->refs = 2;		/* the slot's and the request's */
		memset(rows, 0, sizeof *rows);
		drop(s, sl->cur);
		sl->cur = h;
		sl->tag = *v;
		sl->read_at = now;
		sl->rows_hint = h->snap.n;
		s->st.bytes += (int64_t)(h->snap.n * ROWSNAP_ROW_BYTES);
		s->st.rows += (int64_t)h->snap.n;
		s->st.reads++;
		s->st.hits++;
	}
	pthread_mutex_unlock(&s->lock);
	if (rows != NULL)
		rowsnap_free(rows);	/* what was not taken over */
	return h != NULL ? &h->snap : NULL;
}

void
rowstore_release(struct rowstore *s, const struct rowsnap *snap)
{
	if (snap == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	drop(s, (struct held *)(void *)snap);
	pthread_mutex_unlock(&s->lock);
}

void
rowstore_stats(struct rowstore *s, struct rowstore_stats *st)
{
	pthread_mutex_lock(&s->lock);
	*st = s->st;
	pthread_mutex_unlock(&s->lock);
}
