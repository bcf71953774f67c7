#!/bin/bash
# run.sh: on a fresh Debian 12 machine, install what is missing, build,
# and run the whole test suite twice: a plain build, then ASan+UBSan.
#
#   tests/run.sh            (as root, or with the packages already there)
#
# Builds out of tree in _build/plain and _build/sanitize.  Prints one
# closing line "N passed, N failed" over both builds; exits non-zero
# when anything failed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

# Debian packages the build and the tests need.
packages=(
	build-essential autoconf automake pkg-config
	libfcgi-dev libyajl-dev libmariadb-dev zlib1g-dev
	mariadb-server mariadb-client nginx curl
	spawn-fcgi jq time
)

install_missing() {
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "run.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "run.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# build NAME CONFIGURE-FLAGS...: configure, make and make check in _build/NAME.
build() {
	local name=$1; shift
	local dir=$top/_build/$name
	echo "run.sh: === $name build ($*)"
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs" &&
		make -s -j"$jobs" check) || true
	if [ ! -f "$dir/test-suite.log" ]; then
		echo "run.sh: $name: the build or the test run did not complete" >&2
		failed=$((failed + 1))
		return
	fi
	summarize "$name" "$dir/test-suite.log"
}

# summarize NAME LOG: add the automake summary of LOG to the totals.
summarize() {
	local p f e
	p=$(sed -n 's/^# PASS: *//p' "$2")
	f=$(sed -n 's/^# FAIL: *//p' "$2")
	e=$(sed -n 's/^# ERROR: *//p' "$2")
	echo "run.sh: $1: ${p:-0} passed, $(( ${f:-0} + ${e:-0} )) failed"
	[ $(( ${f:-0} + ${e:-0} )) -eq 0 ] || sed -n '/^FAIL\|^ERROR/,+0p' "$2" | head -40
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0}))
}

passed=0
failed=0
install_missing
autoreconf -fi
build plain --enable-werror
build sanitize --enable-werror --enable-asan --enable-ubsan
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
