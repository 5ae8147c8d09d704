/*
 * The audit log (S-1): every sign-in (successful or not), every account
 * or access change and every view of health information is one row,
 * chained by SHA-256 to the row before, so a changed or removed row
 * breaks the chain that `portalctl audit verify` checks.
 */
#ifndef PORTAL_AUDIT_H
#define PORTAL_AUDIT_H

#include <stdint.h>
#include <time.h>

struct arena;
struct ctx;
struct db;

/* Appends a row. Inside the caller's transaction if one is open (so the
 * row commits with the change it records), else in its own. 0 or -1. */
int	audit_write(struct db *, time_t at, const char *actor, const char *action,
	    int64_t patient, const char *addr, const char *detail);
/* The same for a request: actor from the session ("family:12",
 * "staff:3", else "anonymous"), address from the request. */
int	audit_req(struct ctx *c, const char *action, int64_t patient,
	    const char *detail);
/* Checks the chain: 0 if intact (count set), else the id of the first
 * broken row in *bad; -1 on a database error. */
int	audit_verify(struct db *, struct arena *, int64_t *count, int64_t *bad);

#endif
