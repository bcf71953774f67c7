/* rowtime.h: a DATETIME as libmariadb fetches it, for the fetched-row tests */
#ifndef NETKPI_TEST_ROWTIME_H
#define NETKPI_TEST_ROWTIME_H

#include "db.h"
#include "utctime.h"

static inline void
set_time(MYSQL_TIME *t, unsigned year, unsigned mon, unsigned day,
    unsigned hour, unsigned min, unsigned sec, unsigned long usec)
{
	struct utc_fields f = { (int)year, (int)mon, (int)day, (int)hour,
	    (int)min, (int)sec, (int)usec };
	utc_us	us = 0;

	(void)utc_from_fields(&f, &us);
	db_time_set(t, us);
}

#endif
