# apidata.sh: the rows the API benchmarks (api.sh, uncached.sh) answer
# from (sourced)

# api_load TABLE KEY VALUE: 23 days from 2026-10-01 into TABLE: per
# five-minute interval its top 3, and per hour its top 3 after the
# interval that ends it, in id order.
api_load() {
	mdb_sql "INSERT INTO $1 (interval_start_timestamp, interval_end_timestamp, \`interval\`, $2, $3)
	SELECT start, ADDTIME(start, IF(kind = 1, '00:05:00', '01:00:00')), kind, k, v FROM (
		SELECT TIMESTAMP'2026-10-01 00:00:00' + INTERVAL i.seq * 5 MINUTE AS start,
		       1 AS kind, r.seq AS k, 100000 - r.seq * 1000 + i.seq % 97 AS v,
		       i.seq * 10 + r.seq AS ord
		FROM seq_0_to_6623 i, seq_1_to_3 r
		UNION ALL
		SELECT TIMESTAMP'2026-10-01 00:00:00' + INTERVAL (i.seq - 11) * 5 MINUTE,
		       2, r.seq, 1200000 - r.seq * 1000, i.seq * 10 + 5 + r.seq
		FROM seq_0_to_6623 i, seq_1_to_3 r WHERE i.seq % 12 = 11
	) t ORDER BY ord" || bail "cannot load $1"
}
