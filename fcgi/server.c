/* server.c: worker threads around FCGX_Accept_r, graceful stop, CGI mode */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>

#include "db.h"
#include "kpidb.h"
#include "log.h"
#include "request.h"
#include "res.h"
#include "server.h"
#include "xmalloc.h"

extern char **environ;

struct worker {
	pthread_t		 tid;
	int			 listen_fd;
	const struct db_params	*p;
	atomic_int		 idle;		/* waiting in FCGX_Accept_r */
	atomic_int		 done;
	int			 started;
};

/* Set once by the main thread when SIGTERM arrives; read by workers. */
static atomic_int stopping;

static void
wake(int sig)
{
	(void)sig;
}

static void
pause_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
serve_one(FCGX_Request *req, struct kpidb *db)
{
	struct request	r;

	request_init(&r, req->envp, req->out, db);
	sink_direct(&r.out, req->ipcFd, req->requestId);
	route_dispatch(&r);
	request_free(&r);
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct kpidb	 db;
	FCGX_Request	 req;
	sigset_t	 set;
	int		 rc;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	db_thread_init();
	kpidb_init(&db, w->p);
	FCGX_InitRequest(&req, w->listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	while (!atomic_load(&stopping)) {
		atomic_store(&w->idle, 1);
		rc = FCGX_Accept_r(&req);
		atomic_store(&w->idle, 0);
		if (rc < 0) {
			if (atomic_load(&stopping))
				break;
			if (rc != -EINTR) {
				log_warn("accept: %s", strerror(-rc));
				pause_ms(100);
			}
			continue;
		}
		serve_one(&req, &db);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	kpidb_close(&db);
	db_thread_end();
	atomic_store(&w->done, 1);
	return NULL;
}

/* Wake the idle workers until every one has left its loop. */
static void
stop_workers(struct worker *w, int n)
{
	int	i, left;

	FCGX_ShutdownPending();
	atomic_store(&stopping, 1);
	do {
		left = 0;
		for (i = 0; i < n; i++) {
			if (!w[i].started || atomic_load(&w[i].done))
				continue;
			left++;
			if (atomic_load(&w[i].idle))
				pthread_kill(w[i].tid, SIGUSR1);
		}
		if (left > 0)
			pause_ms(20);
	} while (left > 0);
	for (i = 0; i < n; i++)
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
}

int
server_run(int listen_fd, int nthreads, const struct db_params *p)
{
	struct sigaction sa;
	struct worker	*w;
	sigset_t	 set;
	int		 i, sig, started = 0, rc = -1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = wake;		/* no SA_RESTART: accept returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	w = xcalloc((size_t)nthreads, sizeof *w);
	for (i = 0; i < nthreads; i++) {
		w[i].listen_fd = listen_fd;
		w[i].p = p;
		if ((errno = pthread_create(&w[i].tid, NULL, worker_main,
		    &w[i])) != 0) {
			log_error("cannot start a thread: %s", strerror(errno));
			break;
		}
		w[i].started = 1;
		started++;
	}
	if (started > 0) {
		log_info("serving with %d threads", started);
		sigdelset(&set, SIGUSR1);
		sigwait(&set, &sig);
		log_info("%s: finishing the requests in flight",
		    sig == SIGTERM ? "SIGTERM" : "SIGINT");
		rc = 0;
	}
	stop_workers(w, nthreads);
	free(w);
	return rc;
}

int
server_cgi(const struct db_params *p)
{
	struct request	r;
	struct kpidb	db;

	kpidb_init(&db, p);
	request_init(&r, environ, NULL, &db);
	route_dispatch(&r);
	request_free(&r);
	kpidb_close(&db);
	return fflush(stdout) == 0 ? 0 : -1;
}
