/* listen.c: the listening socket: made by --listen, or handed over */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen.h"
#include "log.h"
#include "num.h"
#include "xmalloc.h"

/* HOST:PORT, :PORT, [V6]:PORT: TCP; anything else is a unix socket path. */
static int
is_tcp(const char *spec)
{
	return spec[0] != '/' && spec[0] != '.' && strchr(spec, ':') != NULL;
}

/* Workers poll and accept on it; a new process must not inherit it. */
static int
prepare_fd(int fd)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		log_error("listening socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Split "HOST:PORT" / "[V6]:PORT" into host (NULL: any) and port. */
static int
split_hostport(const char *spec, char *host, size_t hostlen, const char **port)
{
	const char	*colon, *h = spec;
	size_t		 n;

	if ((colon = strrchr(spec, ':')) == NULL)
		return -1;
	n = (size_t)(colon - spec);
	if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (n >= hostlen)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	*port = colon + 1;
	return 0;
}

static int
open_tcp(struct listener *l, const char *spec, int backlog)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	const char	*port, *why;
	char		 host[256];
	int64_t		 pn;
	int		 fd = -1, one = 1, rc;

	if (split_hostport(spec, host, sizeof host, &port) == -1 ||
	    num_parse_str(port, 1, 65535, &pn, &why) == -1) {
		log_error("--listen %s: expected HOST:PORT with a port of"
		    " 1 to 65535", spec);
		return -1;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(*host != '\0' ? host : NULL, port, &hints,
	    &res)) != 0) {
		log_error("--listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1)
			continue;
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, backlog) == 0)
			break;
		rc = errno;
		close(fd);
		fd = -1;
		errno = rc;
	}
	if (fd == -1)
		log_error("--listen %s: cannot listen: %s", spec, strerror(errno));
	freeaddrinfo(res);
	l->fd = fd;
	return fd == -1 ? -1 : 0;
}

/* The configured mode and group on the socket file at path. */
static int
set_owner(const char *path, const struct conf *c)
{
	struct group	*gr;

	if (chmod(path, (mode_t)c->listen_mode) == -1) {
		log_error("%s: chmod: %s", path, strerror(errno));
		return -1;
	}
	if (c->listen_group == NULL)
		return 0;
	if ((gr = getgrnam(c->listen_group)) == NULL) {
		log_error("listen_group %s: no such group", c->listen_group);
		return -1;
	}
	if (chown(path, (uid_t)-1, gr->gr_gid) == -1) {
		log_error("%s: chown to group %s: %s", path, c->listen_group,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind and listen at tmp, then rename it over path. */
static int
open_unix(struct listener *l, const char *path, const struct conf *c)
{
	struct sockaddr_un sa;
	struct stat	 st;
	char		 tmp[sizeof sa.sun_path];
	mode_t		 old;
	int		 n, fd;

	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		log_error("--listen %s: exists and is not a socket", path);
		return -1;
	}
	n = snprintf(tmp, sizeof tmp, "%s.%ld.new", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp) {
		log_error("--listen %s: path too long for a unix socket", path);
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, tmp, (size_t)n + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		log_error("--listen %s: socket: %s", path, strerror(errno));
		return -1;
	}
	(void)unlink(tmp);
	old = umask(0177);
	n = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (n == -1 || listen(fd, c->backlog) == -1) {
		log_error("--listen %s: cannot listen: %s", path, strerror(errno));
		goto fail;
	}
	if (set_owner(tmp, c) == -1)
		goto fail;
	if (rename(tmp, path) == -1 || lstat(path, &st) == -1) {
		log_error("--listen %s: %s", path, strerror(errno));
		goto fail;
	}
	l->fd = fd;
	l->path = xstrdup(path);
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	return 0;
fail:
	(void)unlink(tmp);
	close(fd);
	return -1;
}

int
listener_open(struct listener *l, const char *spec, const struct conf *c)
{
	int	rc;

	memset(l, 0, sizeof *l);
	l->fd = -1;
	l->drain = 1;
	rc = is_tcp(spec) ? open_tcp(l, spec, c->backlog) :
	    open_unix(l, spec, c);
	if (rc == 0 && (rc = prepare_fd(l->fd)) == -1)
		listener_close(l);
	return rc;
}

int
listener_inherit(struct listener *l)
{
	const char	*fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	const char	*why;
	int64_t		 n, lp;
	socklen_t	 len = sizeof(int);
	int		 acc = 0;

	memset(l, 0, sizeof *l);
	l->fd = -1;
	if (fds != NULL && pid != NULL &&
	    num_parse_str(fds, 1, 1, &n, &why) == 0 &&
	    num_parse_str(pid, 1, INT32_MAX, &lp, &why) == 0 &&
	    lp == (int64_t)getpid())
		l->fd = 3;
	else if (getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == 0 &&
	    acc)
		l->fd = 0;
	else
		return 1;
	return prepare_fd(l->fd);
}

void
listener_unlink(struct listener *l)
{
	struct stat	st;

	if (l->path == NULL)
		return;
	/* A process started after us may own the path now: leave it. */
	if (lstat(l->path, &st) == 0 && st.st_dev == l->dev &&
	    st.st_ino == l->ino)
		(void)unlink(l->path);
	free(l->path);
	l->path = NULL;
}

void
listener_close(struct listener *l)
{
	listener_unlink(l);
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
