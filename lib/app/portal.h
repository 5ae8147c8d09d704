/*
 * The process's portal: what every operation of this process shares (the
 * configuration, the database, the key, the rules), opened once at start.
 */
#ifndef PORTAL_PORTAL_H
#define PORTAL_PORTAL_H

#include "call.h"

/* Loads configuration, database, the key and the rules; exits with a
 * message on standard error if any is missing. worker: also refuse a
 * database whose audit log has no keyed chain (web workers would fail
 * every audited page; portalctl goes on so that it can report). Free
 * with portal_close. */
struct portal	*portal_open(int worker);
void		 portal_close(struct portal *);

#endif
