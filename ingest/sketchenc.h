/* sketchenc.h: an interval's sketches encoded in key order, ahead of their rows */
#ifndef NETKPI_SKETCHENC_H
#define NETKPI_SKETCHENC_H

#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "hllset.h"

/*
 * s's keys in ascending order, each with its index in s (rows inserted
 * in the primary key's order go to the end of its pages, not between
 * them).  The caller frees the array.
 */
struct kv *sketch_key_order(const struct hllset *s);

/*
 * The sketches of a set in key order, each in its stored form
 * (hll_encode_from, from dense_from registers set): sketch i is key[i]'s,
 * bytes[at[i] .. at[i + 1]).  The reading thread encodes an interval's
 * while the writer stores the interval before, which then only sends
 * them (sketchio_put_encoded).
 */
struct sketchenc {
	size_t		 n;
	int64_t		*key;
	size_t		*at;
	uint8_t		*bytes;
};

void	sketchenc_make(struct sketchenc *e, const struct hllset *s,
	    size_t dense_from);
void	sketchenc_free(struct sketchenc *e);

#endif
