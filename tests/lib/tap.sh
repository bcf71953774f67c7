# tap.sh: TAP output for the shell integration tests (sourced)

tap_n=0
tap_failed=0

# ok CONDITION-EXIT-STATUS MESSAGE: use as `cmd; ok $? "msg"`.
ok() {
	local rc=$1; shift
	tap_n=$((tap_n + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

# okr CONDITION-EXIT-STATUS MESSAGE: ok, returning the status, for
# `cmd; okr $? "msg" || show-why`.
okr() {
	local rc=$1
	ok "$@"
	return "$rc"
}

# is GOT WANT MESSAGE
is() {
	local got=$1 want=$2; shift 2
	if [ "$got" = "$want" ]; then
		ok 0 "$*"
	else
		ok 1 "$*"
		printf '#   got:  %s\n#   want: %s\n' "$got" "$want" | sed 's/^/# /'
	fi
}

# diag TEXT: a comment line in the TAP stream
diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# bail TEXT: stop the test now (the EXIT trap still cleans up)
bail() {
	echo "Bail out! $*"
	exit 1
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
