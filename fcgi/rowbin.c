/* rowbin.c: KPI rows decoded straight from the binary protocol's row */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "rowbin.h"

/*
 * Little-endian integers of the binary protocol, of fixed sizes (the
 * compiler makes each one load).
 */
static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/*
 * A DATE, DATETIME or TIMESTAMP: a length (0, 4, 7 or 11), then the
 * year (2 bytes), month, day, hour, minute, second and microseconds
 * (4 bytes), each part present when the length reaches it.
 */
static const unsigned char *
get_time(const unsigned char *p, struct row_time *t)
{
	unsigned	len = p[0];

	memset(t, 0, sizeof *t);
	if (len >= 4) {
		t->year = le16(p + 1);
		t->month = p[3];
		t->day = p[4];
	}
	if (len >= 7) {
		t->hour = p[5];
		t->minute = p[6];
		t->second = p[7];
	}
	if (len >= 11)
		t->usec = le32(p + 8) % 1000000;
	return p + 1 + len;
}

/* An integer column of kind k at p into *v; returns what follows it. */
static const unsigned char *
get_int(const unsigned char *p, enum rowbin_kind k, int64_t *v)
{
	switch (k) {
	case ROWBIN_I8:
		*v = (int8_t)p[0];
		return p + 1;
	case ROWBIN_U8:
		*v = p[0];
		return p + 1;
	case ROWBIN_I16:
		*v = (int16_t)le16(p);
		return p + 2;
	case ROWBIN_U16:
		*v = le16(p);
		return p + 2;
	case ROWBIN_I32:
		*v = (int32_t)le32(p);
		return p + 4;
	case ROWBIN_U32:
		*v = le32(p);
		return p + 4;
	default:
		*v = (int64_t)le64(p);
		return p + 8;
	}
}

void
rowbin_column(void *arg, unsigned int i, unsigned char **row)
{
	struct rowbin	*b = arg;
	struct kpi_row	*r = b->out;
	const unsigned char *p;
	int64_t		 v;

	b->decoded++;
	if (row == NULL || i >= b->ncols) {
		b->bad = 1;
		return;
	}
	p = *row;
	if (b->kind[i] == ROWBIN_TIME) {
		p = get_time(p, b->role[i] == ROWBIN_START ? &r->start :
		    &r->end);
	} else {
		p = get_int(p, b->kind[i], &v);
		if (b->role[i] == ROWBIN_ID)
			r->id = v;
		else if (b->role[i] == ROWBIN_INTERVAL)
			r->interval = (int32_t)v;
		else if (b->role[i] == ROWBIN_KEY)
			r->key = v;
		else
			r->value = v;
	}
	*row = (unsigned char *)(uintptr_t)p;
}

/* The kind of a column of type f, or -1 when it is not decoded here. */
static int
kind_of(const MYSQL_FIELD *f)
{
	int	u = (f->flags & UNSIGNED_FLAG) != 0;

	switch (f->type) {
	case MYSQL_TYPE_TINY:
		return u ? ROWBIN_U8 : ROWBIN_I8;
	case MYSQL_TYPE_SHORT:
	case MYSQL_TYPE_YEAR:
		return u ? ROWBIN_U16 : ROWBIN_I16;
	case MYSQL_TYPE_LONG:
	case MYSQL_TYPE_INT24:
		return u ? ROWBIN_U32 : ROWBIN_I32;
	case MYSQL_TYPE_LONGLONG:
		return ROWBIN_I64;
	case MYSQL_TYPE_DATE:
	case MYSQL_TYPE_DATETIME:
	case MYSQL_TYPE_TIMESTAMP:
		return ROWBIN_TIME;
	default:
		return -1;
	}
}

#if HAVE_DECL_STMT_ATTR_CB_RESULT && HAVE_DECL_MARIADB_STMT_FETCH_FIELDS
int
rowbin_attach(struct rowbin *b, MYSQL_STMT *st, const enum rowbin_role *role,
    unsigned n, struct kpi_row *out)
{
	const MYSQL_FIELD *f = mariadb_stmt_fetch_fields(st);
	ps_result_callback cb = rowbin_column;
	const void	*cbp;
	unsigned	 i;
	int		 k, is_time;

	if (f == NULL || n > ROWBIN_MAX || mysql_stmt_field_count(st) != n)
		return -1;
	for (i = 0; i < n; i++) {
		if ((k = kind_of(&f[i])) == -1)
			return -1;
		is_time = role[i] == ROWBIN_START || role[i] == ROWBIN_END;
		if (is_time != (k == ROWBIN_TIME))
			return -1;
		b->kind[i] = (unsigned char)k;
		b->role[i] = (unsigned char)role[i];
	}
	b->ncols = n;
	b->out = out;
	/* The library takes the function as a const void *. */
	_Static_assert(sizeof cb == sizeof cbp, "a function pointer fits");
	memcpy(&cbp, &cb, sizeof cbp);
	if (mysql_stmt_attr_set(st, STMT_ATTR_CB_USER_DATA, b) != 0 ||
	    mysql_stmt_attr_set(st, STMT_ATTR_CB_RESULT, cbp) != 0)
		return -1;
	return 0;
}
#else
int
rowbin_attach(struct rowbin *b, MYSQL_STMT *st, const enum rowbin_role *role,
    unsigned n, struct kpi_row *out)
{
	(void)b;
	(void)st;
	(void)role;
	(void)n;
	(void)out;
	(void)kind_of;
	return -1;
}
#endif

void
rowbin_begin(struct rowbin *b)
{
	b->decoded = 0;
	b->bad = 0;
}

int
rowbin_end(const struct rowbin *b)
{
	if (b->decoded == 0)
		return 0;
	return b->bad || b->decoded != b->ncols ? -1 : 1;
}
