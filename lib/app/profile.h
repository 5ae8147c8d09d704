/*
 * The family account's profile (F-PROFILE 1, 3; issue 14.1): its
 * contact information, applied at once and audited ("profile.*"); a new
 * e-mail address that takes effect only through its single-use link
 * (24 hours; the old address is told); the PCP on file of each patient
 * the account sees, read-only. Pre-check-in's contact step (checkin.h)
 * saves through app_profile_save too: one set of rules.
 */
#ifndef PORTAL_PROFILE_H
#define PORTAL_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "store_profile.h"

struct call;

/* How long an e-mail change's link works. */
#define PROFILE_EMAIL_SECONDS	(24 * 60 * 60)

struct profile_pcp {
	int64_t		 patient_id;
	const char	*patient;	/* "Given Family" */
	const char	*pcp;		/* "Ann Lee, MD", NULL if none on file */
	const char	*practice;	/* NULL if unknown */
	const char	*city;		/* "Boston, MA", NULL if unknown */
};

struct profile_out {
	struct contact		 c;
	struct profile_pcp	*pcps;
	size_t			 npcps;
};

/* The calling family account's profile: APP_OK after one profile.view
 * row per patient whose PCP is shown; APP_REFUSED (not a family account),
 * APP_BUSY, APP_ERROR. */
enum app_rc	 app_profile_view(const struct call *, const void *in,
		    struct profile_out *out);

struct profile_save_in {
	struct contact	 c;		/* c.email: the address wanted ("" or
					 * the same: no change) */
	const char	*password;	/* the account's: needed to change
					 * the e-mail address */
};
struct profile_save_out {
	const char	*field;		/* APP_INVALID: the field wrong
					 * ("state", "preferred"...) */
	const char	*msg;		/* and why, for the person */
	int		 email_sent;	/* a link went to the new address (or
					 * so it seems: an address of another
					 * account gets a note instead) */
};

/*
 * Checks every rule (address lines and city at most 100 characters, a
 * state's two letters, a 5- or 9-digit ZIP, valid phones, a preference
 * of email|mobile|home|text, 'mobile' and 'text' only with a mobile
 * number, 'home' only with a home number; the new address valid) and
 * saves the contact information at once: APP_OK (profile.update, and
 * profile.email_asked when an address change was asked); APP_INVALID
 * with field and msg, nothing saved (an address change without the
 * account's password: field "password", profile.password_refused when it
 * was wrong, counted as a sign-in's); APP_REFUSED; APP_BUSY, APP_ERROR.
 * An address another account has gets the same answer as any other
 * (e-mailed a note, not a link): the page never says it is taken.
 */
enum app_rc	 app_profile_save(const struct call *,
		    const struct profile_save_in *in, struct profile_save_out *out);

enum email_confirm_why {
	EMAIL_BAD,		/* no such link (or tampered) */
	EMAIL_USED,		/* used already, or a newer change replaced it */
	EMAIL_EXPIRED,
	EMAIL_TAKEN,		/* another account took the address meanwhile */
};
struct email_confirm_out {
	enum email_confirm_why	 why;	/* APP_REFUSED */
};
/* Follows an e-mail change's link (its token, as e-mailed): APP_OK and
 * the account's address changed (profile.email; the old address told);
 * APP_REFUSED with why (profile.email_refused); APP_BUSY, APP_ERROR.
 * Needs no session: the token is the proof that the new address is the
 * account's, and it was asked for by the signed-in account holder. */
enum app_rc	 app_profile_email_confirm(const struct call *,
		    const char *token, struct email_confirm_out *out);
/* The same check without the change: APP_OK if the link would work now,
 * APP_REFUSED with why (audited the same) otherwise. The page's check on
 * arrival (issue 15.4). */
enum app_rc	 app_profile_email_check(const struct call *,
		    const char *token, struct email_confirm_out *out);

#endif
