# fcgi/local.mk: netkpi-fcgi, the FastCGI responder for the API

# The pure parts (no I/O): linked by the program, the unit tests and the
# fuzzers.  (rows.h has MYSQL_TIME, hence the client library's flags.)
noinst_LIBRARIES += fcgi/libapi.a
fcgi_libapi_a_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS)
fcgi_libapi_a_SOURCES = \
	fcgi/cond.c fcgi/cond.h \
	fcgi/csvout.c fcgi/csvout.h \
	fcgi/filter.c fcgi/filter.h \
	fcgi/httpdate.c fcgi/httpdate.h \
	fcgi/httpstatus.c fcgi/httpstatus.h \
	fcgi/metrics.c fcgi/metrics.h \
	fcgi/negotiate.c fcgi/negotiate.h \
	fcgi/query.c fcgi/query.h \
	fcgi/rowbin.c fcgi/rowbin.h \
	fcgi/rows.c fcgi/rows.h \
	fcgi/rowsnap.c fcgi/rowsnap.h \
	fcgi/rowstore.c fcgi/rowstore.h \
	fcgi/rowtext.c fcgi/rowtext.h \
	fcgi/topmerge.c fcgi/topmerge.h \
	fcgi/topquery.c fcgi/topquery.h \
	fcgi/utf8.c fcgi/utf8.h

# The responder: everything but main.c, also linked by the CGI fuzzer.
noinst_LIBRARIES += fcgi/libresponder.a
fcgi_libresponder_a_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) \
	$(YAJL_CFLAGS) $(FCGI_CFLAGS)
fcgi_libresponder_a_SOURCES = \
	fcgi/dbgate.c fcgi/dbgate.h \
	fcgi/json.c fcgi/json.h \
	fcgi/kpidb.c fcgi/kpidb.h \
	fcgi/kpidb_rows.c \
	fcgi/kpidb_status.c fcgi/kpidb_status.h \
	fcgi/kpidb_stmt.c \
	fcgi/kpidb_store.c \
	fcgi/kpidb_version.c \
	fcgi/listen.c fcgi/listen.h \
	fcgi/res_metrics.c \
	fcgi/res_status.c \
	fcgi/reply.c fcgi/reply.h \
	fcgi/request.c fcgi/request.h \
	fcgi/res.h \
	fcgi/res_kpi.c \
	fcgi/res_top.c \
	fcgi/kpidb_top.c fcgi/kpidb_top.h \
	fcgi/res_kpis.c \
	fcgi/res_options.c \
	fcgi/route.c \
	fcgi/server.c fcgi/server.h \
	fcgi/sink.c fcgi/sink.h \
	fcgi/status_retention.c fcgi/status_retention.h
RESPONDER_LIBS = fcgi/libresponder.a fcgi/libapi.a $(NETKPI_LIBS) \
	$(YAJL_LIBS) $(FCGI_LIBS)

sbin_PROGRAMS += netkpi-fcgi
netkpi_fcgi_CPPFLAGS = $(fcgi_libresponder_a_CPPFLAGS)
netkpi_fcgi_SOURCES = fcgi/main.c
netkpi_fcgi_LDADD = $(RESPONDER_LIBS)

# Unit tests of the pure parts, one line each (the defaults of a C unit
# test: tests/local.mk).
UNIT_LIBS += fcgi/libapi.a
API_UNIT_TESTS = \
	tests/unit/test_cond \
	tests/unit/test_csvout \
	tests/unit/test_metrics \
	tests/unit/test_query \
	tests/unit/test_negotiate \
	tests/unit/test_rowbin \
	tests/unit/test_rows \
	tests/unit/test_rowsnap \
	tests/unit/test_rowstore \
	tests/unit/test_rowtext \
	tests/unit/test_topmerge \
	tests/unit/test_topquery
check_PROGRAMS += $(API_UNIT_TESTS)
tests_unit_test_rowbin_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_rows_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_rowsnap_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_rowstore_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_rows_SOURCES = tests/unit/test_rows.c tests/unit/rowtime.h
tests_unit_test_csvout_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_csvout_SOURCES = tests/unit/test_csvout.c tests/unit/rowtime.h
tests_unit_test_rowtext_CPPFLAGS = $(fcgi_libapi_a_CPPFLAGS)
tests_unit_test_rowtext_SOURCES = tests/unit/test_rowtext.c \
	tests/unit/rowtime.h
TESTS += $(API_UNIT_TESTS)

# Integration tests: CGI mode, through nginx, database failures, load,
# restarts.
FCGI_TESTS = tests/fcgi/captures.test tests/fcgi/cgi.test \
	tests/fcgi/nginx.test tests/fcgi/dbdown.test tests/fcgi/hung.test \
	tests/fcgi/bigresult.test tests/fcgi/idorder.test tests/fcgi/burst.test \
	tests/fcgi/restart.test tests/fcgi/replica.test tests/fcgi/etag.test \
	tests/fcgi/fresh.test tests/fcgi/status.test tests/fcgi/csv.test \
	tests/fcgi/top.test tests/fcgi/spans.test \
	tests/fcgi/stall.test tests/fcgi/rowstore.test
TESTS += $(FCGI_TESTS)

# Holds a listening socket and restarts the responder on it, as systemd.
check_PROGRAMS += tests/fcgi/sockhold
tests_fcgi_sockhold_SOURCES = tests/fcgi/sockhold.c
tests_fcgi_sockhold_LDADD =
AM_TESTS_ENVIRONMENT += SOCKHOLD='$(abs_top_builddir)/tests/fcgi/sockhold'; \
	export SOCKHOLD;

EXTRA_DIST += $(FCGI_TESTS) tests/fcgi/lib.sh tests/fcgi/mix.lua \
	tests/fcgi/cgi.data \
	tests/fcgi/csvjson.py tests/fcgi/stallproxy.py \
	tests/bench/api.sh tests/bench/uncached.sh tests/bench/apidata.sh \
	tests/bench/top.sh tests/bench/fcgiget.py tests/bench/vary.lua \
	deploy/nginx/netkpi.conf \
	tests/data/api

