/* netkpi-gen.c: writes zipf-skewed flow files and their exact top-N KPIs */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "kpi.h"
#include "log.h"
#include "num.h"
#include "utctime.h"
#include "xmalloc.h"

#define INTERVAL_US	(5 * USEC_PER_MIN)
#define OUTBUF		(1 << 20)

struct opts {
	const char	*dir, *expected;
	utc_us		 start;		/* end of the first interval */
	int64_t		 intervals, files, rows, users, cells, services;
	int64_t		 seed, top_n, bytes_max;
	double		 skew;
};

/* Exact per-period values, computed by sorting, not hashing. */
struct period {
	uint64_t	*pairs;		/* cell rank << 32 | user rank */
	size_t		 npairs, cap;
	uint64_t	*bytes;		/* per service rank */
	unsigned char	*seen;		/* per service rank */
};

struct kval {
	int64_t	key, value;
};

static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform value in [0, n). */
static uint64_t
rng_below(uint64_t n)
{
	return n == 0 ? 0 : rng() % n;
}

/* The cumulative zipf distribution over n ranks. */
static double *
zipf_cdf(int64_t n, double s)
{
	double	*c = xreallocarray(NULL, (size_t)n, sizeof *c), sum = 0;
	int64_t	 i;

	for (i = 0; i < n; i++)
		c[i] = (sum += 1.0 / pow((double)(i + 1), s));
	for (i = 0; i < n; i++)
		c[i] /= sum;
	return c;
}

static int64_t
zipf_draw(const double *c, int64_t n)
{
	double	u = (double)(rng() >> 11) / 9007199254740992.0;
	int64_t	lo = 0, hi = n - 1, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int64_t msisdn_of(int64_t r) { return INT64_C(31600000000) + r * 13 + 1; }
static int64_t cell_of(int64_t r) { return 1000 + r; }
static int64_t service_of(int64_t r) { return 1 + r; }

/* Append v in decimal to p; returns the new end. */
static char *
put_u64(char *p, uint64_t v)
{
	char	tmp[24];
	int	n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static void
period_add(struct period *p, int64_t svc, int64_t cell, int64_t user,
    uint64_t bytes)
{
	if (p->npairs == p->cap)
		p->pairs = xreallocarray(p->pairs, p->cap = p->cap * 2 + 1024,
		    sizeof *p->pairs);
	p->pairs[p->npairs++] = (uint64_t)cell << 32 | (uint64_t)user;
	p->bytes[svc] += bytes;
	p->seen[svc] = 1;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
kval_cmp(const void *a, const void *b)
{
	const struct kval	*x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static void
print_top(FILE *fp, const char *kpi, int interval, utc_us end,
    struct kval *v, size_t n, int64_t top_n)
{
	char	s[UTC_ISO_LEN], e[UTC_ISO_LEN];
	size_t	i;

	qsort(v, n, sizeof *v, kval_cmp);
	utc_format_iso(end - (interval == KPI_INTERVAL_5MIN ? INTERVAL_US : USEC_PER_HOUR), s);
	utc_format_iso(end, e);
	for (i = 0; i < n && (int64_t)i < top_n; i++)
		fprintf(fp, "%s %d %s %s %lld %lld\n", kpi, interval, s, e,
		    (long long)v[i].key, (long long)v[i].value);
}

/* Print the top-N of a period and empty it. */
static void
period_flush(FILE *fp, struct period *p, const struct opts *o, int interval,
    utc_us end)
{
	struct kval	*v;
	size_t		 i, n = 0;
	int64_t		 r;

	v = xreallocarray(NULL, (size_t)(o->services + o->cells + 1), sizeof *v);
	for (r = 0; r < o->services; r++)
		if (p->seen[r]) {
			v[n].key = service_of(r);
			v[n++].value = (int64_t)p->bytes[r];
		}
	print_top(fp, "svc", interval, end, v, n, o->top_n);
	qsort(p->pairs, p->npairs, sizeof *p->pairs, u64_cmp);
	n = 0;
	for (i = 0; i < p->npairs; i++) {
		if (i > 0 && p->pairs[i] == p->pairs[i - 1])
			continue;
		r = (int64_t)(p->pairs[i] >> 32);
		if (n == 0 || v[n - 1].key != cell_of(r)) {
			v[n].key = cell_of(r);
			v[n++].value = 0;
		}
		v[n - 1].value++;
	}
	print_top(fp, "cell", interval, end, v, n, o->top_n);
	free(v);
	p->npairs = 0;
	memset(p->bytes, 0, (size_t)o->services * sizeof *p->bytes);
	memset(p->seen, 0, (size_t)o->services);
}

/* Write one flow file of interval end e; add its rows to the periods. */
static int
write_file(const struct opts *o, utc_us e, int64_t fileno, const double *zu,
    const double *zc, const double *zs, struct period *five,
    struct period *hour)
{
	char		 path[4096], *buf, *p;
	FILE		*fp;
	int64_t		 i, t, svc, cell, user;
	uint64_t	 up, down, ms_start = (uint64_t)((e - INTERVAL_US) / 1000);

	t = (e - 150 * USEC_PER_SEC) / 1000 + (int64_t)rng_below(300000);
	if (snprintf(path, sizeof path, "%s/ipflow_data.ts-%lld.%lld.txt",
	    o->dir, (long long)t, (long long)fileno) >= (int)sizeof path) {
		log_error("%s: path too long", o->dir);
		return -1;
	}
	if ((fp = fopen(path, "w")) == NULL) {
		log_error("%s: cannot create", path);
		return -1;
	}
	buf = xmalloc(OUTBUF + 256);
	p = buf + sprintf(buf, "interval_start_timestamp,interval_end_timestamp,"
	    "msisdn,bytes_uplink,bytes_downlink,service_id,cell_id\n");
	for (i = 0; i < o->rows; i++) {
		user = zipf_draw(zu, o->users);
		cell = zipf_draw(zc, o->cells);
		svc = zipf_draw(zs, o->services);
		up = rng_below((uint64_t)o->bytes_max / 4 + 1);
		down = rng_below((uint64_t)o->bytes_max + 1);
		p = put_u64(p, ms_start);
		*p++ = ',';
		p = put_u64(p, ms_start + 300000);
		*p++ = ',';
		p = put_u64(p, (uint64_t)msisdn_of(user));
		*p++ = ',';
		p = put_u64(p, up);
		*p++ = ',';
		p = put_u64(p, down);
		*p++ = ',';
		p = put_u64(p, (uint64_t)service_of(svc));
		*p++ = ',';
		p = put_u64(p, (uint64_t)cell_of(cell));
		*p++ = '\n';
		if (p - buf >= OUTBUF) {
			fwrite(buf, 1, (size_t)(p - buf), fp);
			p = buf;
		}
		if (five != NULL) {
			period_add(five, svc, cell, user, up + down);
			period_add(hour, svc, cell, user, up + down);
		}
	}
	fwrite(buf, 1, (size_t)(p - buf), fp);
	free(buf);
	if (fclose(fp) != 0) {
		log_error("%s: write error", path);
		return -1;
	}
	return 0;
}

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: netkpi-gen --dir DIR --start TIME [--intervals N] [--files N]\n"
	    "                  [--rows N] [--users N] [--cells N] [--services N]\n"
	    "                  [--seed N] [--skew S] [--bytes-max N] [--top-n N]\n"
	    "                  [--expected FILE]\n"
	    "Writes flow files for N intervals, the first one ending at TIME\n"
	    "(Unix seconds or ISO 8601), with zipf-skewed users, cells and\n"
	    "services; --expected writes the exact top-N of every interval and\n"
	    "of every full hour in the range.\n");
}

static int
int_opt(const char *name, const char *arg, int64_t min, int64_t max,
    int64_t *out)
{
	const char	*why;

	if (num_parse_str(arg, min, max, out, &why) == -1) {
		log_error("--%s %s: %s", name, arg, why);
		return -1;
	}
	return 0;
}

/* --start: a time on a 5-minute boundary. */
static int
start_opt(const char *arg, utc_us *out)
{
	const char	*why;

	if (datetime_parse_now(arg, out, &why) == -1) {
		log_error("--start %s: %s", arg, why);
		return -1;
	}
	if (*out % INTERVAL_US != 0) {
		log_error("--start: not a 5-minute boundary");
		return -1;
	}
	return 0;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "start", required_argument, NULL, 's' },
		{ "intervals", required_argument, NULL, 'i' },
		{ "files", required_argument, NULL, 'f' },
		{ "rows", required_argument, NULL, 'r' },
		{ "users", required_argument, NULL, 'u' },
		{ "cells", required_argument, NULL, 'c' },
		{ "services", required_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 'x' },
		{ "skew", required_argument, NULL, 'k' },
		{ "bytes-max", required_argument, NULL, 'b' },
		{ "top-n", required_argument, NULL, 'n' },
		{ "expected", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t		 skew;
	int		 ch, rc = 0;

	*o = (struct opts){ .intervals = 1, .files = 2, .rows = 1000,
	    .users = 1000, .cells = 50, .services = 10, .seed = 1, .top_n = 3,
	    .bytes_max = 1000000, .skew = 1.0, .start = -1 };
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1 && rc == 0) {
		switch (ch) {
		case 'd': o->dir = optarg; break;
		case 'e': o->expected = optarg; break;
		case 's': rc = start_opt(optarg, &o->start); break;
		case 'i': rc = int_opt("intervals", optarg, 1, 1000000, &o->intervals); break;
		case 'f': rc = int_opt("files", optarg, 0, 10000, &o->files); break;
		case 'r': rc = int_opt("rows", optarg, 0, INT32_MAX, &o->rows); break;
		case 'u': rc = int_opt("users", optarg, 1, 100000000, &o->users); break;
		case 'c': rc = int_opt("cells", optarg, 1, 10000000, &o->cells); break;
		case 'S': rc = int_opt("services", optarg, 1, 1000000, &o->services); break;
		case 'x': rc = int_opt("seed", optarg, 0, INT64_MAX, &o->seed); break;
		case 'n': rc = int_opt("top-n", optarg, 1, 10000, &o->top_n); break;
		case 'b': rc = int_opt("bytes-max", optarg, 0, INT64_MAX / 2, &o->bytes_max); break;
		case 'k':
			if ((rc = int_opt("skew (hundredths)", optarg, 0, 1000, &skew)) == 0)
				o->skew = (double)skew / 100.0;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (rc == 0 && (o->dir == NULL || o->start < 0)) {
		usage(stderr);
		rc = -1;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts	 o;
	struct period	 five, hour;
	FILE		*ex = NULL;
	double		*zu, *zc, *zs;
	int64_t		 i, f;
	utc_us		 e;
	int		 rc = 0;

	log_init("netkpi-gen");
	if (parse_opts(argc, argv, &o) == -1)
		return 2;
	rng_state = (uint64_t)o.seed;
	zu = zipf_cdf(o.users, o.skew);
	zc = zipf_cdf(o.cells, o.skew);
	zs = zipf_cdf(o.services, o.skew);
	memset(&five, 0, sizeof five);
	memset(&hour, 0, sizeof hour);
	five.bytes = xcalloc((size_t)o.services, sizeof *five.bytes);
	hour.bytes = xcalloc((size_t)o.services, sizeof *hour.bytes);
	five.seen = xcalloc((size_t)o.services, 1);
	hour.seen = xcalloc((size_t)o.services, 1);
	if (o.expected != NULL && (ex = fopen(o.expected, "w")) == NULL) {
		log_error("%s: cannot create", o.expected);
		return 1;
	}
	for (i = 0; i < o.intervals && rc == 0; i++) {
		e = o.start + i * INTERVAL_US;
		for (f = 1; f <= o.files && rc == 0; f++)
			rc = write_file(&o, e, f, zu, zc, zs, ex ? &five : NULL,
			    &hour);
		if (ex == NULL)
			continue;
		period_flush(ex, &five, &o, KPI_INTERVAL_5MIN, e);
		if (e % USEC_PER_HOUR == 0) {
			/* Only hours whose every interval was generated. */
			if (e - USEC_PER_HOUR >= o.start - INTERVAL_US)
				period_flush(ex, &hour, &o, KPI_INTERVAL_HOUR, e);
			else {
				hour.npairs = 0;
				memset(hour.bytes, 0, (size_t)o.services *
				    sizeof *hour.bytes);
				memset(hour.seen, 0, (size_t)o.services);
			}
		}
	}
	if (ex != NULL && fclose(ex) != 0)
		rc = -1;
	free(zu);
	free(zc);
	free(zs);
	free(five.pairs);
	free(five.bytes);
	free(hour.pairs);
	free(hour.bytes);
	free(five.seen);
	free(hour.seen);
	return rc == 0 ? 0 : 1;
}
