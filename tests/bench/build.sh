# build.sh: what the ingest and expiry benchmarks share (sourced): the
# tree, the build they use (_build/bench unless top_builddir is set), the
# TAP helpers and the private MariaDB

top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${top_builddir:=$top_srcdir/_build/bench}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/mariadb.sh"

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

# bench_db START LINE...: start the database with START (mariadb_start, or
# primary_start for one with a replica), make the input directory $in
# and the configuration $conf ([ingest] input_dir, then the LINEs), and
# migrate with $ingest.
bench_db() {
	"$1" || bail "$1 failed"
	shift
	in=$MDB_DIR/in
	mkdir -p "$in"
	conf=$MDB_DIR/netkpi.conf
	write_conf "$conf" "[ingest]" "input_dir = $in" "$@"
	"$ingest" -c "$conf" --migrate 2>/dev/null || bail "migrate failed"
}

# bench_base REV DIR PROGRAM...: the baseline REV of this repository
# built (optimised, no sanitizers) into DIR from `git archive`, unless
# DIR has every PROGRAM already; exits on a failure.
bench_base() {
	local rev=$1 dir=$2 p missing= src; shift 2
	for p in "$@"; do
		[ -x "$dir/$p" ] || missing=1
	done
	[ -z "$missing" ] && return 0
	src=$dir-src
	echo "building the baseline $rev into $dir"
	rm -rf "$src" && mkdir -p "$src" "$dir" &&
	git -C "$top_srcdir" archive "$rev" | tar -x -C "$src" &&
	(cd "$src" && autoreconf -fi >/dev/null 2>&1) &&
	(cd "$dir" && "$src/configure" -q CFLAGS='-O2 -g' &&
		make -s -j2 "$@") || exit 1
}
