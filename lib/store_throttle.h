/* Failure counters in fixed windows, for sign-in throttling. */
#ifndef PORTAL_STORE_THROTTLE_H
#define PORTAL_STORE_THROTTLE_H

#include <time.h>

struct db;

/* Failures for key within the window ending now (0 if none or stale). */
long	store_throttle_get(struct db *, const char *key, time_t now, long window);
/* Counts one failure, starting a new window if the old one is over. */
int	store_throttle_fail(struct db *, const char *key, time_t now, long window);
int	store_throttle_clear(struct db *, const char *key);

#endif
