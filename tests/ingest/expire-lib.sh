# expire-lib.sh: helpers of the retention tests (sourced after lib.sh)

# ret_conf FILE [lines...]: a config over IN with the lines added.
ret_conf() {
	local file=$1; shift
	write_conf "$file" "[ingest]" "input_dir = $IN" "$@"
}

# clean_at NOW OUT: the kpi_dump of one run over a copy of IN at NOW
# that deletes nothing; leaves an empty, migrated database.
clean_at() {
	local dir=$MDB_DIR/clean.in keep=$MDB_DIR/keep.conf
	rm -rf "$dir"; mkdir "$dir"
	cp -p "$IN"/ipflow_data.* "$dir"/ 2>/dev/null
	write_conf "$keep" "[ingest]" "input_dir = $dir"
	db_reset
	"$ingest" -c "$keep" --now "$1" 2>"$MDB_DIR/clean.err" ||
		bail "the clean run failed: $(cat "$MDB_DIR/clean.err")"
	kpi_dump >"$2"
	db_reset
}

# same_as FILE MESSAGE: the KPI and jobs rows equal the dump FILE.
same_as() {
	kpi_dump >"$MDB_DIR/now.dump"
	diff -u "$1" "$MDB_DIR/now.dump" | head -20 | sed 's/^/# /'
	ok "${PIPESTATUS[0]}" "$2"
}

# flow_files: the regular files of IN named like flow files
flow_files() {
	find "$IN" -maxdepth 1 -type f -regextype posix-extended \
		-regex '.*/ipflow_data\.ts-[0-9]+\.[0-9]+\.txt(\.gz)?' -printf '%f\n'
}

# flow_count: how many
flow_count() {
	flow_files | wc -l
}

# flow_ends: the interval ends (ms) of IN's regular flow files, sorted
# and unique: the file time rounded to the nearest 5 minutes.
flow_ends() {
	flow_files | sed -E 's/^ipflow_data\.ts-([0-9]+)\..*/\1/' |
		awk '{ printf "%d\n", int(($1 + 150000) / 300000) * 300000 }' |
		sort -n | uniq
}

# iso_ms ISO: Unix milliseconds of a UTC time
iso_ms() {
	echo $(( $(date -u -d "$1" +%s) * 1000 ))
}

# ret_base OFFSET: sets RB, an hour boundary (Unix seconds) such that
# RB + OFFSET seconds is now or less than an hour before: a test's times
# are RB plus offsets (see at), so that the intervals it writes by then
# are recent to the responder, which reads the wall clock.
ret_base() {
	RB=$(( ($(date -u +%s) - $1) / 3600 * 3600 ))
}

# at H:MM[:SS]: RB plus that offset (the hours may exceed 23) as ISO
# 8601 UTC
at() {
	local h m s
	IFS=: read -r h m s <<<"$1"
	date -u -d "@$(( RB + 10#$h * 3600 + 10#$m * 60 + 10#${s:-0} ))" \
		+%Y-%m-%dT%H:%M:%SZ
}
