# deploy/local.mk: units, nginx site, example config, man pages
#
# The templates (*.in) get the configured paths at install time, so that
# `make install prefix=... sysconfdir=...` installs units and man pages
# that name the paths the programs were really installed to.

systemdunitdir = $(prefix)/lib/systemd/system
sysusersdir = $(prefix)/lib/sysusers.d
tmpfilesdir = $(prefix)/lib/tmpfiles.d
nginxsitedir = $(sysconfdir)/nginx/sites-available
netkpiconfdir = $(sysconfdir)/netkpi

DEPLOY_UNITS = \
	netkpi-ingest.service \
	netkpi-ingest.timer \
	netkpi-fcgi.socket \
	netkpi-fcgi.service
DEPLOY_MAN8 = netkpi-ingest.8 netkpi-fcgi.8
DEPLOY_MAN5 = netkpi.conf.5
DEPLOY_MAN7 = netkpi-api.7 netkpi-sql.7

EXTRA_DIST += \
	deploy/systemd/netkpi-ingest.service.in \
	deploy/systemd/netkpi-ingest.timer.in \
	deploy/systemd/netkpi-fcgi.socket.in \
	deploy/systemd/netkpi-fcgi.service.in \
	deploy/systemd/netkpi.sysusers.in \
	deploy/systemd/netkpi.tmpfiles.in \
	deploy/netkpi.conf.example \
	deploy/quickstart.sh \
	deploy/install-server.sh \
	deploy/packages.sh \
	deploy/man/netkpi-ingest.8.in \
	deploy/man/netkpi-fcgi.8.in \
	deploy/man/netkpi.conf.5.in \
	deploy/man/netkpi-api.7.in \
	deploy/man/netkpi-sql.7.in

# The guides, in $(docdir) (hacking.md is the developers').
dist_doc_DATA += \
	deploy/guide/install.md \
	deploy/guide/operating.md \
	deploy/guide/migrating.md \
	deploy/guide/performance.md

# deploy_subst SRC DST: copy a template, putting in the configured paths.
deploy_subst = $(SED) \
	-e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@bindir[@]|$(bindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@localstatedir[@]|$(localstatedir)|g' \
	-e 's|@datadir[@]|$(datadir)|g' \
	-e 's|@docdir[@]|$(docdir)|g' \
	-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g'

# The nginx site of the responder.
DEPLOY_NGINX_SITE = deploy/nginx/netkpi.conf

# The dashboard the nginx site serves at / (static files; its root names
# this directory through @datadir@).
dashboarddir = $(datadir)/netkpi/dashboard
dist_dashboard_DATA = \
	deploy/dashboard/index.html \
	deploy/dashboard/dashboard.css \
	deploy/dashboard/dashboard.js \
	deploy/dashboard/top.js

install-data-local: install-deploy
uninstall-local: uninstall-deploy

install-deploy:
	$(MKDIR_P) '$(DESTDIR)$(systemdunitdir)' '$(DESTDIR)$(sysusersdir)' \
	    '$(DESTDIR)$(tmpfilesdir)' '$(DESTDIR)$(netkpiconfdir)' \
	    '$(DESTDIR)$(mandir)/man8' '$(DESTDIR)$(mandir)/man5' \
	    '$(DESTDIR)$(mandir)/man7'
	@set -e; for f in $(DEPLOY_UNITS); do \
	    $(deploy_subst) $(srcdir)/deploy/systemd/$$f.in \
		>'$(DESTDIR)$(systemdunitdir)/'$$f; \
	    chmod 644 '$(DESTDIR)$(systemdunitdir)/'$$f; \
	done
	$(deploy_subst) $(srcdir)/deploy/systemd/netkpi.sysusers.in \
	    >'$(DESTDIR)$(sysusersdir)/netkpi.conf'
	$(deploy_subst) $(srcdir)/deploy/systemd/netkpi.tmpfiles.in \
	    >'$(DESTDIR)$(tmpfilesdir)/netkpi.conf'
	$(INSTALL_DATA) $(srcdir)/deploy/netkpi.conf.example \
	    '$(DESTDIR)$(netkpiconfdir)/netkpi.conf.example'
	@set -e; for f in $(DEPLOY_MAN8); do \
	    $(deploy_subst) $(srcdir)/deploy/man/$$f.in >'$(DESTDIR)$(mandir)/man8/'$$f; \
	done; \
	for f in $(DEPLOY_MAN5); do \
	    $(deploy_subst) $(srcdir)/deploy/man/$$f.in >'$(DESTDIR)$(mandir)/man5/'$$f; \
	done; \
	for f in $(DEPLOY_MAN7); do \
	    $(deploy_subst) $(srcdir)/deploy/man/$$f.in >'$(DESTDIR)$(mandir)/man7/'$$f; \
	done
	$(MKDIR_P) '$(DESTDIR)$(nginxsitedir)'
	$(deploy_subst) $(srcdir)/$(DEPLOY_NGINX_SITE) \
	    >'$(DESTDIR)$(nginxsitedir)/netkpi'
	chmod 644 '$(DESTDIR)$(sysusersdir)/netkpi.conf' \
	    '$(DESTDIR)$(tmpfilesdir)/netkpi.conf' \
	    '$(DESTDIR)$(mandir)'/man8/netkpi-*.8 \
	    '$(DESTDIR)$(mandir)'/man5/netkpi.conf.5 \
	    '$(DESTDIR)$(mandir)'/man7/netkpi-*.7

uninstall-deploy:
	for f in $(DEPLOY_UNITS); do rm -f '$(DESTDIR)$(systemdunitdir)/'$$f; done
	for f in $(DEPLOY_MAN8); do rm -f '$(DESTDIR)$(mandir)/man8/'$$f; done
	for f in $(DEPLOY_MAN5); do rm -f '$(DESTDIR)$(mandir)/man5/'$$f; done
	for f in $(DEPLOY_MAN7); do rm -f '$(DESTDIR)$(mandir)/man7/'$$f; done
	rm -f '$(DESTDIR)$(sysusersdir)/netkpi.conf' \
	    '$(DESTDIR)$(tmpfilesdir)/netkpi.conf' \
	    '$(DESTDIR)$(netkpiconfdir)/netkpi.conf.example' \
	    '$(DESTDIR)$(nginxsitedir)/netkpi'

.PHONY: install-deploy uninstall-deploy

# Tests of the deployment: units, install tree, man pages, config check,
# the quick start end to end.
DEPLOY_TESTS = tests/deploy/units.test tests/deploy/install.test tests/deploy/man.test tests/deploy/check-config.test tests/deploy/quickstart.test tests/deploy/readme.test tests/deploy/confdoc.test
TESTS += $(DEPLOY_TESTS)
EXTRA_DIST += $(DEPLOY_TESTS) tests/deploy/deploy.sh tests/deploy/container.sh \
	tests/deploy/systemd.test tests/deploy/order.test

# The dashboard in headless Chromium, and Prometheus scraping /metrics,
# both on the quick start (screenshots in tests/dashboard/*.png of the
# build directory).
TESTS += \
	tests/dashboard/browser.test \
	tests/deploy/prometheus.test
EXTRA_DIST += \
	tests/dashboard/browser.test \
	tests/deploy/prometheus.test
CLEANFILES += tests/dashboard/*.png

# The server installation in a booted Debian 12 container (root,
# systemd-nspawn).  Not with the sanitizers: their programs need libasan
# and libubsan, which the container does not have.
if !SANITIZERS
if CONTAINER_TESTS
TESTS += tests/deploy/systemd.test
endif
endif

# The Debian package (make deb) installed, upgraded under load, removed,
# purged and reinstalled in the same kind of container; built without
# the sanitizers as well.
if !SANITIZERS
if CONTAINER_TESTS
TESTS += tests/deploy/package.test
endif
endif
EXTRA_DIST += tests/deploy/package.test

# The quick start and tests/run.sh in either order, on a copy of the
# tree that the test builds itself (plain): once per tests/run.sh is
# enough, so not in the sanitizer build either.
if !SANITIZERS
if CONTAINER_TESTS
TESTS += tests/deploy/order.test
endif
endif

# The tests that install call make.
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)'; export MAKE;

# `make distcheck` runs the whole suite from the tarball; the configure
# flags of the developer build carry over.  Not the container tests
# (systemd, package, order): the build that runs distcheck has run them.
AM_DISTCHECK_CONFIGURE_FLAGS = --enable-werror --disable-container-tests

# `make deb`: the Debian package (source package and
# netkpi_VERSION-REVISION_ARCH.deb) in _deb/, built by dpkg-buildpackage
# from the distribution tarball with deploy/debian as debian/.  The
# version is configure's, the Debian revision that of the changelog's
# first entry.  dpkg-buildpackage runs without this make's flags and
# variables (a `make check TESTS=...` must not reach the package's
# own `make check`).
DEB_DIR = _deb
DEB_FILES = \
	deploy/debian/changelog \
	deploy/debian/control \
	deploy/debian/copyright \
	deploy/debian/rules \
	deploy/debian/config \
	deploy/debian/postinst \
	deploy/debian/prerm \
	deploy/debian/postrm \
	deploy/debian/netkpi.docs \
	deploy/debian/netkpi.lintian-overrides \
	deploy/debian/source/lintian-overrides \
	deploy/debian/README.Debian \
	deploy/debian/source/format
EXTRA_DIST += $(DEB_FILES)

deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dpkg-checkbuilddeps >/dev/null || \
	    { echo "make deb: dpkg-buildpackage not found (apt-get install dpkg-dev debhelper fakeroot)" >&2; exit 1; }
	@missing=$$(dpkg-checkbuilddeps $(srcdir)/deploy/debian/control 2>&1 | \
	    sed -n 's/.*Unmet build dependencies: //p'); \
	if [ -n "$$missing" ]; then \
	    echo "make deb: missing build dependencies: $$missing" >&2; \
	    echo "make deb: apt-get install $$missing" >&2; exit 1; \
	fi
	$(MAKE) $(AM_MAKEFLAGS) dist-gzip
	rm -rf $(DEB_DIR)
	$(MKDIR_P) $(DEB_DIR)
	mv $(distdir).tar.gz $(DEB_DIR)/$(PACKAGE)_$(VERSION).orig.tar.gz
	cd $(DEB_DIR) && tar -xzf $(PACKAGE)_$(VERSION).orig.tar.gz
	cp -R $(srcdir)/deploy/debian $(DEB_DIR)/$(distdir)/debian
	chmod -R u+w $(DEB_DIR)/$(distdir)/debian
	$(SED) -i -e '1s/^\($(PACKAGE) (\)[^-]*-/\1$(VERSION)-/' \
	    $(DEB_DIR)/$(distdir)/debian/changelog
	cd $(DEB_DIR)/$(distdir) && \
	    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc
	@ls $(DEB_DIR)/*.deb $(DEB_DIR)/*.dsc

clean-local: clean-deb
clean-deb:
	rm -rf $(DEB_DIR)

.PHONY: deb clean-deb
