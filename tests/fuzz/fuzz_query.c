/* fuzz_query.c: libFuzzer target for the query-string parser */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "datetime.h"
#include "negotiate.h"
#include "query.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query	 q;
	struct buf	 b = BUF_INIT;
	const char	*v;
	size_t		 i, len;
	utc_us		 t;

	if (query_parse((const char *)data, size, &q) != QUERY_OK)
		return 0;
	for (i = 0; i < q.nparams; i++) {
		utf8_clean(&b, q.params[i].name, q.params[i].namelen);
		utf8_clean(&b, q.params[i].value, q.params[i].valuelen);
		(void)datetime_parse(q.params[i].value, q.params[i].valuelen, &t);
	}
	if ((v = query_get(&q, "format", &len)) != NULL)
		(void)negotiate(NULL, v, len);
	buf_free(&b);
	query_free(&q);
	return 0;
}
