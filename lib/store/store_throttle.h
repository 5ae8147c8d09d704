/* Event counters in windows, for throttling (S-2; the rules are
 * policy_throttle's). */
#ifndef PORTAL_STORE_THROTTLE_H
#define PORTAL_STORE_THROTTLE_H

#include <time.h>

struct db;

/* One key's count within its window. */
struct throttle_row {
	long	 tr_count;
	time_t	 tr_since;	/* the window's first event */
	time_t	 tr_last;	/* the latest event */
};

/* Failures for key within the window ending now (0 if none or stale). */
long	store_throttle_get(struct db *, const char *key, time_t now, long window);
/* 1 and *out if key has events within the window ending now; 0 (and *out
 * zeroed) if none or stale; -1 on a database error. */
int	store_throttle_row(struct db *, const char *key, time_t now, long window,
	    struct throttle_row *out);
/* Counts one event, starting a new window if the old one is over. */
int	store_throttle_fail(struct db *, const char *key, time_t now, long window);
int	store_throttle_clear(struct db *, const char *key);
/* Takes back one counted event of key (an attempt that turned out right);
 * the row stays, at 0 at least. 0 or -1. */
int	store_throttle_undo(struct db *, const char *key);
/* Clears every key that starts with prefix. 0 or -1. */
int	store_throttle_clear_prefix(struct db *, const char *prefix);

#endif
