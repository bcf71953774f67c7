/* dbgate.c: while the database is down, one worker at a time tries it */
#include "config.h"

#include <stddef.h>

#include "dbgate.h"
#include "log.h"

int
dbgate_enter(struct dbgate *g, int *probe)
{
	int	idle = 0;

	*probe = 0;
	if (g == NULL || !atomic_load(&g->down))
		return 0;
	if (!atomic_compare_exchange_strong(&g->probing, &idle, 1))
		return -1;
	*probe = 1;
	return 0;
}

void
dbgate_leave(struct dbgate *g, int *probe, int ok, const char *err)
{
	if (ok) {
		if (g != NULL && atomic_exchange(&g->down, 0))
			log_info("database: answering again");
	} else if (g == NULL)
		log_error("%s", err);
	else if (!atomic_exchange(&g->down, 1))
		log_error("%s; answering 503 until the database answers again",
		    err);
	else
		log_debug("%s", err);
	if (*probe) {
		atomic_store(&g->probing, 0);
		*probe = 0;
	}
}
