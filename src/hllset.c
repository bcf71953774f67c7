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

void
hllset_merge(struct hllset *dst, const struct hllset *src)
{
	size_t	i;

	for (i = 0; i < src->n; i++)
		hll_merge(hllset_get(dst, src->key[i]), &src->h[i]);
}
