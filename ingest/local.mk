# ingest/local.mk: netkpi-ingest, the timer-driven KPI writer
sbin_PROGRAMS += netkpi-ingest
netkpi_ingest_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(ZLIB_CFLAGS)
netkpi_ingest_SOURCES = \
	ingest/main.c
netkpi_ingest_LDADD = $(NETKPI_LIBS)
