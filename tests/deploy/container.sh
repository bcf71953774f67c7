# container.sh: a booted Debian 12 container (systemd-nspawn) for the
# deployment tests (sourced after tap.sh and deploy.sh)
#
# The test sets, before ct_setup:
#   ct_name      names its root in the cache
#   ct_packages  the packages debootstrap installs into the root
#   ct_download  packages only downloaded into the root's apt cache
#                (/var/cache/apt/archives), so that apt-get installs
#                them in the container, which has no network
#   ct_recipe    a number to raise when the recipe of the root changes
# The root is built once with debootstrap and kept as a tarball in
# $NETKPI_TEST_CACHE (default /var/cache/netkpi-tests), named after
# ct_name and a hash of the above; it is rebuilt after 30 days.
#
# ct_setup makes $tmp (removed at exit) and $root; ct_build_root builds
# the cached root, ct_unpack unpacks it into $root, ct_boot boots it.

suite=bookworm
tmp=
root=
nspawn=
building=
leader=
ct_download=()

# ct_setup: check the tools, make $tmp and the trap that cleans up.
ct_setup() {
	local c
	[ "$(id -u)" -eq 0 ] || bail "$ct_name needs root (debootstrap, systemd-nspawn)"
	for c in systemd-nspawn debootstrap nsenter zstd flock; do
		command -v "$c" >/dev/null ||
			bail "$c not found (install systemd-container, debootstrap, zstd)"
	done
	cache=${NETKPI_TEST_CACHE:-/var/cache/netkpi-tests}
	key=$(printf '%s\n' "$suite" "$ct_recipe" "${ct_packages[@]}" -- \
		"${ct_download[@]}" | sha256sum | cut -c1-16)
	tarball=$cache/$suite-$ct_name-$key.tar.zst
	tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/netkpi-$ct_name.XXXXXX") || bail "mktemp"
	root=$tmp/root
	trap ct_cleanup EXIT
	trap 'exit 130' INT TERM
}

# ct_stop: shut the container down (nspawn does on SIGTERM).
ct_stop() {
	if [ -n "$nspawn" ] && kill -0 "$nspawn" 2>/dev/null; then
		kill -TERM "$nspawn" 2>/dev/null
		for _ in $(seq 1 150); do
			kill -0 "$nspawn" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$nspawn" 2>/dev/null
		wait "$nspawn" 2>/dev/null
	fi
	nspawn=
}

ct_cleanup() {
	local rc=$?
	ct_stop
	[ -n "$building" ] && rm -rf --one-file-system "$building"
	rm -rf --one-file-system "$tmp"
	exit "$rc"
}

# mirror: the Debian mirror the host's apt uses (debootstrap's default
# when there is none); NETKPI_DEBIAN_MIRROR overrides.
mirror() {
	[ -n "${NETKPI_DEBIAN_MIRROR:-}" ] && { echo "$NETKPI_DEBIAN_MIRROR"; return; }
	apt-get indextargets --format '$(REPO_URI)|$(CODENAME)|$(LABEL)' 2>/dev/null |
		awk -F'|' -v s="$suite" '$2 == s && $3 == "Debian" { print $1; exit }'
}

# ct_build_root: debootstrap the container's root into the cache, once.
ct_build_root() {
	local t=$SECONDS pkgs m r
	mkdir -p "$cache"
	exec 9>"$cache/lock"
	flock -w 1200 9 || bail "$cache/lock: another build takes too long"
	if [ ! -s "$tarball" ] || [ -n "$(find "$tarball" -mtime +30)" ]; then
		building=$(mktemp -d "$cache/build.XXXXXX")
		r=$building/root
		pkgs=$(IFS=,; echo "${ct_packages[*]}")
		diag "building the container's root ($suite: $pkgs) into $tarball"
		m=$(mirror)
		debootstrap --variant=minbase --include="$pkgs" "$suite" \
			"$r" ${m:+"$m"} >"$building/debootstrap.log" 2>&1 ||
			{ tail -20 "$building/debootstrap.log" | sed 's/^/# /';
			  bail "debootstrap failed (is the Debian mirror reachable?)"; }
		# what an installer leaves besides: the host names
		printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
			>"$r/etc/hosts"
		echo netkpi-test >"$r/etc/hostname"
		chroot "$r" apt-get clean
		if [ ${#ct_download[@]} -gt 0 ]; then
			ct_download_into "$r" "${ct_download[@]}" >"$building/download.log" 2>&1 ||
				{ tail -20 "$building/download.log" | sed 's/^/# /';
				  bail "cannot download ${ct_download[*]} into the root"; }
		fi
		tar -C "$r" --numeric-owner --xattrs -cf - . |
			zstd -q -T0 -3 -o "$building/root.tar.zst" ||
			bail "cannot write the root's tarball"
		mv "$building/root.tar.zst" "$tarball"
		rm -rf --one-file-system "$building"
		building=
		# older roots of this test
		find "$cache" -maxdepth 1 -name "$suite-$ct_name-*.tar.zst" \
			! -path "$tarball" -delete
		diag "built in $((SECONDS - t)) s"
	fi
	exec 9>&-
}

# ct_download_into ROOT PACKAGE...: apt-get update and download the
# packages (and what they need) into ROOT's apt cache (chroot, with the
# host's network).  A PACKAGE may be a .deb file under ROOT.
ct_download_into() {
	local r=$1; shift
	chroot "$r" apt-get -q update &&
		chroot "$r" env DEBIAN_FRONTEND=noninteractive \
			apt-get -q -y --download-only install "$@"
}

# ct_unpack: the cached root, unpacked into $root.
ct_unpack() {
	mkdir -p "$root"
	zstd -dc "$tarball" | tar -C "$root" --numeric-owner --xattrs -xpf - ||
		bail "cannot unpack $tarball"
}

# ct CMD...: run CMD in the container as root, with a clean environment
# (as a root shell of it would have).
ct() {
	nsenter -t "$leader" -a env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
}

# wait_for SECONDS CMD...: retry CMD every 0.2 s until it succeeds.
wait_for() {
	local n=$(($1 * 5)); shift
	for _ in $(seq 1 "$n"); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# PID 1 of the container: the child of nspawn that is PID 1 in its
# own PID namespace.
find_leader() {
	local c
	for c in $(pgrep -P "$nspawn"); do
		[ "$(awk '/^NSpid:/ { print $NF }' "/proc/$c/status" 2>/dev/null)" = 1 ] &&
			{ leader=$c; return 0; }
	done
	return 1
}

booted() {
	local s
	s=$(ct timeout 5 systemctl is-system-running --wait 2>/dev/null)
	case $s in running | degraded) return 0 ;; esac
	return 1
}

# ct_boot NSPAWN-OPTION...: boot $root without network, wait until
# systemd runs; the console goes to $tmp/console.log.
ct_boot() {
	systemd-nspawn -q -b --private-network --register=no --keep-unit \
		--system-call-filter=bpf "$@" \
		-D "$root" </dev/null >"$tmp/console.log" 2>&1 &
	nspawn=$!
	leader=
	wait_for 30 find_leader ||
		{ sed 's/^/# /' "$tmp/console.log"; bail "the container did not start"; }
	wait_for 60 booted
	okr $? "the container boots (systemd $(ct systemctl is-system-running 2>&1))" ||
		{ sed 's/^/# /' "$tmp/console.log" | tail -30; bail "boot failed"; }
	ct systemctl --failed --no-legend --plain | sed 's/^/# failed unit: /'
}

# conf_get SECTION KEY: a value of the container's /etc/netkpi/netkpi.conf.
conf_get() {
	ct awk -F' *= *' -v sec="[$1]" -v key="$2" \
		'/^\[/ { s = $0 } s == sec && $1 == key { print $2 }' /etc/netkpi/netkpi.conf
}

# unit_prop UNIT PROPERTY: a property of a unit in the container.
unit_prop() {
	ct systemctl show -P "$2" "$1"
}

# ingest_ran_since INVOCATION: a run of the ingest other than INVOCATION
# has ended.
ingest_ran_since() {
	[ "$(unit_prop netkpi-ingest.service InvocationID)" != "$1" ] &&
		[ "$(unit_prop netkpi-ingest.service ActiveState)" != activating ]
}

# ct_timer_ingest: netkpi-ingest.timer fires now (a drop-in with
# OnActiveSec=1s, removed after), and as it would at its calendar time
# it starts the service; returns once that run has ended.
ct_timer_ingest() {
	local before inv rc d=/run/systemd/system/netkpi-ingest.timer.d
	before=$(unit_prop netkpi-ingest.timer LastTriggerUSecMonotonic)
	inv=$(unit_prop netkpi-ingest.service InvocationID)
	ct mkdir -p "$d"
	ct sh -c "printf '[Timer]\nOnActiveSec=1s\n' >$d/test.conf"
	ct systemctl daemon-reload
	ct systemctl restart netkpi-ingest.timer
	wait_for 60 timer_ran "$before" "$inv"
	rc=$?
	ct rm -r "$d"
	ct systemctl daemon-reload
	return "$rc"
}

# timer_ran TRIGGER INVOCATION: the timer fired since its last trigger
# was TRIGGER, and a run other than INVOCATION has ended.
timer_ran() {
	[ "$(unit_prop netkpi-ingest.timer LastTriggerUSecMonotonic)" != "$1" ] &&
		ingest_ran_since "$2"
}

# wrk_failed LOG: "N requests, non-2xx N, socket errors N" from wrk's output.
wrk_failed() {
	local n non2xx errs=0 e
	n=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$1")
	non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' "$1")
	for e in $(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\)/\1 \2 \3 \4/p' "$1"); do
		errs=$((errs + e))
	done
	echo "${n:-0} requests, non-2xx ${non2xx:-0}, socket errors $errs"
}
