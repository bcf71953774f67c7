/* sockhold.c: hold a listening socket and (re)start a responder on it, as systemd does */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * usage: sockhold [--stdin] PATH -- COMMAND [ARG...]
 *
 * Makes a unix socket at PATH (backlog 4096, mode 0666) and keeps it
 * for its whole life.  Runs COMMAND with the socket as fd 3 and
 * LISTEN_FDS=1, LISTEN_PID (socket activation), or with --stdin as
 * standard input (StandardInput=socket, spawn-fcgi).  SIGHUP restarts
 * COMMAND the way `systemctl restart` does: SIGTERM, wait for it to
 * exit, start it again, while the socket goes on queueing
 * connections.  SIGTERM or SIGINT stops COMMAND and exits with its
 * status.  One line on stderr per start and stop.
 */

static int
listen_at(const char *path)
{
	struct sockaddr_un sa;
	int		 fd;

	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "sockhold: %s: path too long\n", path);
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	(void)unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    chmod(path, 0666) == -1 || listen(fd, 4096) == -1) {
		fprintf(stderr, "sockhold: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return fd;
}

static pid_t
start(int fd, int on_stdin, char **argv, const sigset_t *old)
{
	char	num[32];
	pid_t	pid;

	if ((pid = fork()) != 0) {
		if (pid > 0)
			fprintf(stderr, "sockhold: started %ld\n", (long)pid);
		return pid;
	}
	sigprocmask(SIG_SETMASK, old, NULL);
	if (dup2(fd, on_stdin ? 0 : 3) == -1)
		_exit(127);
	if (!on_stdin) {
		snprintf(num, sizeof num, "%ld", (long)getpid());
		setenv("LISTEN_PID", num, 1);
		setenv("LISTEN_FDS", "1", 1);
	}
	if (fd != 0 && fd != 3)
		close(fd);
	execvp(argv[0], argv);
	fprintf(stderr, "sockhold: %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* SIGTERM the child and wait; returns its wait status. */
static int
stop(pid_t pid)
{
	int	status = 0;

	kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	fprintf(stderr, "sockhold: %ld exited with %d\n", (long)pid,
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return status;
}

int
main(int argc, char **argv)
{
	sigset_t	set, old;
	pid_t		pid;
	int		fd, sig, on_stdin = 0, status = 0, i = 1;

	if (i < argc && strcmp(argv[i], "--stdin") == 0) {
		on_stdin = 1;
		i++;
	}
	if (argc - i < 3 || strcmp(argv[i + 1], "--") != 0) {
		fprintf(stderr, "usage: sockhold [--stdin] PATH -- COMMAND"
		    " [ARG...]\n");
		return 2;
	}
	if ((fd = listen_at(argv[i])) == -1)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	if ((pid = start(fd, on_stdin, argv + i + 2, &old)) == -1)
		return 1;
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			stop(pid);
			if ((pid = start(fd, on_stdin, argv + i + 2, &old)) == -1)
				return 1;
		} else if (sig == SIGCHLD) {
			if (waitpid(pid, &status, WNOHANG) == pid) {
				fprintf(stderr, "sockhold: %ld died\n", (long)pid);
				return 1;
			}
		} else
			break;
	}
	status = stop(pid);
	unlink(argv[i]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
