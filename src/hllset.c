/* hllset.c: a sketch per key (cell): the users of many cells over one period */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hllset.h"
#include "xmalloc.h"

void
hllset_free(struct hllset *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		hll_free(&s->h[i]);
	free(s->key);
	free(s->h);
	free(s->slot);
	memset(s, 0, sizeof *s);
}

static void
grow(struct hllset *s)
{
	size_t	i;

	free(s->slot);
	s->nslots = s->nslots == 0 ? 64 : s->nslots * 2;
	s->slot = xcalloc(s->nslots, sizeof *s->slot);
	for (i = 0; i < s->n; i++)
		s->slot[hllset_probe(s, s->key[i])] = i + 1;
}

struct hll *
hllset_get(struct hllset *s, int64_t key)
{
	size_t	i;

	if (2 * (s->n + 1) > s->nslots)
		grow(s);
	i = hllset_probe(s, key);
	if (s->slot[i] != 0)
		return &s->h[s->slot[i] - 1];
	if (s->n == s->cap) {
		s->cap = s->cap * 2 + 64;
		s->key = xreallocarray(s->key, s->cap, sizeof *s->key);
		s->h = xreallocarray(s->h, s->cap, sizeof *s->h);
	}
	s->key[s->n] = key;
	memset(&s->h[s->n], 0, sizeof s->h[s->n]);
	s->slot[i] = ++s->n;
	return &s->h[s->n - 1];
}

/*
 * Each of src's cells merged into dst's, the next one's registers
 * prefetched: dst's sketches (2,000 dense ones, 8 MB, for an hour) are
 * larger than the caches.
 */
void
hllset_merge(struct hllset *dst, const struct hllset *src)
{
	size_t	*at, i;

	/* Their sketches first: a new cell may move dst's arrays. */
	at = xreallocarray(NULL, src->n + 1, sizeof *at);
	for (i = 0; i < src->n; i++)
		at[i] = (size_t)(hllset_get(dst, src->key[i]) - dst->h);
	for (i = 0; i < src->n; i++) {
		if (i + 1 < src->n)
			hll_merge_prefetch(&dst->h[at[i + 1]], &src->h[i + 1]);
		hll_merge(&dst->h[at[i]], &src->h[i]);
	}
	free(at);
}

int
hllset_group_add(uint8_t *row, size_t *used, int64_t key, const uint8_t *enc,
    size_t len)
{
	size_t		at = *used > 0 ? *used : HLLSET_GROUP_HEAD;
	uint32_t	k = (uint32_t)key;
	int		fits = key >= INT32_MIN && key <= INT32_MAX &&
			    len <= HLL_ENCODED_MAX &&
			    at + HLLSET_ENTRY_HEAD + len <= HLL_ENCODED_MAX;

	if (fits) {
		row[0] = HLLSET_GROUP;
		row[1] = HLL_P;
		row[at] = (uint8_t)(k >> 24);
		row[at + 1] = (uint8_t)(k >> 16);
		row[at + 2] = (uint8_t)(k >> 8);
		row[at + 3] = (uint8_t)k;
		row[at + 4] = (uint8_t)(len >> 8);
		row[at + 5] = (uint8_t)len;
		memcpy(row + at + HLLSET_ENTRY_HEAD, enc, len);
		*used = at + HLLSET_ENTRY_HEAD + len;
	}
	return fits;
}

/* The key and length of the group's entry at, read. */
static void
entry_head(const uint8_t *at, int64_t *key, size_t *len)
{
	uint32_t	k = (uint32_t)at[0] << 24 | (uint32_t)at[1] << 16 |
			    (uint32_t)at[2] << 8 | at[3];

	*key = k > INT32_MAX ? (int64_t)k - ((int64_t)1 << 32) : (int64_t)k;
	*len = (size_t)at[4] << 8 | at[5];
}

/* 0 when the entries of group buf (len bytes) fill it exactly, else -1. */
static int
group_check(const uint8_t *buf, size_t len)
{
	size_t	at = HLLSET_GROUP_HEAD, n;
	int64_t	k;
	int	head = len >= HLLSET_GROUP_HEAD && buf[1] == HLL_P;

	while (head && len - at >= HLLSET_ENTRY_HEAD) {
		entry_head(buf + at, &k, &n);
		if (n > len - at - HLLSET_ENTRY_HEAD)
			break;
		at += HLLSET_ENTRY_HEAD + n;
	}
	return head && at == len ? 0 : -1;
}

int
hllset_decode(struct hllset *s, int64_t key, const uint8_t *buf, size_t len,
    int64_t *bad)
{
	size_t	at, n;
	int64_t	k;
	int	rc = 0;

	if (len == 0 || buf[0] != HLLSET_GROUP)
		rc = hll_decode(hllset_get(s, key), buf, len);
	else if ((rc = group_check(buf, len)) == 0)
		for (at = HLLSET_GROUP_HEAD; at < len;
		    at += HLLSET_ENTRY_HEAD + n) {
			entry_head(buf + at, &k, &n);
			if (hll_decode(hllset_get(s, k), buf + at +
			    HLLSET_ENTRY_HEAD, n) == -1 && rc == 0) {
				key = k;
				rc = -1;
			}
		}
	if (rc == -1)
		*bad = key;
	return rc;
}
