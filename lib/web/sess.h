/*
 * Sessions and CSRF tokens. The session cookie carries 256 random bits;
 * only their SHA-256 is stored. A CSRF token is an HMAC of the session
 * (or, before sign-in, of a random pre-session cookie) under the
 * installation's key, so it needs no storage and cannot be reused across
 * sessions.
 */
#ifndef PORTAL_SESS_H
#define PORTAL_SESS_H

#include <stdint.h>

#include "http.h"

/* Loads the session named by the cookie into c->sess, ending it (and
 * setting c->sess_expired) if it is past the idle or absolute limit, or
 * (setting c->sess_ended) if it is a provider-portal session whose
 * account no longer stands (policy_provider_standing). The provider
 * portal's pages (/provider/...) use a cookie of their own. */
void	sess_load(struct ctx *c);
/* Ends any current session and starts a new one with a new id (S-2);
 * sets the cookie and ends the pre-session cookie (its CSRF token is
 * refused from now on). stage SESS_MFA or SESS_ENROL: the password was
 * right, the second factor is to come; the session then acts for nobody
 * and opens only routes marked R_STEP; once the factor is checked, call
 * sess_start again with SESS_IN (a new id at each step). 0, or -1 on a
 * database error. */
int	sess_start(struct ctx *c, enum sess_kind kind, enum sess_stage stage,
	    int64_t principal);
/* Ends the current session, if any, and clears the cookie. */
void	sess_end(struct ctx *c);
/* Sign-out leaves nothing behind (issue 15.7): the response asks the
 * browser to drop this site's cache, cookies and storage
 * (Clear-Site-Data), whether or not a session was live. */
void	sess_clear_site(struct ctx *c);
/* 1 if given is the CSRF token of this session or, when there is no
 * session, of the pre-session; else 0. */
int	sess_csrf_ok(struct ctx *c, const char *given);
/* Sets c->csrf and the page value "csrf" (making a pre-session cookie
 * when there is neither session nor pre-session). */
void	sess_csrf_vars(struct ctx *c);

/*
 * Browsers that signed in: a long-lived cookie holds a random browser id
 * and a MAC tying it to the account's name (who: an e-mail address or
 * "staff:<user>"), so sign-in throttling can tell the owner's browser
 * from a stranger's (policy_throttle).
 */
/* Sets the cookie for who (after a successful sign-in). */
void	sess_device_remember(struct ctx *c, const char *who);
/* This browser's id (arena) if it signed in to who before, else NULL. */
const char *sess_device(struct ctx *c, const char *who);

#endif
