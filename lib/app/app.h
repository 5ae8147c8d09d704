/*
 * The application layer's conventions (ARCHITECTURE.md). One function per
 * user operation, in lib/app/<area>.c:
 *
 *	enum app_rc app_<area>_<verb>(const struct call *, const struct
 *	    <area>_<verb>_in *in, struct <area>_<verb>_out *out);
 *
 * It gathers the relationship data from the store, asks the policy, does
 * the work in its own transaction, writes its own audit row (a view's row
 * is durable before it returns APP_OK, a refusal's row names what was
 * asked for), and fills a typed result. Everything it allocates comes
 * from the call's arena. It reads no clock (call->now), no request, no
 * session: a web handler, portalctl and a test call it alike.
 */
#ifndef PORTAL_APP_H
#define PORTAL_APP_H

#include <stdint.h>

enum app_rc {
	APP_ERROR = -1,		/* a bug or a fault: 500, logged (503 if
				 * the database cannot answer: lib/web/http.c
				 * decides, db_unavailable) */
	APP_OK = 0,		/* done; out is filled */
	APP_REFUSED,		/* not allowed, or no such thing (one answer):
				 * out says why, for the page's words */
	APP_INVALID,		/* the input is wrong: out says which field */
	APP_BUSY,		/* the database cannot answer now: 503 */
};

struct call;

/* After a database call failed: APP_BUSY if the database cannot answer
 * now (locked past the busy timeout, full, read-only: db_unavailable),
 * else APP_ERROR (a bug: 500, never "try again"). One decision for every
 * operation. */
enum app_rc	app_db_failed(const struct call *);

/* How an e-mail names a patient (issue 15.5): the first name only, never
 * the last name, MRN, date of birth or anything of the record; "the
 * patient" if it is not on file. In c's arena. */
const char	*app_mail_child(const struct call *, int64_t patient);

#endif
