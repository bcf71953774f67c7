# tests/fuzz/local.mk: libFuzzer targets (./configure CC=clang --enable-fuzzing)
#
# configure --enable-fuzzing compiles every object of the tree with
# -fsanitize=fuzzer-no-link (coverage for libFuzzer) and ASan + UBSan;
# the targets alone link the libFuzzer runtime.

FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer
FUZZ_INCLUDES = $(AM_CPPFLAGS) -I$(top_srcdir)/fcgi

# What the targets share: fuzz_fail, the temporary file of the inputs.
FUZZ_COMMON = tests/fuzz/fuzz.c tests/fuzz/fuzz.h

FUZZ_TARGETS = tests/fuzz/fuzz_csv tests/fuzz/fuzz_query \
	tests/fuzz/fuzz_datetime tests/fuzz/fuzz_conf tests/fuzz/fuzz_cgi \
	tests/fuzz/fuzz_hll

if FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
endif

# The CSV reader: header, rows, a file read whole and in byte ranges.
tests_fuzz_fuzz_csv_SOURCES = tests/fuzz/fuzz_csv.c $(FUZZ_COMMON)
tests_fuzz_fuzz_csv_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_csv_LDADD = $(INGEST_LIBS)

# The query-string parser of the API.
tests_fuzz_fuzz_query_SOURCES = tests/fuzz/fuzz_query.c $(FUZZ_COMMON)
tests_fuzz_fuzz_query_CPPFLAGS = $(FUZZ_INCLUDES)
tests_fuzz_fuzz_query_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_query_LDADD = fcgi/libapi.a $(NETKPI_LIBS)

# The API's datetime parser (filter values).
tests_fuzz_fuzz_datetime_SOURCES = tests/fuzz/fuzz_datetime.c
tests_fuzz_fuzz_datetime_CPPFLAGS = $(FUZZ_INCLUDES)
tests_fuzz_fuzz_datetime_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_datetime_LDADD = fcgi/libapi.a $(NETKPI_LIBS)

# The config file reader.
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz_conf.c $(FUZZ_COMMON)
tests_fuzz_fuzz_conf_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_conf_LDADD = $(NETKPI_LIBS)

# The stored forms of a sketch (netkpi_sketches.sketch).
tests_fuzz_fuzz_hll_SOURCES = tests/fuzz/fuzz_hll.c $(FUZZ_COMMON)
tests_fuzz_fuzz_hll_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_hll_LDADD = $(NETKPI_LIBS)

# One whole request through netkpi-fcgi's CGI path, database unreachable.
tests_fuzz_fuzz_cgi_SOURCES = tests/fuzz/fuzz_cgi.c
tests_fuzz_fuzz_cgi_CPPFLAGS = $(FUZZ_INCLUDES) $(MYSQL_CFLAGS) \
	$(YAJL_CFLAGS) $(FCGI_CFLAGS)
tests_fuzz_fuzz_cgi_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_cgi_LDADD = $(RESPONDER_LIBS)

# tests/fuzz/run.sh runs every target for a bounded time from a copy of
# its seeds in tests/fuzz/corpus/TARGET/ (tests/run.sh does, in its fuzz
# build); `make fuzz` runs it in this build.
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus

if FUZZING
fuzz: $(FUZZ_TARGETS)
	$(BASH) $(srcdir)/tests/fuzz/run.sh
else
fuzz:
	@echo "make fuzz: this build has no fuzz targets; configure CC=clang --enable-fuzzing" >&2; exit 1
endif
.PHONY: fuzz
