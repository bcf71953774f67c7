/* retention.h: the [retention] keys: ages, sizes, and their rule */
#ifndef NETKPI_RETENTION_H
#define NETKPI_RETENTION_H

#include <stdint.h>

/*
 * What is kept ([retention] in netkpi.conf(5)); 0 everywhere keeps
 * everything for ever, the default.
 */
struct retention {
	int64_t	flow_files;		/* seconds after an interval's end */
	int64_t	flow_files_size;	/* bytes of flow files in input_dir */
	int64_t	five_minute;		/* seconds: 5-minute rows */
	int64_t	hourly;			/* seconds: hourly rows */
};

/* The largest age (100 years) and size (2^60 bytes, 1024 P) taken. */
#define RETENTION_AGE_MAX	(100LL * 366 * 86400)
#define RETENTION_SIZE_MAX	(1LL << 60)

/*
 * Parse an age: a decimal number then s, m, h, d or w ("90d"); empty
 * or "0" is 0 (for ever).  Returns 0 with seconds in *out, or -1 with a
 * static reason in *why.
 */
int	retention_parse_age(const char *s, int64_t *out, const char **why);

/*
 * Parse a size: a decimal number then K, M, G or T (powers of 1024;
 * "50G"); empty or "0" is 0 (no limit).  Returns 0 with bytes in *out,
 * or -1 with a static reason in *why.
 */
int	retention_parse_size(const char *s, int64_t *out, const char **why);

/*
 * The rule between the keys: hourly rows kept no shorter than
 * 5-minute rows (0 being for ever).  Returns 0, or -1 with a reason.
 */
int	retention_check(const struct retention *r, const char **why);

#endif
