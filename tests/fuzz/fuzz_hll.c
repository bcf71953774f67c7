/* fuzz_hll.c: libFuzzer target for the stored forms of a sketch (hll_decode, hll_rice_decode) and of a row (hllset_decode: groups) */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hll.h"
#include "hllset.h"
#include "xmalloc.h"

const char fuzz_target[] = "fuzz_hll";

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The registers of h, HLL_M of them, into r. */
static void
registers(const struct hll *h, uint8_t *r)
{
	uint32_t	regs[HLL_M];
	size_t		i, n = hll_regs(h, regs);

	memset(r, 0, HLL_M);
	for (i = 0; i < n; i++)
		r[regs[i] >> 8] = (uint8_t)(regs[i] & 0xff);
}

/* buf as a row of key 7 (hll_decode gave rc). */
static void
row(const uint8_t *buf, size_t size, int rc)
{
	struct hllset	s;
	int64_t		bad = 0;
	size_t		i;
	int		r;

	memset(&s, 0, sizeof s);
	r = hllset_decode(&s, 7, buf, size, &bad);
	if (size > 0 && buf[0] == HLLSET_GROUP) {
		for (i = 0; i < s.n; i++)
			if (s.key[i] < INT32_MIN || s.key[i] > INT32_MAX)
				fuzz_fail("hllset_decode: a key past an INT");
		if (r == -1 && (bad < INT32_MIN || bad > INT32_MAX))
			fuzz_fail("hllset_decode: a refusal names no key");
	} else if (r != rc || s.n != 1 || s.key[0] != 7 ||
	    (r == -1 && bad != 7))
		fuzz_fail("hllset_decode: a sketch not read as hll_decode does");
	hllset_free(&s);
}

/*
 * The input is a stored sketch, in a buffer of its exact size (ASan
 * catches a read past it).  hll_rice_decode returns -1 or entries in
 * register order with ranks 1 to 53; hll_decode accepts what it does
 * the same into an empty sketch and into a dense one (merged by
 * maximum), leaves the sketch unchanged when it refuses, and what it
 * accepted encodes (in both writers' choices) and decodes back the same.
 * As a row (hllset_decode), what is not a group is that sketch, of the
 * row's key; a group gives keys in an INT, and a refusal names one.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hll	 a, d, back;
	uint32_t	 regs[HLL_M];
	uint8_t		*buf = xmalloc(size > 0 ? size : 1), enc[HLL_ENCODED_MAX];
	uint8_t		 ra[HLL_M], rd[HLL_M], before[HLL_M];
	size_t		 i, len;
	int		 n, rc, rc2;

	memcpy(buf, data, size);
	memset(&a, 0, sizeof a);
	memset(&d, 0, sizeof d);
	if ((n = hll_rice_decode(buf, size, regs)) > (int)HLL_M || n < -1)
		fuzz_fail("hll_rice_decode: a count out of range");
	for (i = 0; n > 0 && i < (size_t)n; i++)
		if ((regs[i] & 0xff) < 1 || (regs[i] & 0xff) > HLL_Q + 1 ||
		    (i > 0 && regs[i] >> 8 <= regs[i - 1] >> 8))
			fuzz_fail("hll_rice_decode: an entry out of order or range");

	/* d: 2,000 users, dense in memory */
	for (i = 0; i < 2000; i++)
		hll_add(&d, hll_hash(i));
	registers(&d, before);
	rc = hll_decode(&a, buf, size);
	rc2 = hll_decode(&d, buf, size);
	if (rc != rc2)
		fuzz_fail("hll_decode: accepted into one sketch, not another");
	registers(&a, ra);
	registers(&d, rd);
	for (i = 0; i < HLL_M; i++) {
		if (rc == -1 && (ra[i] != 0 || rd[i] != before[i]))
			fuzz_fail("hll_decode: refused, but changed the sketch");
		if (rc == 0 && rd[i] != (before[i] > ra[i] ? before[i] : ra[i]))
			fuzz_fail("hll_decode: not the register-wise maximum");
	}
	if (rc == 0) {
		for (len = 0; len < 2; len++) {
			memset(&back, 0, sizeof back);
			if (hll_decode(&back, enc, len == 0 ? hll_encode(&a, enc) :
			    hll_encode_from(&a, enc, HLL_DENSE_FROM)) == -1)
				fuzz_fail("hll_encode: its output does not decode");
			registers(&back, rd);
			if (memcmp(ra, rd, HLL_M) != 0)
				fuzz_fail("hll_encode: decodes to another sketch");
			hll_free(&back);
		}
	}
	row(buf, size, rc);
	hll_free(&a);
	hll_free(&d);
	free(buf);
	return 0;
}
