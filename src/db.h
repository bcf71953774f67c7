/* db.h: MySQL connections and prepared-statement helpers */
#ifndef NETKPI_DB_H
#define NETKPI_DB_H

#include <stddef.h>
#include <stdint.h>

#include <mysql.h>

/* libmysqlclient 8 dropped my_bool for bool; MariaDB's library keeps it. */
#if !defined(MARIADB_PACKAGE_VERSION) && MYSQL_VERSION_ID >= 80001
#include <stdbool.h>
typedef bool my_bool;
#endif

#include "conf.h"
#include "utctime.h"

/* Once per process, before any thread uses the client library. */
int	db_library_init(void);
void	db_library_end(void);
/* Once per thread that uses a connection (and db_thread_end after). */
void	db_thread_init(void);
void	db_thread_end(void);

/*
 * "database 'x' on socket /run/mysqld/mysqld.sock" or
 * "database 'x' at host:port": where a message says we tried.
 * Never includes the password.
 */
const char *db_where(const struct db_params *p, char *buf, size_t len);

/*
 * Connect with session time_zone '+00:00', utf8mb4 and a strict
 * sql_mode; connecting and every later read and write give up after
 * p->timeout seconds (p->timeout 0: no bound but on connecting).  Returns a connection the caller closes with mysql_close,
 * or NULL with a message in err naming the server and database.
 */
MYSQL	*db_connect(const struct db_params *p, char *err, size_t errlen);

/* Run a statement with no parameters and no result set. */
int	db_exec(MYSQL *m, const char *sql, char *err, size_t errlen);

/* Prepare sql; returns a statement the caller closes, or NULL. */
MYSQL_STMT *db_prepare(MYSQL *m, const char *sql, char *err, size_t errlen);
/* The same, with the server's error number in *errnum on failure. */
MYSQL_STMT *db_prepare_err(MYSQL *m, const char *sql, unsigned *errnum,
	    char *err, size_t errlen);
/*
 * What a failed call's error number says of the connection: the
 * client's own errors (2000 and up: lost, timed out) mean it failed;
 * the server's (1000-1999) that the server answered, refusing: for a
 * missing table or grant (DB_FAULT_DENIED), or for another reason.
 */
enum db_fault {
	DB_FAULT_CONNECTION,
	DB_FAULT_DENIED,
	DB_FAULT_SERVER
};
enum db_fault db_fault(unsigned errnum);

/* Bind params (may be NULL) and execute. */
int	db_run(MYSQL_STMT *st, MYSQL_BIND *params, char *err, size_t errlen);
/*
 * Execute st, whose parameters are a range table's period: kpi_id, tier
 * and period_end (as the DELETE of a period's rows of netkpi_totals or
 * netkpi_sketches).
 */
int	db_run_period(MYSQL_STMT *st, int64_t kpi, int64_t tier, utc_us end,
	    char *err, size_t errlen);

/* Fill one MYSQL_BIND; the value must live until execute/fetch. */
void	db_bind_i64(MYSQL_BIND *b, int64_t *v);
void	db_bind_time(MYSQL_BIND *b, MYSQL_TIME *t);
void	db_bind_str(MYSQL_BIND *b, const char *s, unsigned long *len);

void	db_time_set(MYSQL_TIME *t, utc_us us);
utc_us	db_time_get(const MYSQL_TIME *t);

/*
 * Run a prepared query that yields at most one row of one integer or
 * DATETIME column.  *isnull is 1 when there was no row or the value is
 * NULL.
 */
int	db_query_i64(MYSQL *m, const char *sql, MYSQL_BIND *params,
	    int64_t *out, int *isnull, char *err, size_t errlen);
int	db_query_time(MYSQL *m, const char *sql, MYSQL_BIND *params,
	    utc_us *out, int *isnull, char *err, size_t errlen);

/*
 * The named server-wide lock of one database (GET_LOCK, no wait).
 * *got is 1 when this session holds it now.
 */
int	db_lock(MYSQL *m, const char *dbname, int *got, char *err,
	    size_t errlen);

#endif
