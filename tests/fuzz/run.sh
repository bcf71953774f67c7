#!/bin/bash
# run.sh: run each libFuzzer target for a bounded time from a copy of its
# committed seed corpus; a crash, a leak, a timeout or running out of
# memory fails the target.
#
#   cd BUILDDIR && SRCDIR/tests/fuzz/run.sh [TARGET...]
#
# BUILDDIR is a build configured with CC=clang --enable-fuzzing (and
# made); TARGET is csv, query, datetime, conf, cgi or hll (default: all).
# NETKPI_FUZZ_SECONDS (default 60) bounds each target.  Work goes to
# BUILDDIR/tests/fuzz/run/TARGET/: the corpus as it grew, the log, and
# the input of a failure (crash-*, leak-*, timeout-*, oom-*).  Prints
# each target's final cov/ft/exec/s and a closing "fuzz: N passed,
# N failed"; exits non-zero when a target failed.
set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=$(pwd)
seconds=${NETKPI_FUZZ_SECONDS:-60}
targets=(${@:-csv query datetime conf cgi hll})

# Memory: the process as a whole (ASan's quarantine of freed memory
# included, up to 256 MB by default) and any one allocation.
rss_limit_mb=1024
malloc_limit_mb=64

# Leaks are errors, the first error stops; options from the caller's
# environment come after ours, and win.
export ASAN_OPTIONS=detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}

# Longest input per target: over the limits the parsers enforce.
max_len() {
	case $1 in
	query|cgi) echo 8192 ;;		# QUERY_MAX_LEN is 4096
	datetime) echo 256 ;;
	*) echo 4096 ;;
	esac
}

# figures LOG: "cov: N ft: N exec/s: N" of the last status line of LOG.
figures() {
	grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$1" |
		tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+).*(exec\/s: [0-9]+).*/\1 \2/'
}

# fuzz TARGET: run one target; returns non-zero when it failed.
fuzz() {
	local t=$1 bin=$builddir/tests/fuzz/fuzz_$1 seeds=$srcdir/tests/fuzz/corpus/$1
	local work=$builddir/tests/fuzz/run/$1 rc runs rss

	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		echo "fuzz: $t: FAILED (no $bin or no $seeds: configure CC=clang --enable-fuzzing, make)"
		return 1
	fi
	rm -rf "$work"
	mkdir -p "$work/corpus" "$work/tmp"
	cp "$seeds"/* "$work/corpus/"
	TMPDIR=$work/tmp "$bin" -max_total_time="$seconds" \
	    -rss_limit_mb=$rss_limit_mb -malloc_limit_mb=$malloc_limit_mb \
	    -timeout=10 -detect_leaks=1 -max_len="$(max_len "$t")" \
	    -print_final_stats=1 -artifact_prefix="$work/" \
	    "$work/corpus" >"$work/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/log")
	if [ $rc -eq 0 ] && grep -q '^Done [0-9]* runs' "$work/log"; then
		echo "fuzz: $t: passed: $(figures "$work/log"), ${runs:-?} runs, peak RSS ${rss:-?} MB"
		return 0
	fi
	echo "fuzz: $t: FAILED (exit $rc; log $work/log): $(figures "$work/log")"
	grep -E '^(==[0-9]+== ?ERROR|SUMMARY|fuzz_[a-z]+:)|runtime error|Test unit written' \
	    "$work/log" | head -10 | sed 's/^/  /'
	return 1
}

passed=0
failed=0
for t in "${targets[@]}"; do
	if fuzz "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
