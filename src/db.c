/* db.c: MySQL connection setup and prepared-statement helpers */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"

/*
 * The server's message for error no, with a hint for the errors an
 * operator meets in practice: err gets "MESSAGE (HINT)".
 */
static void
db_error(char *err, size_t errlen, unsigned int no, const char *msg)
{
	const char	*hint = "";

	switch (no) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
		hint = " (the server went away, or did not answer within"
		    " db_timeout)";
		break;
	case ER_RECORD_FILE_FULL:
		hint = " (is the database server's disk full?)";
		break;
	}
	snprintf(err, errlen, "%s%s", msg, hint);
}

enum db_fault
db_fault(unsigned errnum)
{
	if (errnum == ER_NO_SUCH_TABLE || errnum == ER_TABLEACCESS_DENIED_ERROR ||
	    errnum == ER_COLUMNACCESS_DENIED_ERROR)
		return DB_FAULT_DENIED;
	return errnum >= 1000 && errnum < 2000 ? DB_FAULT_SERVER :
	    DB_FAULT_CONNECTION;
}

int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

void
db_library_end(void)
{
	mysql_library_end();
}

void
db_thread_init(void)
{
	mysql_thread_init();
}

void
db_thread_end(void)
{
	mysql_thread_end();
}

const char *
db_where(const struct db_params *p, char *buf, size_t len)
{
	const char	*name = p->name != NULL ? p->name : "";

	if (p->socket != NULL)
		snprintf(buf, len, "database '%s' on socket %s", name, p->socket);
	else
		snprintf(buf, len, "database '%s' at %s:%d", name,
		    p->host != NULL ? p->host : "localhost", p->port);
	return buf;
}

MYSQL *
db_connect(const struct db_params *p, char *err, size_t errlen)
{
	static const char *const setup[] = {
		"SET SESSION time_zone = '+00:00'",
		"SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
	};
	unsigned int	 timeout = p->timeout > 0 ? (unsigned)p->timeout : 10;
	char		 where[512], why[256];
	MYSQL		*m;
	size_t		 i;

	if ((m = mysql_init(NULL)) == NULL) {
		snprintf(err, errlen, "mysql_init failed: out of memory");
		return NULL;
	}
	/*
	 * Every wait is bounded: a server that stops answering (hung, or
	 * a network that drops packets without a reset) fails the call
	 * after timeout seconds instead of blocking the caller for ever.
	 */
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (p->timeout > 0) {
		mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &timeout);
		mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	}
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(m, p->socket != NULL ? "localhost" : p->host,
	    p->user, p->password, p->name, p->socket != NULL ? 0 : (unsigned)p->port,
	    p->socket, 0) == NULL) {
		db_error(why, sizeof why, mysql_errno(m), mysql_error(m));
		snprintf(err, errlen, "cannot connect to %s: %s",
		    db_where(p, where, sizeof where), why);
		mysql_close(m);
		return NULL;
	}
	for (i = 0; i < sizeof setup / sizeof setup[0]; i++) {
		if (db_exec(m, setup[i], why, sizeof why) == -1) {
			snprintf(err, errlen, "%s: %s",
			    db_where(p, where, sizeof where), why);
			mysql_close(m);
			return NULL;
		}
	}
	return m;
}

int
db_exec(MYSQL *m, const char *sql, char *err, size_t errlen)
{
	if (mysql_real_query(m, sql, strlen(sql)) != 0) {
		db_error(err, errlen, mysql_errno(m), mysql_error(m));
		return -1;
	}
	return 0;
}

MYSQL_STMT *
db_prepare_err(MYSQL *m, const char *sql, unsigned *errnum, char *err,
    size_t errlen)
{
	MYSQL_STMT	*st;

	if (errnum != NULL)
		*errnum = 0;
	if ((st = mysql_stmt_init(m)) == NULL) {
		snprintf(err, errlen, "%s", mysql_error(m));
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		if (errnum != NULL)
			*errnum = mysql_stmt_errno(st);
		mysql_stmt_close(st);
		return NULL;
	}
	return st;
}

MYSQL_STMT *
db_prepare(MYSQL *m, const char *sql, char *err, size_t errlen)
{
	return db_prepare_err(m, sql, NULL, err, errlen);
}

int
db_run(MYSQL_STMT *st, MYSQL_BIND *params, char *err, size_t errlen)
{
	if ((params != NULL && mysql_stmt_bind_param(st, params) != 0) ||
	    mysql_stmt_execute(st) != 0) {
		db_error(err, errlen, mysql_stmt_errno(st), mysql_stmt_error(st));
		return -1;
	}
	return 0;
}

int
db_run_period(MYSQL_STMT *st, int64_t kpi, int64_t tier, utc_us end,
    char *err, size_t errlen)
{
	MYSQL_BIND	b[3];
	MYSQL_TIME	t;

	db_time_set(&t, end);
	db_bind_i64(&b[0], &kpi);
	db_bind_i64(&b[1], &tier);
	db_bind_time(&b[2], &t);
	return db_run(st, b, err, errlen);
}

/* b := a bind of type to the n bytes at p. */
static void
bind(MYSQL_BIND *b, enum enum_field_types type, void *p, unsigned long n)
{
	memset(b, 0, sizeof *b);
	b->buffer_type = type;
	b->buffer = p;
	b->buffer_length = n;
}

void
db_bind_i64(MYSQL_BIND *b, int64_t *v)
{
	bind(b, MYSQL_TYPE_LONGLONG, v, sizeof *v);
}

void
db_bind_time(MYSQL_BIND *b, MYSQL_TIME *t)
{
	bind(b, MYSQL_TYPE_DATETIME, t, sizeof *t);
}

void
db_bind_str(MYSQL_BIND *b, const char *s, unsigned long *len)
{
	*len = (unsigned long)strlen(s);
	bind(b, MYSQL_TYPE_STRING, (char *)s, *len);
	b->length = len;
}

void
db_time_set(MYSQL_TIME *t, utc_us us)
{
	struct utc_fields f;

	utc_to_fields(us, &f);
	memset(t, 0, sizeof *t);
	t->year = (unsigned)f.year;
	t->month = (unsigned)f.mon;
	t->day = (unsigned)f.day;
	t->hour = (unsigned)f.hour;
	t->minute = (unsigned)f.min;
	t->second = (unsigned)f.sec;
	t->second_part = (unsigned long)f.usec;
	t->time_type = MYSQL_TIMESTAMP_DATETIME;
}

utc_us
db_time_get(const MYSQL_TIME *t)
{
	struct utc_fields f = {
		(int)t->year, (int)t->month, (int)t->day, (int)t->hour,
		(int)t->minute, (int)t->second, (int)t->second_part
	};
	utc_us	us = 0;

	(void)utc_from_fields(&f, &us);
	return us;
}

/* Execute a one-column query into result (already bound by the caller). */
static int
db_query_one(MYSQL *m, const char *sql, MYSQL_BIND *params,
    MYSQL_BIND *result, int *isnull, char *err, size_t errlen)
{
	MYSQL_STMT	*st;
	my_bool		 null = 1;
	int		 rc = -1, fr;

	if ((st = db_prepare(m, sql, err, errlen)) == NULL)
		return -1;
	result->is_null = &null;
	if (db_run(st, params, err, errlen) == -1)
		goto out;
	if (mysql_stmt_bind_result(st, result) != 0) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		goto out;
	}
	fr = mysql_stmt_fetch(st);
	if (fr == 1) {
		snprintf(err, errlen, "%s", mysql_stmt_error(st));
		goto out;
	}
	*isnull = fr == MYSQL_NO_DATA || null;
	rc = 0;
out:
	mysql_stmt_close(st);
	return rc;
}

int
db_query_i64(MYSQL *m, const char *sql, MYSQL_BIND *params, int64_t *out,
    int *isnull, char *err, size_t errlen)
{
	MYSQL_BIND	res;

	*out = 0;
	db_bind_i64(&res, out);
	return db_query_one(m, sql, params, &res, isnull, err, errlen);
}

int
db_query_time(MYSQL *m, const char *sql, MYSQL_BIND *params, utc_us *out,
    int *isnull, char *err, size_t errlen)
{
	MYSQL_BIND	res;
	MYSQL_TIME	t;

	memset(&t, 0, sizeof t);
	db_bind_time(&res, &t);
	if (db_query_one(m, sql, params, &res, isnull, err, errlen) == -1)
		return -1;
	*out = *isnull ? 0 : db_time_get(&t);
	return 0;
}

int
db_lock(MYSQL *m, const char *dbname, int *got, char *err, size_t errlen)
{
	MYSQL_BIND	p;
	unsigned long	len;
	char		name[128];
	int64_t		v;
	int		isnull;

	/* GET_LOCK names are server-wide: qualify with the database. */
	snprintf(name, sizeof name, "netkpi.%.56s", dbname != NULL ? dbname : "");
	db_bind_str(&p, name, &len);
	if (db_query_i64(m, "SELECT GET_LOCK(?, 0)", &p, &v, &isnull, err,
	    errlen) == -1)
		return -1;
	*got = !isnull && v == 1;
	return 0;
}
