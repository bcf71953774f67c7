# packages.sh: the Debian packages netkpi needs, and installing the
# missing ones (sourced by deploy/quickstart.sh and tests/run.sh)

# Build, and run the local demo (private MariaDB, nginx, curl, and
# Chart.js for the dashboard).
packages=(
	build-essential autoconf automake pkg-config
	libfcgi-dev libyajl-dev libmariadb-dev zlib1g-dev
	mariadb-server mariadb-client nginx curl libjs-chart.js
)

# install_missing WHO: apt-get install the packages of $packages that
# are not installed; WHO names the caller in messages.
install_missing() {
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "$1: missing packages: ${missing[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "$1: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}
