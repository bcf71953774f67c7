/* listen.h: the listening socket the responder serves, and how it lets go */
#ifndef NETKPI_LISTEN_H
#define NETKPI_LISTEN_H

#include <sys/types.h>

#include "conf.h"

/*
 * A listening socket.  One made by --listen belongs to this process:
 * on stopping, the process accepts what is queued on it before it
 * closes it (drain), since nobody else would.  One handed over by
 * systemd or spawn-fcgi stays with its holder, whose queue the next
 * process serves: it is not drained.
 */
struct listener {
	int	 fd;
	int	 drain;		/* ours: serve the queue before exiting */
	char	*path;		/* unix socket made by --listen, or NULL */
	dev_t	 dev;		/* the path's file, to remove only our own */
	ino_t	 ino;
};

/*
 * --listen spec: "HOST:PORT", ":PORT", "[V6]:PORT" (TCP) or the path of
 * a unix socket, made with the configured backlog, mode and group.  A
 * unix socket is bound under a temporary name and renamed over spec, so
 * that a new process takes the path over from a running one atomically
 * (start the new one, then stop the old: no request is refused).
 * Returns 0, or -1 after logging why.
 */
int	listener_open(struct listener *l, const char *spec, const struct conf *c);

/*
 * The socket systemd (LISTEN_FDS=1) or spawn-fcgi (standard input)
 * handed over.  Returns 0; 1 when there is none (CGI, a terminal); -1
 * on an error (logged).
 */
int	listener_inherit(struct listener *l);

/* Stop new connections reaching a --listen unix socket: unlink its path
 * when it is still ours.  Queued connections can still be accepted. */
void	listener_unlink(struct listener *l);

void	listener_close(struct listener *l);

#endif
