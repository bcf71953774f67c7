/* fuzz_csv.c: libFuzzer target for the flow CSV reader (header and rows) */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is a whole file: its first byte picks plain reading from
 * offset 0 or a byte range starting inside the data, the rest is read
 * line by line as the ingest does.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader	*r;
	struct csv_cols		 cols = { NULL, 0 };
	struct flow_row		 row;
	const char		*line;
	char			 err[256];
	size_t			 len;
	off_t			 start = 0;
	FILE			*fp;
	int			 overlong, have_header = 0, empty;

	if (size == 0)
		return 0;
	if (data[0] & 1)
		start = (off_t)(data[0] >> 1) % (off_t)size;
	if ((fp = tmpfile()) == NULL)
		return 0;
	if (fwrite(data + 1, 1, size - 1, fp) != size - 1 || fflush(fp) != 0) {
		fclose(fp);
		return 0;
	}
	r = csv_open(fileno(fp), 0, start, CSV_END_NONE, start == 0, err,
	    sizeof err);
	while (r != NULL && csv_next(r, &line, &len, &overlong, err,
	    sizeof err) == 1) {
		if (overlong)
			continue;
		if (!have_header) {
			have_header = csv_header(line, len, &cols, err,
			    sizeof err) == 0;
			continue;
		}
		(void)csv_row(&cols, line, len, &row, &empty, err, sizeof err);
	}
	csv_close(r);
	csv_cols_free(&cols);
	fclose(fp);
	return 0;
}
