/* conf.h: the netkpi.conf file (INI) and its defaults */
#ifndef NETKPI_CONF_H
#define NETKPI_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "kpi.h"
#include "retention.h"

/* How to reach the database; strings owned by the struct that holds it. */
struct db_params {
	char	*name;
	char	*user;
	char	*password;
	char	*host;
	int	 port;
	char	*socket;	/* when set, used instead of host/port */
	int	 timeout;	/* seconds any one wait may take; 0: none */
};

struct conf {
	struct db_params db;		/* [database] */

	char	*ingest_user;		/* [ingest] overrides of db.user */
	char	*ingest_password;
	char	*input_dir;
	int	 top_n;
	int	 delay;			/* seconds */
	int	 ingest_threads;	/* 0: one per core */
	int	 ingest_timeout;	/* database wait bound, seconds */

	char	*api_user;		/* [api] overrides of db.user */
	char	*api_password;
	int	 api_threads;
	int	 api_timeout;		/* database wait bound, seconds */
	int64_t	 api_row_cache;		/* bytes of KPI rows kept in memory */
	int	 backlog;		/* listen queue of --listen sockets */
	int	 api_max_lag;		/* /api/status/: 503 above, seconds */
	int	 listen_mode;
	char	*listen_group;

	kpi_mask kpis;			/* [kpis] extra: the KPIs in effect */

	struct retention retention;	/* [retention] */
};

enum conf_prog { CONF_INGEST, CONF_API };

/* Limits shared by the file and the command-line flags. */
#define CONF_TOP_N_MAX		10000
#define CONF_DELAY_MAX		86400
#define CONF_THREADS_MAX	256
#define CONF_TIMEOUT_MAX	86400
#define CONF_BACKLOG_MAX	65535
#define CONF_MAX_LAG_MAX	31536000

/* Defaults: the API answers 503 quickly, the ingest waits longer. */
#define CONF_INGEST_TIMEOUT	30
#define CONF_API_TIMEOUT	2
#define CONF_BACKLOG		4096
/* KPI rows the responder keeps in memory: 64 MiB, about 900,000 rows. */
#define CONF_ROW_CACHE		((int64_t)64 << 20)
/* Ingest lag that /api/status/ still calls fine: 5-minute timer, delay 150 s. */
#define CONF_MAX_LAG		900

/* Fill in the defaults (see netkpi.conf(5)). */
void	conf_init(struct conf *c);
void	conf_free(struct conf *c);

/*
 * Read path into c (over the defaults).  Returns 0, or -1 with a
 * "file:line: reason" message in err.
 */
int	conf_load(struct conf *c, const char *path, char *err, size_t errlen);

/*
 * The config file to read: explicit (-c) when not NULL, else
 * $NETKPI_CONFIG, else the compiled-in default.
 */
const char *conf_path(const char *explicit_path);

/*
 * The database parameters for one program: [database] with that
 * program's user, password and timeout.  The strings point into c.
 */
void	conf_db_params(const struct conf *c, enum conf_prog prog,
	    struct db_params *out);

/*
 * A numeric command-line flag laid over a config value: when arg is not
 * NULL, parse it within [min, max] into *out.  Returns 0, or -1 with
 * "FLAG ARG: reason" in err.
 */
int	conf_flag_int(const char *flag, const char *arg, int64_t min,
	    int64_t max, int *out, char *err, size_t errlen);

/*
 * Set a string option, replacing (and freeing) the old value; used by
 * command-line flags too.
 */
void	conf_set_str(char **field, const char *value);

#endif
