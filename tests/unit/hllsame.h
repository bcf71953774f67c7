/* hllsame.h: whether two sketches hold the same registers (the sketch tests') */
#ifndef NETKPI_HLLSAME_H
#define NETKPI_HLLSAME_H

#include <string.h>

#include "hll.h"

/* 1 when a and b hold the same registers. */
static inline int
hll_same(const struct hll *a, const struct hll *b)
{
	uint32_t	ra[HLL_M], rb[HLL_M];
	size_t		n = hll_regs(a, ra);

	return n == hll_regs(b, rb) && memcmp(ra, rb, n * sizeof *ra) == 0;
}

#endif
