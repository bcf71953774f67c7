/* server.c: worker threads: accept, serve, stop without losing a request */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "db.h"
#include "kpidb.h"
#include "log.h"
#include "metrics.h"
#include "request.h"
#include "res.h"
#include "rowstore.h"
#include "server.h"
#include "xmalloc.h"

extern char **environ;

/*
 * Seconds a connection may keep a worker waiting for its request, and
 * for room to write the answer (nginx's fastcgi_send_timeout and
 * fastcgi_read_timeout of the site are 60 s).
 */
#define READ_TIMEOUT	10
#define WRITE_TIMEOUT	60

/*
 * What the workers share.  Each worker accepts for itself: poll on the
 * listening socket and the stop pipe, then a non-blocking accept.  No
 * signal ever interrupts a worker, so a request that was accepted is
 * always read and answered; stopping only keeps workers from accepting
 * more, and what waits in the listen queue stays there for the next
 * process (systemd and spawn-fcgi hold the socket) unless the socket is
 * our own, which is then drained first.
 */
struct server {
	const struct listener	*l;
	const struct db_params	*p;
	kpi_mask		 kpis;		/* the KPIs in effect */
	struct dbgate		 gate;
	struct rowstore		*store;		/* or NULL */
	int			 stop[2];	/* readable once stopping */
	atomic_int		 stopping;
};

struct worker {
	pthread_t	 tid;
	struct server	*s;
	int		 started;
};

static void
pause_ms(long ms)
{
	struct timespec	ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * The next connection to serve, or -1 once the server stops (for a
 * listener of our own: once its queue is empty too).
 */
static int
next_connection(struct server *s)
{
	struct pollfd	pfd[2];
	int		fd;

	for (;;) {
		if (atomic_load(&s->stopping) && !s->l->drain)
			return -1;
		if ((fd = accept4(s->l->fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
			return fd;
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			/* Out of descriptors or memory: let some go first. */
			log_warn("accept: %s", strerror(errno));
			pause_ms(200);
			continue;
		}
		if (atomic_load(&s->stopping))
			return -1;
		pfd[0].fd = s->l->fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = s->stop[0];
		pfd[1].events = POLLIN;
		(void)poll(pfd, 2, -1);
	}
}

/* Answer the request read into req; *status: the status answered. */
static int
serve_request(FCGX_Request *req, struct kpidb *db, int *status)
{
	struct request	r;
	int		aborted;

	request_init(&r, req->envp, req->out, db);
	sink_direct(&r.out, req->ipcFd, req->requestId);
	route_dispatch(&r);
	aborted = r.out.aborted;
	*status = r.out.status;
	request_free(&r);
	return aborted;
}

/*
 * Read one request from connection fd with libfcgi and answer it.
 * libfcgi reads from req->ipcFd instead of accepting when it is set
 * and the (empty) previous request keeps its connection; listen_sock
 * -1 makes it give up instead of accepting after a bad request.
 */
static void
serve_connection(int fd, FCGX_Request *req, struct kpidb *db)
{
	struct timeval	rtv = { READ_TIMEOUT, 0 }, wtv = { WRITE_TIMEOUT, 0 };
	double		t0 = utc_mono();
	int		status = 0;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rtv, sizeof rtv);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wtv, sizeof wtv);
	FCGX_InitRequest(req, -1, 0);
	req->ipcFd = fd;
	req->keepConnection = 1;
	if (FCGX_Accept_r(req) < 0) {
		log_debug("a connection without a valid FastCGI request");
		goto out;
	}
	/*
	 * A cut-short answer: shut the connection so that FastCGI's end of
	 * request never arrives and the web server reports the failure.
	 */
	if (serve_request(req, db, &status))
		(void)shutdown(req->ipcFd, SHUT_RDWR);
	FCGX_Finish_r(req);
	metrics_record(status, utc_mono() - t0);
out:
	/* One request per connection (the nginx site keeps none open). */
	if (req->ipcFd >= 0)
		FCGX_Free(req, 1);
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct kpidb	 db;
	FCGX_Request	 req;
	int		 fd;

	db_thread_init();
	kpidb_init(&db, w->s->p, w->s->kpis, &w->s->gate);
	db.store = w->s->store;
	while ((fd = next_connection(w->s)) >= 0)
		serve_connection(fd, &req, &db);
	kpidb_close(&db);
	db_thread_end();
	return NULL;
}

/* Stop accepting, then wait for the requests in flight. */
static void
stop_workers(struct server *s, struct worker *w, int n)
{
	int	i;

	atomic_store(&s->stopping, 1);
	if (write(s->stop[1], "x", 1) == -1)
		log_warn("stop pipe: %s", strerror(errno));
	for (i = 0; i < n; i++)
		if (w[i].started)
			pthread_join(w[i].tid, NULL);
}

/* Wait for SIGTERM or SIGINT (blocked in every thread). */
static void
wait_for_stop(const sigset_t *set)
{
	int	sig;

	while (sigwait(set, &sig) != 0)
		;
	log_info("%s: finishing the requests in flight",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
}

int
server_run(struct listener *l, int nthreads, const struct db_params *p,
    kpi_mask kpis, int64_t row_cache)
{
	struct server	 s;
	struct worker	*w;
	sigset_t	 set;
	int		 i, started = 0;

	memset(&s, 0, sizeof s);
	s.l = l;
	s.p = p;
	s.kpis = kpis;
	if (pipe(s.stop) == -1) {
		log_error("pipe: %s", strerror(errno));
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	s.store = rowstore_new(row_cache);
	w = xcalloc((size_t)nthreads, sizeof *w);
	for (i = 0; i < nthreads; i++) {
		w[i].s = &s;
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
		wait_for_stop(&set);
		/* Our own unix socket: no new connections from now on. */
		listener_unlink(l);
	}
	stop_workers(&s, w, nthreads);
	rowstore_free(s.store);
	free(w);
	close(s.stop[0]);
	close(s.stop[1]);
	return started > 0 ? 0 : -1;
}

int
server_cgi(const struct db_params *p, kpi_mask kpis)
{
	struct request	r;
	struct kpidb	db;
	int		aborted;

	kpidb_init(&db, p, kpis, NULL);
	request_init(&r, environ, NULL, &db);
	route_dispatch(&r);
	aborted = r.out.aborted;
	request_free(&r);
	kpidb_close(&db);
	return fflush(stdout) == 0 && !aborted ? 0 : -1;
}
