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
