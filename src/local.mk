# src/local.mk: libnetkpi, what netkpi-ingest and netkpi-fcgi share
noinst_LIBRARIES += src/libnetkpi.a
src_libnetkpi_a_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS)
src_libnetkpi_a_SOURCES = \
	src/buf.c src/buf.h src/cmdline.c src/cmdline.h src/conf.c \
	src/conf.h src/datetime.c src/datetime.h src/db.c src/db.h \
	src/grants.c src/grants.h src/hll.c src/hll.h src/hll_dense.c src/hll_rice.c src/hllset.c \
	src/hllset.h src/kpi.c src/kpi.h src/log.c \
	src/log.h src/num.c src/num.h src/range.c src/range.h \
	src/scan.c src/scan.h src/schema.c \
	src/schema.h src/schema_check.c src/tables.c src/tables.h \
	src/text.c src/text.h src/utctime.c src/utctime.h src/wqueue.c \
	src/wqueue.h src/xmalloc.c src/xmalloc.h
# [retention] (netkpi.conf(5)) and the columns it adds
src_libnetkpi_a_SOURCES += src/retention.c src/retention.h \
	src/retention_schema.c src/retention_schema.h

# What a program that links libnetkpi needs.
NETKPI_LIBS = src/libnetkpi.a $(MYSQL_LIBS) -lm

# Unit tests (their build defaults are in tests/local.mk).
SRC_UNIT_TESTS = tests/unit/test_conf tests/unit/test_datetime tests/unit/test_hll tests/unit/test_hllset tests/unit/test_kpi tests/unit/test_log tests/unit/test_num tests/unit/test_retention tests/unit/test_text tests/unit/test_time tests/unit/test_wqueue
check_PROGRAMS += $(SRC_UNIT_TESTS)
TESTS += $(SRC_UNIT_TESTS)
tests_unit_test_hll_SOURCES = tests/unit/test_hll.c tests/unit/hllsame.h
tests_unit_test_hllset_SOURCES = tests/unit/test_hllset.c tests/unit/hllsame.h
