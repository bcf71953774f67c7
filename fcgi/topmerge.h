/* topmerge.h: sketch rows merged per key on a thread of their own while the next rows come */
#ifndef NETKPI_TOPMERGE_H
#define NETKPI_TOPMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "hllset.h"

/*
 * The rows of a top/ of sketches come from the server on the caller's
 * thread, which only copies them into chunks; a thread of the merge's
 * own decodes each chunk's rows into s (hllset_decode: a row holds a
 * sketch or a group of them), in
 * the order they came.  Decoding, most of the answer's work, then runs
 * on another core while the server sends.  Memory is a few chunks,
 * whatever the range.  The thread starts when the first chunk is full,
 * and only for the one merge in progress in the process: an answer
 * that fits a chunk, and the rows of a merge that has others beside
 * it, are merged on the caller's thread, and so is each chunk when no
 * thread can start.
 */
struct topmerge;

struct topmerge *topmerge_new(struct hllset *s);
/* The sketch buf[0..len) of key, merged into s soon. */
void	topmerge_add(struct topmerge *tm, int64_t key, const uint8_t *buf,
	    size_t len);
/* Every row added merged into s; tm freed. */
void	topmerge_free(struct topmerge *tm);

#endif
