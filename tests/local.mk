# tests/local.mk: unit tests (C, TAP) and integration tests (shell, TAP)

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
tests_unit_libtap_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_libtap_a_SOURCES = tests/unit/tap.c tests/unit/tap.h

UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(MYSQL_CFLAGS)
UNIT_LDADD = tests/unit/libtap.a $(NETKPI_LIBS)

check_PROGRAMS += tests/unit/test_num tests/unit/test_time tests/unit/test_conf
tests_unit_test_num_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_num_LDADD = $(UNIT_LDADD)
tests_unit_test_time_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_time_LDADD = $(UNIT_LDADD)
tests_unit_test_conf_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_conf_LDADD = $(UNIT_LDADD)

TESTS += tests/unit/test_num tests/unit/test_time tests/unit/test_conf

# Shell integration tests against a private MariaDB.
TESTS += tests/migrate.test

# The README's SQL users' guide: its queries against known data.
TESTS += tests/sqlguide.test
EXTRA_DIST += tests/sqlguide.test \
	tests/data/sqlguide/ipflow_data.ts-1626567000000.1.txt \
	tests/data/sqlguide/ipflow_data.ts-1626570300000.1.txt \
	tests/data/sqlguide/top-services-day.expected \
	tests/data/sqlguide/cell-users-week.expected \
	tests/data/sqlguide/rejected-intervals.expected \
	tests/data/sqlguide/rejected-files.expected \
	tests/data/sqlguide/intervals-per-day.expected \
	tests/data/sqlguide/last-runs.expected

# Helpers the shell tests source, and the data they compare with.
EXTRA_DIST += \
	tests/lib/tap.sh \
	tests/lib/mariadb.sh \
	tests/data/original-schema.sql \
	tests/data/schema-kpis.expected \
	tests/migrate.test \
	tests/run.sh
