# tests/local.mk: how the tests run, the unit tests' build defaults,
# and the tests of the whole tree

TAP_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
LOG_DRIVER = $(TAP_DRIVER)
TEST_EXTENSIONS = .test
TEST_LOG_DRIVER = $(TAP_DRIVER)
TEST_LOG_COMPILER = $(BASH)

AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	MARIADBD='$(MARIADBD)'; export MARIADBD; \
	MARIADB_INSTALL_DB='$(MARIADB_INSTALL_DB)'; export MARIADB_INSTALL_DB; \
	NGINX='$(NGINX)'; export NGINX; \
	NETKPI_INGEST='$(abs_top_builddir)/netkpi-ingest'; export NETKPI_INGEST; \
	NETKPI_FCGI='$(abs_top_builddir)/netkpi-fcgi'; export NETKPI_FCGI; \
	ASAN_OPTIONS='detect_leaks=1:abort_on_error=1'; export ASAN_OPTIONS; \
	UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1'; export UBSAN_OPTIONS;

BASH = bash

# The TAP helpers every C unit test links.
check_LIBRARIES = tests/unit/libtap.a
tests_unit_libtap_a_SOURCES = tests/unit/tap.c tests/unit/tap.h

# C unit tests: tests/unit/test_NAME.c, built with the defaults below
# (AM_CPPFLAGS, LDADD).  The local.mk of the directory a test tests
# lists it on one line and registers the list:
#   INGEST_UNIT_TESTS = tests/unit/test_csv tests/unit/test_hash ...
#   check_PROGRAMS += $(INGEST_UNIT_TESTS)
#   TESTS += $(INGEST_UNIT_TESTS)
# A directory whose code the tests link adds its library to UNIT_LIBS
# (ingest/local.mk, fcgi/local.mk); a test includes their headers by
# their path from the top ("ingest/csv.h").
UNIT_LIBS =
LDADD = $(UNIT_LIBS) tests/unit/libtap.a $(NETKPI_LIBS)

# `make check-unit`: every C unit test alone (the lists of src/, ingest/
# and fcgi/local.mk), through the same driver and with the same summary
# as `make check`.  Seconds after a build: no database, no server.
UNIT_TESTS = $(SRC_UNIT_TESTS) $(INGEST_UNIT_TESTS) $(API_UNIT_TESTS)
check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(UNIT_TESTS)'
.PHONY: check-unit

# The developer's guide: the build, the tests and how to add one, the
# sanitizer and fuzz builds, the benchmarks, the style (installed in
# $(docdir), and in the tarball).
dist_doc_DATA += deploy/guide/hacking.md

# The flow data generator for the tests, the benchmarks and the quick
# start: built as netkpi-gen in the build directory.
noinst_PROGRAMS += netkpi-gen
netkpi_gen_SOURCES = tests/gen/netkpi-gen.c
netkpi_gen_LDADD = $(NETKPI_LIBS) -lm

# The schema step against a private MariaDB.
TESTS += tests/migrate.test

# The README's SQL users' guide: its queries against known data.
TESTS += tests/sqlguide.test
EXTRA_DIST += tests/sqlguide.test \
	tests/data/sqlguide/ipflow_data.ts-1626567000000.1.txt \
	tests/data/sqlguide/ipflow_data.ts-1626570300000.1.txt \
	tests/data/sqlguide/top-services-day.expected \
	tests/data/sqlguide/top-services-week.expected \
	tests/data/sqlguide/top-services-range.expected \
	tests/data/sqlguide/cell-users-week.expected \
	tests/data/sqlguide/rejected-intervals.expected \
	tests/data/sqlguide/rejected-files.expected \
	tests/data/sqlguide/intervals-per-day.expected \
	tests/data/sqlguide/last-runs.expected \
	tests/data/sqlguide/tier1-cells.expected

# Helpers the shell tests source, and the data they compare with.
EXTRA_DIST += \
	tests/lib/tap.sh \
	tests/lib/mariadb.sh \
	tests/lib/replica.sh \
	tests/data/original-schema.sql \
	tests/data/schema-kpis.expected \
	tests/data/original/ipflow_data.ts-1626566700000.1.txt \
	tests/data/original/ipflow_data.ts-1626566700000.2.txt \
	tests/migrate.test \
	tests/run.sh
