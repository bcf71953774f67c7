/* hll.h: HyperLogLog sketches of distinct users: hash, sparse and dense forms, merge, estimate, encoding */
#ifndef NETKPI_HLL_H
#define NETKPI_HLL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Precision 12: 4096 registers, a standard error of 1.04 / sqrt(4096)
 * = 1.625%.  Register j of a sketch holds the largest rank of the
 * hashes whose top HLL_P bits are j; the rank of a hash is 1 + the
 * number of trailing zeros of its low 64 - HLL_P bits (HLL_Q + 1 when
 * they are all zero).  As Redis does.
 */
#define HLL_P		12
#define HLL_M		(1u << HLL_P)
#define HLL_Q		(64 - HLL_P)
#define HLL_ERROR	"0.01625"	/* 1.04 / sqrt(HLL_M) */

/*
 * The hash of an msisdn, stable across versions (SQL users and later
 * versions merge old sketches): the msisdn as an unsigned 64-bit
 * number x, then splitmix64's output function of x:
 *   z = x + 0x9e3779b97f4a7c15
 *   z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
 *   z = (z ^ (z >> 27)) * 0x94d049bb133111eb
 *   h = z ^ (z >> 31)
 * (all modulo 2^64).
 */
uint64_t hll_hash(uint64_t msisdn);

/*
 * A sketch in memory: sparse (a sorted list of register j << 8 | rank,
 * for the registers that are not 0) while it has at most HLL_SPARSE_MAX
 * registers set, dense (HLL_M bytes) after: an insert into the sorted
 * list moves up to that many entries.  A list made whole can be longer
 * (hll_from_regs; hll_merge into an empty sketch copies).  Zeroed
 * memory is an empty sketch.
 */
#define HLL_SPARSE_MAX	64
struct hll {
	uint8_t		*dense;		/* HLL_M registers, or NULL: sparse */
	uint32_t	*sparse;	/* n entries, sorted */
	size_t		 n, cap;
};

void	hll_free(struct hll *h);

/*
 * h := the sketch of registers regs[0 .. HLL_M), set of them not 0,
 * which are zeroed again: sparse when set is at most HLL_SPARSE_BULK
 * (a list longer than HLL_SPARSE_MAX: the next register added makes it
 * dense), else dense.  For sketches built a register array at a time.
 * words, when not NULL, marks the words of 8 registers that may not be
 * 0 (bit w % 64 of words[w / 64]: registers 8 w to 8 w + 7): a sparse
 * sketch reads only those, a cell of 100 users about 100 words of 512.
 */
#define HLL_SPARSE_BULK	(HLL_M / 4)
#define HLL_WORDS	(HLL_M / 8 / 64)	/* uint64_t of words */
void	hll_from_regs(struct hll *h, uint8_t *regs, size_t set,
	    const uint64_t *words);

/* The register (top HLL_P bits) and rank of hash, as hll_add sets them. */
static inline uint32_t
hll_reg(uint64_t hash)
{
	return (uint32_t)(hash >> HLL_Q);
}

static inline uint8_t
hll_rank(uint64_t hash)
{
	return (uint8_t)(__builtin_ctzll((hash & ((UINT64_C(1) << HLL_Q) - 1)) |
	    UINT64_C(1) << HLL_Q) + 1);
}
/* Add one hash (hll_hash). */
void	hll_add(struct hll *h, uint64_t hash);
/* dst := the union of dst and src. */
void	hll_merge(struct hll *dst, const struct hll *src);
/*
 * Prefetch the registers of dst that merging src (sparse) into it
 * (dense) will write: a set of many sketches merges each one after
 * another, each register a miss otherwise.
 */
void	hll_merge_prefetch(const struct hll *dst, const struct hll *src);
/* The estimated number of distinct hashes added (Ertl, 2017). */
double	hll_estimate(const struct hll *h);

/*
 * The stored form (netkpi_sketches.sketch).  Version 1:
 *   byte 0: 1 (the format), byte 1: HLL_P, byte 2: 0 sparse, 1 dense;
 *   sparse: then per register set, in register order, 3 bytes big
 *     endian: register << 6 | rank;
 *   dense: then the HLL_M registers of 6 bits each, packed big endian
 *     (register 0 in the top 6 bits of byte 3), 3072 bytes.
 * Version 2, sparse only (hll_rice.c):
 *   byte 0: 2, byte 1: HLL_P, byte 2: k (0 .. HLL_P - 1), bytes 3, 4:
 *     the number n of registers set, big endian;
 *   then a bit stream (most significant bit of each byte first), per
 *     register set, in register order: the gap g (the registers not
 *     set since the previous one set, or since register 0) in a Rice
 *     code of parameter k: g >> k one bits, a zero bit, the low k bits
 *     of g; then the rank r in unary: r - 1 one bits, a zero bit
 *     (ranks past HLL_Q: HLL_Q + 1 - 1 ones, no zero bit); zero bits
 *     to the end of the last byte.
 * Version 3, dense only (hll_dense.c):
 *   byte 0: 3, byte 1: HLL_P, byte 2: k, the number of registers of
 *     rank 15 or more (at most 255);
 *   then HLL_M / 2 bytes of 4-bit registers, 15 for a rank of 15 or
 *     more: byte 3 + i holds register i in its high 4 bits and
 *     register HLL_M / 2 + i in its low 4 bits;
 *   then per such register, in register order, 3 bytes big endian:
 *     register << 6 | rank.  2051 + 3 k bytes.
 * Version 4, a group of sketches of several keys in one row: hllset.h.
 * hll_encode writes the shortest of version 2 and a dense form: version
 * 3, or version 1 dense when more than 255 registers are past 14, at
 * most HLL_ENCODED_MAX bytes to out; returns the length.
 * hll_encode_from writes the dense form also when dense_from registers
 * or more are set: version 3 merges in about a quarter of a
 * microsecond, version 2 in about 3 ns a register set, so that
 * HLL_DENSE_FROM registers (a quarter) read many times faster dense.  hll_decode reads all the
 * forms, merging what it reads into h; returns 0, or -1 when buf is not
 * such a sketch (h unchanged).
 */
#define HLL_HEAD	3
#define HLL_DENSE_FROM	1024
#define HLL_ENCODED_MAX	(HLL_HEAD + HLL_M * 6 / 8)
size_t	hll_encode(const struct hll *h, uint8_t *out);
size_t	hll_encode_from(const struct hll *h, uint8_t *out,
	    size_t dense_from);
int	hll_decode(struct hll *h, const uint8_t *buf, size_t len);

/*
 * Version 2 (hll_rice.c): the registers set of h (sparse or dense) as
 * register << 8 | rank into regs (HLL_M entries), in order; returns
 * how many.  hll_rice_encode writes the form of n such entries to out
 * when it takes fewer than max bytes, and returns its length (0: not
 * shorter).  hll_rice_decode checks buf and, when it is one, the
 * entries into regs (HLL_M entries); returns n, or -1.
 */
size_t	hll_regs(const struct hll *h, uint32_t *regs);
size_t	hll_rice_encode(const uint32_t *regs, size_t n, uint8_t *out,
	    size_t max);
int	hll_rice_decode(const uint8_t *buf, size_t len, uint32_t *regs);

/*
 * The dense forms (hll_dense.c), of the n entries regs (hll_regs):
 * hll_dense_len the length of the one to write (version 3, or version 1
 * when that is shorter), which hll_dense_encode, given that length,
 * writes to out.  hll_dense_merge checks buf and,
 * when it is a dense form of either version, merges its registers into
 * dense (HLL_M); returns 0, or -1 (dense unchanged).  hll_dense_max:
 * dst := the register-wise maximum of dst and src (HLL_M each).
 */
size_t	hll_dense_len(const uint32_t *regs, size_t n);
size_t	hll_dense_encode(const uint32_t *regs, size_t n, size_t len,
	    uint8_t *out);
int	hll_dense_merge(const uint8_t *buf, size_t len, uint8_t *dense);
void	hll_dense_max(uint8_t *dst, const uint8_t *src);

#endif
