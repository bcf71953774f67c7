#!/bin/bash
# run.sh: on a fresh Debian 12 machine, install what is missing, build,
# and run the whole test suite twice: a plain build, then ASan+UBSan; the
# plain build also runs `make distcheck` (the tarball builds, passes the
# whole suite out of tree, installs and uninstalls cleanly).  A third
# build, with clang and libFuzzer, runs each fuzz target for a bounded
# time (tests/fuzz/run.sh; NETKPI_FUZZ_SECONDS, default 60 each).  A
# fourth, as built against a client library without Connector/C's
# result callback (fcgi/rowbin.h), runs the tests of the KPI answers
# ($fallback_tests): their rows then come through MYSQL_BINDs.
#
#   tests/run.sh            (as root, or with the packages already there)
#                           every build from scratch, as CI runs it
#   tests/run.sh TEST...    the plain build only, and only these tests
#                           (make check TESTS='TEST...')
#   tests/run.sh unit       the plain build only, and only the C unit
#                           tests (make check-unit)
#
# Builds out of tree in _build/plain, _build/sanitize, _build/fuzz and
# _build/fallback.
# The whole run deletes them first and runs autoreconf.  A run of some
# tests (TEST... or unit) reuses _build/plain and builds only what
# changed: autoreconf only when configure is missing or older than
# configure.ac, Makefile.am or a local.mk, configure only when
# _build/plain has no Makefile (after that, make's own rules rerun
# automake, autoconf and config.status when their inputs change).
# A source tree configured in place (./configure ran in it, as "Build
# from source" shows) cannot be built out of tree as well: automake
# refuses, so run.sh first says so and runs `make distclean` in it.
# Prints one closing line "total: N passed, N failed" over all builds (a
# fuzz target counts as one test); exits non-zero when anything failed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

# Debian packages: those of the build and the demo, and for the tests
# systemd (systemd-analyze), groff-base, mandoc and man-db (man page
# lint), spawn-fcgi (the
# responder on standard input), jq (JSON checks), time (peak memory),
# wrk (bursts and restarts under load), for tests/deploy/systemd.test
# debootstrap, systemd-container (systemd-nspawn) and zstd (its cached
# root), clang and its runtimes for the fuzz build (libclang-rt-dev: on
# Debian 12 that is libclang-rt-14-dev, which ships libclang_rt.fuzzer),
# and for the dashboard and metrics tests chromium and chromium-driver
# (headless, WebDriver) and prometheus (Prometheus and promtool).
. "$top/deploy/packages.sh"
packages+=(systemd groff-base mandoc man-db spawn-fcgi jq time wrk debootstrap
	systemd-container zstd clang libclang-rt-dev chromium chromium-driver
	prometheus)
# For `make deb` and tests/deploy/package.test: dpkg-dev, debhelper and
# fakeroot (dpkg-buildpackage), lintian, piuparts.
packages+=(dpkg-dev debhelper fakeroot lintian piuparts)

# build NAME CONFIGURE-FLAGS...: configure, make and make check in
# _build/NAME (the tests: $check).  From scratch unless $reuse is set:
# then an existing build is kept and only configured when it has no
# Makefile.
build() {
	local name=$1; shift
	local dir=$top/_build/$name
	echo "run.sh: === $name build ($*)${reuse:+, reused}"
	[ -n "$reuse" ] || rm -rf "$dir"
	mkdir -p "$dir"
	rm -f "$dir/test-suite.log"
	(cd "$dir" && { [ -f Makefile ] || "$top/configure" -q "$@"; } &&
		make -s -j"$jobs" && make -s -j"$jobs" "${check[@]}") || true
	if [ ! -f "$dir/test-suite.log" ]; then
		echo "run.sh: $name: the build or the test run did not complete" >&2
		failed=$((failed + 1))
		return
	fi
	summarize "$name" "$dir/test-suite.log"
}

# autotools: autoreconf, always when building from scratch, else only
# when configure is missing or older than what it is made of.
autotools() {
	if [ -n "$reuse" ] && [ -f configure ] && [ -z "$(
	    find configure.ac Makefile.am m4 -type f -newer configure
	    find . -path ./_build -prune -o -name local.mk -newer configure -print)" ]; then
		return 0
	fi
	autoreconf -fi
}

# distcheck NAME: make distcheck in the configured _build/NAME; counts as
# one test.
distcheck() {
	local dir=$top/_build/$1
	echo "run.sh: === make distcheck in _build/$1"
	if (cd "$dir" && make -s -j"$jobs" distcheck >"$dir/distcheck.log" 2>&1) &&
	   in_tarball "$dir"; then
		echo "run.sh: distcheck: passed"
		passed=$((passed + 1))
	else
		echo "run.sh: distcheck: FAILED (see _build/$1/distcheck.log)" >&2
		grep -E '^(FAIL|ERROR)|\*\*\*|rror' "$dir/distcheck.log" | head -40 >&2
		failed=$((failed + 1))
	fi
}

# fuzz: the libFuzzer build in _build/fuzz, then every target for a
# bounded time; each target counts as one test.
fuzz() {
	local dir=$top/_build/fuzz p f
	echo "run.sh: === fuzz build (CC=clang --enable-fuzzing --enable-asan --enable-ubsan)"
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! (cd "$dir" && "$top/configure" -q CC=clang --enable-werror \
	    --enable-fuzzing --enable-asan --enable-ubsan && make -s -j"$jobs"); then
		echo "run.sh: fuzz: the build did not complete" >&2
		failed=$((failed + 1))
		return
	fi
	(cd "$dir" && "$top/tests/fuzz/run.sh") | tee "$dir/fuzz.log"
	p=$(sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$dir/fuzz.log")
	f=$(sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$dir/fuzz.log")
	if [ -z "$p" ]; then
		echo "run.sh: fuzz: tests/fuzz/run.sh did not complete" >&2
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# in_tarball DIR: every file git tracks (but .gitignore and .ci/) is in
# the tarball that distcheck left in DIR: tests and their data must be
# in EXTRA_DIST for distcheck to mean anything.
in_tarball() {
	local tarball missing
	git -C "$top" rev-parse --git-dir >/dev/null 2>&1 || return 0
	tarball=$(ls "$1"/netkpi-*.tar.gz 2>/dev/null | head -1)
	[ -n "$tarball" ] || { echo "run.sh: distcheck left no tarball" >&2; return 1; }
	missing=$(comm -23 \
		<(git -C "$top" ls-files | grep -v -e '^\.gitignore$' -e '^\.ci/' | sort) \
		<(tar tzf "$tarball" | sed 's|^[^/]*/||' | sort))
	[ -z "$missing" ] && return 0
	echo "run.sh: tracked files missing from the tarball (add them to EXTRA_DIST):" >&2
	printf '  %s\n' $missing >&2
	return 1
}

# summarize NAME LOG: add the automake summary of LOG to the totals.
summarize() {
	local p f e s
	# (the summary at the top; the failed tests' logs below it may hold
	# lines that look alike)
	p=$(sed -n 's/^# PASS: *//p' "$2" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$2" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$2" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$2" | head -1)
	echo "run.sh: $1: ${p:-0} passed, $(( ${f:-0} + ${e:-0} )) failed, ${s:-0} skipped"
	[ $(( ${f:-0} + ${e:-0} )) -eq 0 ] || sed -n '/^FAIL\|^ERROR/,+0p' "$2" | head -40
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0}))
}

# distclean_in_place: `make distclean` in a source tree configured in
# place, so that configure can build out of tree.
distclean_in_place() {
	[ -f "$top/config.status" ] || return 0
	echo "run.sh: the source tree is configured in place (./configure ran in it);"
	echo "run.sh: building out of tree needs it clean: make distclean there"
	make -s distclean >/dev/null || {
		echo "run.sh: make distclean failed in $top: clean the tree (git clean -xdf) and run me again" >&2
		exit 1
	}
}

# The tests of the KPI answers' rows, for the fallback build.
fallback_tests="tests/fcgi/captures.test tests/fcgi/bigresult.test
	tests/fcgi/csv.test tests/fcgi/idorder.test tests/fcgi/cgi.test
	tests/fcgi/etag.test"

only="$*"
reuse=${only:+yes}
check=(check)
if [ "$only" = unit ]; then
	check=(check-unit)
elif [ -n "$only" ]; then
	check=(check TESTS="$only")
fi
passed=0
failed=0
install_missing run.sh
distclean_in_place
autotools
build plain --enable-werror
if [ -z "$only" ]; then
	distcheck plain
	build sanitize --enable-werror --enable-asan --enable-ubsan
	fuzz
	check=(check TESTS="$(echo $fallback_tests)")
	build fallback --enable-werror ac_cv_have_decl_STMT_ATTR_CB_RESULT=no
fi
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
