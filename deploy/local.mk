# deploy/local.mk: units, nginx site, example config, man pages
