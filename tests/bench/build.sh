# build.sh: the build a benchmark uses (sourced after setting
# top_srcdir and top_builddir)

# bench_build PROGRAM...: build (without sanitizers) into $top_builddir
# unless every PROGRAM is there already; exits on a failure.
bench_build() {
	local p missing=
	for p in "$@"; do
		[ -x "$top_builddir/$p" ] || missing=1
	done
	[ -z "$missing" ] && return 0
	echo "building into $top_builddir"
	[ -x "$top_srcdir/configure" ] || (cd "$top_srcdir" && autoreconf -fi) || exit 1
	mkdir -p "$top_builddir"
	(cd "$top_builddir" && "$top_srcdir/configure" -q &&
		make -s -j"$(nproc)" "$@") || exit 1
}
