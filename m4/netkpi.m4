# netkpi.m4: configure helpers for netkpi

# NETKPI_CHECK_CFLAG(FLAG, VAR): append FLAG to VAR when the compiler takes it.
AC_DEFUN([NETKPI_CHECK_CFLAG], [
	AC_MSG_CHECKING([whether $CC accepts $1])
	netkpi_save_CFLAGS=$CFLAGS
	CFLAGS="$CFLAGS -Werror $1"
	AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
		[AC_MSG_RESULT([yes]); $2="$$2 $1"],
		[AC_MSG_RESULT([no])])
	CFLAGS=$netkpi_save_CFLAGS
])

# NETKPI_SEARCH_LIB(VAR, HEADER, FUNCTION, LIBRARY, DEBIAN-PACKAGE):
# find a library without a pkg-config file; set VAR_CFLAGS and VAR_LIBS,
# or stop with an error that names the package to install.
AC_DEFUN([NETKPI_SEARCH_LIB], [
	AC_CHECK_HEADER([$2], [],
		[AC_MSG_ERROR([$2 not found: install $5])])
	netkpi_save_LIBS=$LIBS
	LIBS=
	AC_SEARCH_LIBS([$3], [$4], [],
		[AC_MSG_ERROR([lib$4 not found: install $5])])
	$1_LIBS=$LIBS
	$1_CFLAGS=
	LIBS=$netkpi_save_LIBS
	AC_SUBST([$1_CFLAGS])
	AC_SUBST([$1_LIBS])
])

# NETKPI_CHECK_FUZZER: stop unless $CC instruments code for libFuzzer
# (-fsanitize=fuzzer-no-link) and links libFuzzer targets
# (-fsanitize=fuzzer); only clang does, and its libFuzzer runtime is a
# package of its own on Debian.
AC_DEFUN([NETKPI_CHECK_FUZZER], [
	netkpi_save_CFLAGS=$CFLAGS
	netkpi_save_LDFLAGS=$LDFLAGS
	AC_MSG_CHECKING([whether $CC instruments code for libFuzzer])
	CFLAGS="$CFLAGS -fsanitize=fuzzer-no-link"
	LDFLAGS="$LDFLAGS -fsanitize=fuzzer-no-link"
	AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])],
		[netkpi_fuzz_cc=yes], [netkpi_fuzz_cc=no])
	AC_MSG_RESULT([$netkpi_fuzz_cc])
	AS_IF([test "x$netkpi_fuzz_cc" = xyes], [
		AC_MSG_CHECKING([whether $CC links libFuzzer targets])
		LDFLAGS="$netkpi_save_LDFLAGS -fsanitize=fuzzer"
		AC_LINK_IFELSE([AC_LANG_SOURCE([[
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return size > 0 && data[0] == 'x';
}
]])], [netkpi_fuzz_rt=yes], [netkpi_fuzz_rt=no])
		AC_MSG_RESULT([$netkpi_fuzz_rt])])
	CFLAGS=$netkpi_save_CFLAGS
	LDFLAGS=$netkpi_save_LDFLAGS
	AS_IF([test "x$netkpi_fuzz_cc" != xyes],
		[AC_MSG_ERROR([--enable-fuzzing needs clang: $CC cannot build with -fsanitize=fuzzer-no-link; install the Debian package clang and run ./configure CC=clang --enable-fuzzing])])
	AS_IF([test "x$netkpi_fuzz_rt" != xyes],
		[AC_MSG_ERROR([--enable-fuzzing: $CC cannot link with -fsanitize=fuzzer, the libFuzzer runtime (libclang_rt.fuzzer) is missing; install the Debian package of the runtime of that clang (libclang-rt-14-dev on Debian 12)])])
])
