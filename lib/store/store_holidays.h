/*
 * The hospital's holidays (F-MSG 3): days that are not business days,
 * kept by IT with "portalctl holiday" and read into a struct bizday_cal
 * for answer due times.
 */
#ifndef PORTAL_STORE_HOLIDAYS_H
#define PORTAL_STORE_HOLIDAYS_H

#include <stddef.h>

struct arena;
struct bizday_cal;
struct db;

struct holiday {
	const char	*h_date;	/* YYYY-MM-DD */
	const char	*h_name;
};

/* Adds a holiday on date (YYYY-MM-DD, checked by the caller). 0 if added,
 * 1 if there is one on that date already (unchanged), -1 on error. */
int	store_holiday_add(struct db *, const char *date, const char *name);
/* 1 if the holiday on date was removed, 0 if there was none, -1. */
int	store_holiday_remove(struct db *, const char *date);
/* Every holiday, by date, in the arena (*out NULL when none). 0 or -1. */
int	store_holiday_list(struct db *, struct arena *, struct holiday **out,
	    size_t *n);
/* The calendar of every holiday, its dates in the arena. 0 or -1 (and
 * then an empty calendar). */
int	store_holiday_cal(struct db *, struct arena *, struct bizday_cal *out);

#endif
