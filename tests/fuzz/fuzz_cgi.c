/* fuzz_cgi.c: libFuzzer target for one whole API request (CGI variables in, response out) */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <yajl/yajl_parse.h>

#include "db.h"
#include "kpidb.h"
#include "request.h"
#include "res.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is the request's environment as FastCGI hands it over and
 * as a CGI gets it: "NAME=value" entries separated by NUL bytes, e.g.
 *
 *   REQUEST_METHOD=GET\0REQUEST_URI=/api/KPIs/1/?interval=1\0
 *   QUERY_STRING=interval=1\0HTTP_ACCEPT=application/json; indent=4
 *
 * (SCRIPT_NAME and PATH_INFO when there is no REQUEST_URI).  It goes
 * through request_init and route_dispatch as server_cgi (server.c)
 * runs them, against a database that cannot be reached: a socket path
 * that cannot exist, so KPI requests answer 503 at once, without
 * network.  The response (stdout) and the log lines (stderr) go to
 * memory and are checked: a CGI response with a known status, a body
 * of valid JSON that matches Content-Length, one log line per event.
 * No descriptor may be left open after a request.
 */
#define ENV_MAX		64
#define NO_SOCKET	"/dev/null/netkpi-fuzz.sock"

static char		 dbname[] = "netkpi", dbuser[] = "netkpi_api";
static char		 dbsocket[] = NO_SOCKET;
static struct db_params	 params;
static int		 free_fd;	/* the lowest free descriptor */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (db_library_init() == -1) {
		fprintf(stderr, "fuzz_cgi: cannot initialise the MySQL library\n");
		exit(1);
	}
	params.name = dbname;
	params.user = dbuser;
	params.socket = dbsocket;
	params.timeout = 1;
	if ((free_fd = open("/dev/null", O_RDONLY)) == -1) {
		perror("fuzz_cgi: /dev/null");
		exit(1);
	}
	close(free_fd);
	return 0;
}

static _Noreturn void
fail(const char *what, const char *out, size_t len)
{
	fprintf(stderr, "fuzz_cgi: %s\n--- response:\n%.*s\n---\n", what,
	    (int)(len > 4096 ? 4096 : len), out != NULL ? out : "");
	abort();
}

/*
 * No socket or file may stay open after a request.  The lowest free
 * descriptor was free_fd; when a new one is taken, it must be a pipe
 * of the sanitizers' symbolizer (libFuzzer prints new functions with
 * their names), which then stays.
 */
static void
check_fds(void)
{
	struct stat	 st;
	char		 link[64], target[256];
	ssize_t		 n;
	int		 probe, fd;

	if ((probe = open("/dev/null", O_RDONLY)) == free_fd) {
		close(probe);
		return;
	}
	for (fd = free_fd; fd < probe; fd++) {
		if (fstat(fd, &st) == -1 || S_ISFIFO(st.st_mode))
			continue;
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		if ((n = readlink(link, target, sizeof target - 1)) < 0)
			n = 0;
		target[n] = '\0';
		fprintf(stderr, "fuzz_cgi: descriptor %d (%s) left open by the"
		    " request\n", fd, target);
		abort();
	}
	close(probe);
	free_fd = probe;
}

/* Split data into envp (entries point into buf, a NUL-terminated copy). */
static void
make_env(const uint8_t *data, size_t size, char *buf, char **envp)
{
	size_t	i, n = 0;
	char	*p = buf;

	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && n < ENV_MAX; i++) {
		if (i == size || buf[i] == '\0') {
			if (&buf[i] > p)
				envp[n++] = p;
			p = &buf[i + 1];
		}
	}
	envp[n] = NULL;
}

static int
valid_json(const char *s, size_t len)
{
	yajl_handle	h = yajl_alloc(NULL, NULL, NULL);
	int		ok;

	ok = yajl_parse(h, (const unsigned char *)s, len) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok;
}

/* The value of header name (with ": ") in head[0..len), or NULL. */
static const char *
header(const char *head, size_t len, const char *name, size_t *vlen)
{
	const char	*p = head, *end = head + len, *eol;
	size_t		 n = strlen(name);

	for (; p < end; p = eol + 2) {
		eol = memchr(p, '\r', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - p) > n + 2 && memcmp(p, name, n) == 0 &&
		    p[n] == ':' && p[n + 1] == ' ') {
			*vlen = (size_t)(eol - p) - n - 2;
			return p + n + 2;
		}
	}
	return NULL;
}

/* /metrics: Prometheus' text format, and its 405 in text (res_metrics.c). */
#define METRICS_TYPE	"text/plain; version=0.0.4; charset=utf-8"

/* 1 when the n bytes at p are printable ASCII. */
static int
printable(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e)
			return 0;
	return 1;
}

/* 1 when the body is one line of printable ASCII and its newline. */
static int
text_line(const char *body, size_t len)
{
	return len >= 2 && body[len - 1] == '\n' && printable(body, len - 1);
}

/*
 * 1 when the body is lines of the text format that name only netkpi_
 * metrics: "# HELP netkpi_...", "# TYPE netkpi_..." or "netkpi_... value",
 * each ended by a newline, printable ASCII.
 */
static int
metrics_text(const char *body, size_t len)
{
	const char	*p = body, *end = body + len, *eol;

	if (len == 0)
		return 0;
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    !printable(p, (size_t)(eol - p)))
			return 0;
		if ((size_t)(eol - p) > 14 &&
		    (memcmp(p, "# HELP netkpi_", 14) == 0 ||
		    memcmp(p, "# TYPE netkpi_", 14) == 0))
			continue;
		if ((size_t)(eol - p) < 9 || memcmp(p, "netkpi_", 7) != 0 ||
		    memchr(p, ' ', (size_t)(eol - p)) == NULL)
			return 0;
	}
	return 1;
}

static void
check_response(const char *out, size_t len, int head)
{
	const char	*sep, *body, *v, *p, *eol;
	size_t		 hlen, blen, vlen;
	long		 status, clen;
	char		 num[24];
	int		 metrics = 0;

	if (len < 12 || memcmp(out, "Status: ", 8) != 0)
		fail("no Status line", out, len);
	status = strtol(out + 8, NULL, 10);
	if (status != 200 && status != 301 && status != 400 && status != 404 &&
	    status != 405 && status != 406 && status != 414 && status != 503)
		fail("an unexpected status", out, len);
	if ((sep = memmem(out, len, "\r\n\r\n", 4)) == NULL)
		fail("no end of the headers", out, len);
	hlen = (size_t)(sep - out) + 2;
	body = sep + 4;
	blen = len - (size_t)(body - out);
	for (p = out; p < out + hlen; p = eol + 2) {
		eol = memchr(p, '\r', (size_t)(out + hlen - p));
		if (eol == NULL || eol[1] != '\n')
			fail("a header line not ended by CRLF", out, len);
		for (; p < eol; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				fail("a header with a control character", out,
				    len);
	}
	if (status == 301) {
		if (header(out, hlen, "Location", &vlen) == NULL || blen != 0)
			fail("a redirect without Location, or with a body",
			    out, len);
		return;
	}
	if ((v = header(out, hlen, "Content-Type", &vlen)) != NULL &&
	    vlen == sizeof METRICS_TYPE - 1 &&
	    memcmp(v, METRICS_TYPE, vlen) == 0)
		metrics = 1;
	else if (v == NULL || vlen != 16 ||
	    memcmp(v, "application/json", 16) != 0)
		fail("neither application/json nor the metrics' text", out,
		    len);
	if (head) {
		if (blen != 0)
			fail("a body in the answer to HEAD", out, len);
		return;
	}
	if ((v = header(out, hlen, "Content-Length", &vlen)) != NULL) {
		if (vlen >= sizeof num)
			fail("a Content-Length too long", out, len);
		memcpy(num, v, vlen);
		num[vlen] = '\0';
		clen = strtol(num, NULL, 10);
		if (clen < 0 || (size_t)clen != blen)
			fail("Content-Length is not the body's length", out, len);
	}
	if (metrics && status == 405) {
		if (!text_line(body, blen))
			fail("a 405 of /metrics that is not one line", out,
			    len);
	} else if (metrics) {
		if (!metrics_text(body, blen))
			fail("metrics that are not netkpi_ lines", out, len);
	} else if (memchr(body, '\0', blen) != NULL ||
	    !valid_json(body, blen))
		fail("a body that is not valid JSON", out, len);
}

/* Each log line: "prog: level: text\n", no other control character. */
static void
check_log(const char *log, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)log[i];

		if ((c < 0x20 && c != '\n') || c == 0x7f)
			fail("a log line with a control character", log, len);
	}
	if (len > 0 && log[len - 1] != '\n')
		fail("a log line without its newline", log, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request	 r;
	struct kpidb	 db;
	char		*buf, *envp[ENV_MAX + 1], *out = NULL, *log = NULL;
	size_t		 outlen = 0, loglen = 0;
	FILE		*saved_out = stdout, *saved_err = stderr, *fo, *fe;
	int		 head;

	buf = malloc(size + 1);
	if (buf == NULL)
		return 0;
	make_env(data, size, buf, envp);
	if ((fo = open_memstream(&out, &outlen)) == NULL ||
	    (fe = open_memstream(&log, &loglen)) == NULL)
		fail("open_memstream", NULL, 0);

	/* server_cgi, with the response and the log in memory (glibc). */
	stdout = fo;
	stderr = fe;
	kpidb_init(&db, &params, kpi_default_mask(), NULL);
	request_init(&r, envp, NULL, &db);
	head = r.head;
	route_dispatch(&r);
	request_free(&r);
	kpidb_close(&db);
	stdout = saved_out;
	stderr = saved_err;
	fclose(fo);
	fclose(fe);

	check_response(out, outlen, head);
	check_log(log, loglen);
	check_fds();
	free(out);
	free(log);
	free(buf);
	return 0;
}
