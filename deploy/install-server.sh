#!/bin/sh
# install-server.sh: set netkpi up on a server, after `make install`
#
# Run as root after `make install` of the README's "Installation on a
# server" (prefix /usr, sysconfdir /etc, localstatedir /var), on Debian 12
# with nginx, mariadb-server, curl and libjs-chart.js installed.  Each step below says
# what it does.  Running it again changes nothing: an existing
# /etc/netkpi/netkpi.conf is kept, and the database name, users and
# passwords are then taken from it.
#
# Parameters, from the environment (passwords never on a command line):
#   NETKPI_DB_NAME         the database (default djangodatabase)
#   NETKPI_DB_USER         the ingest's user, writes (default netkpi)
#   NETKPI_DB_RO_USER      the API's user, reads only (default netkpi_ro)
#   NETKPI_DB_PASSWORD     the ingest user's password   } default: random;
#   NETKPI_DB_RO_PASSWORD  the API user's password      } kept in netkpi.conf
# The database is the local MariaDB (or MySQL) server, which root reaches
# over its unix socket without a password (Debian's default); `mariadb`
# is its client.
set -eu

conf=/etc/netkpi/netkpi.conf
sites=/etc/nginx

say() { printf 'install-server: %s\n' "$*"; }
die() { printf 'install-server: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root"
command -v netkpi-ingest >/dev/null || die "netkpi-ingest not found: make install first"

# ini_get SECTION KEY: the value of KEY in [SECTION] of $conf.
ini_get() {
	awk -v sec="[$1]" -v key="$2" '
		/^[ \t]*[#;]/ { next }
		/^[ \t]*\[/ { s = $0; gsub(/[ \t]/, "", s); next }
		s == sec && index($0, "=") {
			k = substr($0, 1, index($0, "=") - 1)
			v = substr($0, index($0, "=") + 1)
			gsub(/^[ \t]+|[ \t]+$/, "", k)
			gsub(/^[ \t]+|[ \t]+$/, "", v)
			if (k == key) print v
		}' "$conf"
}

# password: 144 random bits, hex.
password() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }

# sql_str TEXT: TEXT as an SQL string literal.
sql_str() { printf "'%s'" "$(printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g")"; }

# sql: run the SQL on standard input as the database's administrator.
sql() { mariadb --batch --skip-column-names; }

# --- 1. user netkpi, input directory
systemd-sysusers netkpi.conf
systemd-tmpfiles --create netkpi.conf

# --- 2. the configuration file
if [ -e "$conf" ]; then
	say "keeping $conf (NETKPI_DB_* are not used)"
	db=$(ini_get database name)
	rw_user=$(ini_get ingest user); rw_user=${rw_user:-$(ini_get database user)}
	rw_pass=$(ini_get ingest password); rw_pass=${rw_pass:-$(ini_get database password)}
	ro_user=$(ini_get api user); ro_user=${ro_user:-$(ini_get database user)}
	ro_pass=$(ini_get api password); ro_pass=${ro_pass:-$(ini_get database password)}
else
	db=${NETKPI_DB_NAME:-djangodatabase}
	rw_user=${NETKPI_DB_USER:-netkpi}
	ro_user=${NETKPI_DB_RO_USER:-netkpi_ro}
	rw_pass=${NETKPI_DB_PASSWORD:-$(password)}
	ro_pass=${NETKPI_DB_RO_PASSWORD:-$(password)}
fi
for name in "$db" "$rw_user" "$ro_user"; do
	printf '%s' "$name" | grep -Eqx '[A-Za-z0-9_]{1,64}' ||
		die "database and user names are letters, digits and _: '$name'"
done
nl='
'
for p in "$rw_pass" "$ro_pass"; do
	# netkpi.conf trims a value and ends it at the end of the line
	case $p in
	"" | [[:space:]]* | *[[:space:]] | *"$nl"*)
		die "a password must be one line without spaces around it" ;;
	esac
done
if [ ! -e "$conf" ]; then
	say "writing $conf (mode 0640, root:netkpi)"
	tmp=$(mktemp "$conf.XXXXXX")
	# the example with this server's names and passwords
	DB=$db RW_USER=$rw_user RW_PASS=$rw_pass RO_USER=$ro_user RO_PASS=$ro_pass \
	awk '
		/^\[/ { s = $0 }
		s == "[database]" && /^name *=/ { $0 = "name = " ENVIRON["DB"] }
		s == "[database]" && /^user *=/ { $0 = "user = " ENVIRON["RO_USER"] }
		s == "[database]" && /^password *=/ { $0 = "password = " ENVIRON["RO_PASS"] }
		s == "[ingest]" && /^user *=/ { $0 = "user = " ENVIRON["RW_USER"] }
		s == "[ingest]" && /^password *=/ { $0 = "password = " ENVIRON["RW_PASS"] }
		s == "[api]" && /^user *=/ { $0 = "user = " ENVIRON["RO_USER"] }
		s == "[api]" && /^password *=/ { $0 = "password = " ENVIRON["RO_PASS"] }
		{ print }' /etc/netkpi/netkpi.conf.example >"$tmp"
	chown root:netkpi "$tmp"
	chmod 0640 "$tmp"
	mv "$tmp" "$conf"
fi

# --- 3. the database and the ingest's user, with the GRANTs
# netkpi-ingest --print-grants names for it
say "database $db, users $rw_user (ingest) and $ro_user (API)"
grants=$(netkpi-ingest -c "$conf" --print-grants ingest)
sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$rw_user'@'localhost';
ALTER USER '$rw_user'@'localhost' IDENTIFIED BY $(sql_str "$rw_pass");
$grants
SQL

# --- 4. the tables
netkpi-ingest -c "$conf" --migrate

# --- 5. the API's user: SELECT on the tables it reads, which exist now
grants=$(netkpi-ingest -c "$conf" --print-grants api)
sql <<SQL
CREATE USER IF NOT EXISTS '$ro_user'@'localhost';
ALTER USER '$ro_user'@'localhost' IDENTIFIED BY $(sql_str "$ro_pass");
$grants
SQL

# --- 6. file, database, schema, as the services' user: exit 0
runuser -u netkpi -- netkpi-ingest -c "$conf" --check-config -v
runuser -u netkpi -- netkpi-fcgi -c "$conf" --check-config -v

# --- 7. the timer and the socket
systemctl daemon-reload
systemctl enable --now netkpi-ingest.timer netkpi-fcgi.socket

# --- 8. nginx: the netkpi site in place of Debian's default site, and
# Chart.js for its dashboard (Debian's libjs-chart.js)
if command -v dpkg-query >/dev/null &&
   ! dpkg-query -W -f='${Status}' libjs-chart.js 2>/dev/null | grep -q 'ok installed'; then
	say "installing libjs-chart.js (the dashboard's charts)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q libjs-chart.js
fi
[ -f /usr/share/javascript/chart.js/chart.min.js ] ||
	say "warning: no /usr/share/javascript/chart.js/chart.min.js: the dashboard draws no charts"
if [ -L "$sites/sites-enabled/default" ]; then
	say "disabling nginx's default site (rm $sites/sites-enabled/default)"
	rm "$sites/sites-enabled/default"
fi
# (earlier versions installed the site as netkpi.conf: the same site twice
# would not load)
if [ -L "$sites/sites-enabled/netkpi.conf" ] &&
   [ "$(readlink "$sites/sites-enabled/netkpi.conf")" = ../sites-available/netkpi.conf ]; then
	say "the site is now sites-available/netkpi: removing the old netkpi.conf and its link"
	rm -f "$sites/sites-enabled/netkpi.conf" "$sites/sites-available/netkpi.conf"
fi
ln -sfn ../sites-available/netkpi "$sites/sites-enabled/netkpi"
nginx -t -q
systemctl reload-or-restart nginx.service

# --- 9. the API answers (the new workers of a reload take a moment)
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -fsS http://localhost/api/KPIs/ 2>/dev/null && echo && exit 0
	sleep 1
done
curl -fsS http://localhost/api/KPIs/
