# src/local.mk: libnetkpi, the core library linked into both programs
noinst_LIBRARIES += src/libnetkpi.a
src_libnetkpi_a_CPPFLAGS = $(AM_CPPFLAGS) $(MYSQL_CFLAGS) $(ZLIB_CFLAGS)
src_libnetkpi_a_SOURCES = \
	src/buf.c src/buf.h \
	src/conf.c src/conf.h \
	src/db.c src/db.h \
	src/kpi.c src/kpi.h \
	src/log.c src/log.h \
	src/num.c src/num.h \
	src/schema.c src/schema.h \
	src/text.c src/text.h \
	src/utctime.c src/utctime.h \
	src/xmalloc.c src/xmalloc.h

# What a program that links libnetkpi needs.
NETKPI_LIBS = src/libnetkpi.a $(MYSQL_LIBS) $(ZLIB_LIBS)

# Flow files: names, directory listing, CSV reading, aggregation, top-N.
src_libnetkpi_a_SOURCES += \
	src/agg.c src/agg.h \
	src/csv.c src/csv.h \
	src/dirscan.c src/dirscan.h \
	src/flowname.c src/flowname.h \
	src/flowread.c src/flowread.h \
	src/topn.c src/topn.h
