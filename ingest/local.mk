# ingest/local.mk: netkpi-ingest, the timer-driven KPI writer

# All of it but main.c, in a library that the unit tests and the fuzzer
# link too.
noinst_LIBRARIES += ingest/libingest.a
ingest_libingest_a_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(ZLIB_CFLAGS) \
	$(YAJL_CFLAGS)
ingest_libingest_a_SOURCES = \
	ingest/agg.c ingest/agg.h ingest/agg_ops.h ingest/agg_distinct.c \
	ingest/agg_sum.c ingest/csv.c ingest/csv.h ingest/csv_fast.c \
	ingest/dbwrite.c ingest/delim.h \
	ingest/dirscan.c ingest/dirscan.h ingest/dryrun.c ingest/fanout.c \
	ingest/fanout.h ingest/jsonline.c \
	ingest/jsonline.h \
	ingest/flowname.c ingest/flowname.h ingest/flowread.c \
	ingest/flowread.h ingest/hash.c ingest/hash.h ingest/hour.c \
	ingest/hour.h ingest/pass.c ingest/pass.h ingest/plan.c \
	ingest/plan.h ingest/rollup.c ingest/rollup.h ingest/runs.c \
	ingest/runs.h ingest/sketchb.c ingest/sketchb.h ingest/sketchenc.c \
	ingest/sketchenc.h ingest/sketchw.c \
	ingest/sketchw.h ingest/sketchio.c ingest/sketchio.h \
	ingest/sketchspan.c ingest/sketchspan.h ingest/state.c \
	ingest/state.h ingest/stmts.c ingest/stmts.h ingest/store.h \
	ingest/topn.c ingest/topn.h
# Retention: what a run deletes after it writes
ingest_libingest_a_SOURCES += ingest/expire.c ingest/expire.h \
	ingest/expire_files.c ingest/expire_range.c ingest/expire_rows.c \
	ingest/expire_tx.c
INGEST_LIBS = ingest/libingest.a $(NETKPI_LIBS) $(ZLIB_LIBS) $(YAJL_LIBS)

sbin_PROGRAMS += netkpi-ingest
netkpi_ingest_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS)
netkpi_ingest_SOURCES = ingest/main.c
netkpi_ingest_LDADD = $(INGEST_LIBS)

# Unit tests of the flow-file code (no server needed); their build
# defaults are in tests/local.mk.
UNIT_LIBS += ingest/libingest.a $(ZLIB_LIBS) $(YAJL_LIBS)
INGEST_UNIT_TESTS = tests/unit/test_csv tests/unit/test_csvfast \
	tests/unit/test_flowname tests/unit/test_hash tests/unit/test_plan tests/unit/test_topn \
	tests/unit/test_fanout tests/unit/test_sketchenc
check_PROGRAMS += $(INGEST_UNIT_TESTS)
# plan.h has the database state (state.h), hence the client library's flags.
tests_unit_test_plan_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS)
TESTS += $(INGEST_UNIT_TESTS)

# Integration tests against a private MariaDB.
INGEST_TESTS = tests/ingest/original.test tests/ingest/day.test \
	tests/ingest/late.test tests/ingest/input.test tests/ingest/origdb.test \
	tests/ingest/crash.test tests/ingest/dbdown.test tests/ingest/logs.test \
	tests/ingest/hung.test tests/ingest/dbkill.test \
	tests/ingest/unreadable.test tests/ingest/diskfull.test \
	tests/ingest/kpi3.test tests/ingest/grants.test \
	tests/ingest/sketch-dense.test tests/ingest/sketch-runs.test \
	tests/ingest/sizes.test
# Retention (ingest/expire*.c)
INGEST_TESTS += tests/ingest/expire.test tests/ingest/expire-size.test \
	tests/ingest/expire-kill.test tests/ingest/expire-replica.test \
	tests/ingest/expire-top.test
TESTS += $(INGEST_TESTS)
EXTRA_DIST += $(INGEST_TESTS) tests/ingest/lib.sh tests/bench/ingest.sh \
	tests/bench/expire.sh tests/bench/build.sh tests/bench/catchup.sh \
	tests/ingest/expire-lib.sh

