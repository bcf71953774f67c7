/* rowtime.h: a DATETIME as libmariadb fetches it, for the fetched-row tests */
#ifndef NETKPI_TEST_ROWTIME_H
#define NETKPI_TEST_ROWTIME_H

#include <string.h>

#include <mysql.h>

static inline void
set_time(MYSQL_TIME *t, unsigned year, unsigned mon, unsigned day,
    unsigned hour, unsigned min, unsigned sec, unsigned long usec)
{
	memset(t, 0, sizeof *t);
	t->year = year;
	t->month = mon;
	t->day = day;
	t->hour = hour;
	t->minute = min;
	t->second = sec;
	t->second_part = usec;
	t->time_type = MYSQL_TIMESTAMP_DATETIME;
}

#endif
