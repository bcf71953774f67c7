# ingest/local.mk: netkpi-ingest, the timer-driven KPI writer
sbin_PROGRAMS += netkpi-ingest
netkpi_ingest_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(ZLIB_CFLAGS) \
	$(YAJL_CFLAGS)
netkpi_ingest_SOURCES = \
	ingest/main.c \
	ingest/pass.c ingest/pass.h \
	ingest/plan.c ingest/plan.h \
	ingest/runs.c ingest/runs.h \
	ingest/state.c ingest/state.h \
	ingest/store.c ingest/store.h
netkpi_ingest_LDADD = $(NETKPI_LIBS) $(YAJL_LIBS)

# The flow data generator for the tests and the benchmark.
noinst_PROGRAMS += netkpi-gen
netkpi_gen_SOURCES = tools/netkpi-gen.c
netkpi_gen_LDADD = $(NETKPI_LIBS) -lm

# Unit tests of the flow-file code (no server needed).
check_PROGRAMS += tests/unit/test_csv tests/unit/test_flowname \
	tests/unit/test_topn
tests_unit_test_csv_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_csv_LDADD = $(UNIT_LDADD)
tests_unit_test_flowname_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_flowname_LDADD = $(UNIT_LDADD)
tests_unit_test_topn_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_topn_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_csv tests/unit/test_flowname tests/unit/test_topn

# Integration tests against a private MariaDB.
INGEST_TESTS = tests/ingest/original.test tests/ingest/day.test \
	tests/ingest/late.test tests/ingest/input.test tests/ingest/origdb.test \
	tests/ingest/crash.test tests/ingest/dbdown.test tests/ingest/logs.test \
	tests/ingest/hung.test tests/ingest/dbkill.test \
	tests/ingest/unreadable.test tests/ingest/diskfull.test
TESTS += $(INGEST_TESTS)
EXTRA_DIST += tests/ingest/lib.sh tests/data/original/ipflow_data.ts-1626566700000.1.txt \
	tests/data/original/ipflow_data.ts-1626566700000.2.txt
EXTRA_DIST += $(INGEST_TESTS) tests/bench/ingest.sh

