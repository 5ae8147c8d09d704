/*
 * Sponsored staff (issue 11.5, P-SPONSOR 1) as operations (app.h): a
 * sponsor lists, adds, suspends, reinstates and revokes their own users
 * and e-mails a new set-password link. Only a clinician whom
 * policy_provider_may_sponsor allows acts here; every user is looked up
 * together with the sponsor (store_sponsor.h), so another sponsor's user
 * is "no such user". The sponsor never comes from the input: it is the
 * call's actor.
 */
#ifndef PORTAL_APP_SPONSOR_H
#define PORTAL_APP_SPONSOR_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_sponsor.h"
#include "store_sponsor.h"

struct call;

/* Why an operation was refused (APP_REFUSED) or not done (APP_INVALID). */
enum sponsor_why {
	SPONSOR_OK,
	SPONSOR_NOT_SPONSOR,	/* the caller may not sponsor: 403 */
	SPONSOR_NO_SUCH,	/* not one of the caller's users: 404 */
	SPONSOR_NOT_NOW,	/* the user's status does not allow it: 409 */
	SPONSOR_INPUT,		/* a field is wrong (field, problem): 422 */
};

/* 1 if the caller may manage sponsored staff now (a clinician whom
 * policy_provider_may_sponsor allows: the provider home's "Sponsored
 * staff" link), 0 if not, -1 if the store could not answer. No row. */
int		app_sponsor_may(const struct call *);

struct sponsor_list_out {
	struct sponsored_user	*users;		/* revoked last, then by name */
	size_t			 n;
};

/* The caller's users. APP_REFUSED (SPONSOR_NOT_SPONSOR, audited
 * "sponsor.refused") if the caller may not sponsor. */
enum app_rc	app_sponsor_list(const struct call *, struct sponsor_list_out *out,
		    enum sponsor_why *why);

struct sponsor_add_in {
	const char	*given;
	const char	*family;
	const char	*email;
	const char	*kind;		/* policy_sponsor_kind's names */
};

struct sponsor_add_out {
	enum sponsor_why why;
	const char	*field;		/* SPONSOR_INPUT: the field at fault */
	const char	*problem;	/* ... and what to tell the sponsor */
	int64_t		 id;		/* APP_OK: the new account */
};

/* A new sponsored account (approved, of the caller, no password yet) and
 * its set-password link e-mailed to it (MAIL_SPONSORED_SETUP; purpose
 * "setup", conf setup_link_lifetime); audited "sponsor.create". An
 * address already on file, or a kind not in the policy's list: nothing
 * made, APP_INVALID (SPONSOR_INPUT). */
enum app_rc	app_sponsor_add(const struct call *, const struct sponsor_add_in *,
		    struct sponsor_add_out *out);

struct sponsor_user_in {
	int64_t		 id;		/* the sponsored account */
	enum status_act	 act;		/* app_sponsor_status only */
};

struct sponsor_user_out {
	enum sponsor_why why;
	const char	*problem;	/* SPONSOR_NOT_NOW: why not */
	const char	*name;		/* the user's name, when found */
};

/* Suspends, reinstates or revokes one of the caller's users
 * (policy_status_after); a suspension or revocation ends the user's
 * access at their next request (the standing, sess.c), a reinstatement
 * ends their sessions from before. Audited "sponsor.suspend", "sponsor.reinstate",
 * "sponsor.revoke"; a user not the caller's: APP_REFUSED
 * (SPONSOR_NO_SUCH, audited "sponsor.refused"), nothing changed. */
enum app_rc	app_sponsor_status(const struct call *,
		    const struct sponsor_user_in *, struct sponsor_user_out *out);
/* One of the caller's users, by name (out->name): for the page that
 * asks before a revocation. APP_REFUSED as app_sponsor_status refuses
 * (audited "sponsor.refused"). */
enum app_rc	app_sponsor_user(const struct call *,
		    const struct sponsor_user_in *, struct sponsor_user_out *out);
/* E-mails a new set-password link to one of the caller's users who has
 * not chosen a password (older links stop working); "sponsor.link_resent". */
enum app_rc	app_sponsor_resend(const struct call *,
		    const struct sponsor_user_in *, struct sponsor_user_out *out);
/* The sponsor's users' kinds, for the form: the policy's labels. */
const char	*app_sponsor_kind_label(const char *kind);

#endif
