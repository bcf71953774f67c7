# fcgi/local.mk: netkpi-fcgi, the FastCGI responder for the API

# The pure parts (no I/O): linked by the program, the unit tests and the fuzzer.
noinst_LIBRARIES += fcgi/libapi.a
fcgi_libapi_a_SOURCES = \
	fcgi/datetime.c fcgi/datetime.h \
	fcgi/negotiate.c fcgi/negotiate.h \
	fcgi/query.c fcgi/query.h

sbin_PROGRAMS += netkpi-fcgi
netkpi_fcgi_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(YAJL_CFLAGS) \
	$(FCGI_CFLAGS)
netkpi_fcgi_SOURCES = \
	fcgi/kpidb.c fcgi/kpidb.h \
	fcgi/listen.c fcgi/listen.h \
	fcgi/main.c \
	fcgi/kpidb_status.c fcgi/kpidb_status.h \
	fcgi/metrics.c fcgi/metrics.h \
	fcgi/res_metrics.c \
	fcgi/res_status.c \
	fcgi/reply.c fcgi/reply.h \
	fcgi/request.c fcgi/request.h \
	fcgi/res.h \
	fcgi/res_kpi.c \
	fcgi/res_kpis.c \
	fcgi/route.c \
	fcgi/server.c fcgi/server.h
netkpi_fcgi_LDADD = fcgi/libapi.a $(NETKPI_LIBS) $(YAJL_LIBS) $(FCGI_LIBS)

# Unit tests of the pure parts.
API_UNIT_LDADD = fcgi/libapi.a $(UNIT_LDADD)
API_UNIT_CPPFLAGS = $(UNIT_CPPFLAGS) -I$(top_srcdir)/fcgi
check_PROGRAMS += tests/unit/test_query tests/unit/test_datetime \
	tests/unit/test_negotiate
tests_unit_test_query_CPPFLAGS = $(API_UNIT_CPPFLAGS)
tests_unit_test_query_LDADD = $(API_UNIT_LDADD)
tests_unit_test_datetime_CPPFLAGS = $(API_UNIT_CPPFLAGS)
tests_unit_test_datetime_LDADD = $(API_UNIT_LDADD)
tests_unit_test_negotiate_CPPFLAGS = $(API_UNIT_CPPFLAGS)
tests_unit_test_negotiate_LDADD = $(API_UNIT_LDADD)
TESTS += tests/unit/test_query tests/unit/test_datetime \
	tests/unit/test_negotiate

# The per-thread request counters, counted by threads and read at once.
check_PROGRAMS += tests/unit/test_metrics
tests_unit_test_metrics_SOURCES = tests/unit/test_metrics.c fcgi/metrics.c \
	fcgi/metrics.h
tests_unit_test_metrics_CPPFLAGS = $(API_UNIT_CPPFLAGS)
tests_unit_test_metrics_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_metrics

# Integration tests: CGI mode, through nginx, database failures, load,
# restarts.
FCGI_TESTS = \
	tests/fcgi/captures.test \
	tests/fcgi/cgi.test \
	tests/fcgi/nginx.test \
	tests/fcgi/dbdown.test \
	tests/fcgi/hung.test \
	tests/fcgi/bigresult.test \
	tests/fcgi/burst.test \
	tests/fcgi/restart.test \
	tests/fcgi/status.test
TESTS += $(FCGI_TESTS)

# Holds a listening socket and restarts the responder on it, as systemd.
check_PROGRAMS += tests/fcgi/sockhold
tests_fcgi_sockhold_SOURCES = tests/fcgi/sockhold.c
AM_TESTS_ENVIRONMENT += SOCKHOLD='$(abs_top_builddir)/tests/fcgi/sockhold'; \
	export SOCKHOLD;

EXTRA_DIST += $(FCGI_TESTS) tests/fcgi/lib.sh tests/fcgi/mix.lua \
	tests/bench/api.sh \
	deploy/nginx/netkpi.conf tests/fuzz/fuzz_query.c \
	tests/data/api

# libFuzzer target for the query-string parser (not part of make check).
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_query
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c
tests_fuzz_fuzz_query_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/fcgi
tests_fuzz_fuzz_query_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_query_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_query_LDADD = fcgi/libapi.a src/libnetkpi.a
endif
