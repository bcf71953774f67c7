# deploy.sh: helpers of the deployment tests (sourced after tap.sh)

: "${MAKE:=make}"

# deploy_install LOG VAR=VALUE...: `make install` of the build tree with
# the given variables (DESTDIR, prefix, ...), output in LOG.
deploy_install() {
	local log=$1; shift
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		$MAKE -C "$top_builddir" install "$@" >"$log" 2>&1
}

# deploy_uninstall LOG VAR=VALUE...: the same for `make uninstall`.
deploy_uninstall() {
	local log=$1; shift
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		$MAKE -C "$top_builddir" uninstall "$@" >"$log" 2>&1
}

# free_port: a TCP port nothing listens on at 127.0.0.1, in 20000-32767:
# below Linux's ephemeral ports (32768-60999), which the tests' client
# connections (wrk's thousand) take at any time, and apart from the
# ports of tests/fcgi/lib.sh (40000-59999), tests/lib/replica.sh and
# nginx.test (10000-19999).  The quick start binds it minutes later.
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 12768))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

