/* csv_fast.c: the flow reader's fast path for plain rows, straight from the buffer */
#include "config.h"

#include "csv.h"
#include "delim.h"
#include "num.h"

/* Per role: the most digits and the largest value num_scan takes. */
static const struct {
	int	digits;
	int64_t	max;
} limit[] = {
	[COL_MSISDN] = { 15, CSV_MSISDN_MAX },
	[COL_UP] = { 18, INT64_MAX },
	[COL_DOWN] = { 18, INT64_MAX },
	[COL_SERVICE] = { 18, INT32_MAX },
	[COL_CELL] = { 18, INT32_MAX },
};

const char *
csv_fast_row(const struct csv_cols *cols, const char *p, struct flow_row *row)
{
	int64_t		v[COL_CELL + 1] = { 0 };
	size_t		i, last = cols->nfields - 1;
	enum csv_role	r;

	for (i = 0; i <= last; i++, p++) {
		if ((r = cols->role[i]) == COL_OTHER) {
			if (*(p = delim_next(p)) == '"')
				return NULL;
		} else {
			p = num_scan(p, limit[r].digits, limit[r].max, &v[r]);
			if (p == NULL)
				return NULL;
			if (i == last && p[0] == '\r' && p[1] == '\n')
				p++;
		}
		if (*p != (i == last ? '\n' : ','))
			return NULL;
	}
	if (v[COL_UP] > INT64_MAX - v[COL_DOWN])
		return NULL;
	row->msisdn = (uint64_t)v[COL_MSISDN];
	row->bytes = (uint64_t)(v[COL_UP] + v[COL_DOWN]);
	row->service = (uint32_t)v[COL_SERVICE];
	row->cell = (uint32_t)v[COL_CELL];
	return p - 1;
}
