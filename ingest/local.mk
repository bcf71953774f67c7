# ingest/local.mk: netkpi-ingest, the timer-driven KPI writer
sbin_PROGRAMS += netkpi-ingest
netkpi_ingest_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(ZLIB_CFLAGS) \
	$(YAJL_CFLAGS)
netkpi_ingest_SOURCES = \
	ingest/main.c \
	ingest/pass.c ingest/pass.h \
	ingest/plan.c ingest/plan.h \
	ingest/state.c ingest/state.h \
	ingest/store.c ingest/store.h
netkpi_ingest_LDADD = $(NETKPI_LIBS) $(YAJL_LIBS)

# The flow data generator for the tests and the benchmark.
noinst_PROGRAMS += netkpi-gen
netkpi_gen_SOURCES = tools/netkpi-gen.c
netkpi_gen_LDADD = $(NETKPI_LIBS) -lm
