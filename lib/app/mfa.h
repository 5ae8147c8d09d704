/*
 * Second factors (TOTP, RFC 6238; P-LOGIN 5, issue 11.6), as operations
 * (app.h). A password sign-in asks app_mfa_need which stage its session
 * starts at (sess_start): signed in, a code to ask for, or an enrolment
 * first. The secret is sealed with a key of its own (portal mfa_key);
 * ten one-time recovery codes, stored as passwords are, stand in for the
 * app. A code is taken once: its time step must be newer than the last
 * one taken. Wrong codes are throttled per account (THR_MFA); no code is
 * ever logged, audited or e-mailed.
 *
 * principal is the account (accounts.id or provider_accounts.id): at
 * sign-in the call acts for nobody yet (the session's stage is mfa or
 * enrol), so the caller names it from its session.
 */
#ifndef PORTAL_APP_MFA_H
#define PORTAL_APP_MFA_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"

struct call;

enum mfa_kind { MFA_FAMILY, MFA_PROVIDER };

enum mfa_need {
	MFA_NONE,	/* no second factor: signed in */
	MFA_CODE,	/* a confirmed factor: ask for a code */
	MFA_ENROL	/* none, and the hospital requires one: set it up */
};

#define MFA_RECOVERY_CODES	10

/* The store's word for kind ("family", "provider"). */
const char	*app_mfa_kind_name(enum mfa_kind);
/* After a right password: what the sign-in still needs. MFA_ENROL only
 * for provider-portal accounts with provider_mfa_required on. The need,
 * or -1 if the store could not answer. */
int		 app_mfa_need(const struct call *, enum mfa_kind, int64_t principal);

struct mfa_status_out {
	int		 enabled;	/* a confirmed factor */
	size_t		 recovery_left;	/* unused recovery codes */
	int		 may_turn_off;	/* policy_mfa */
	int		 required;	/* the hospital requires one */
};
/* APP_OK, APP_BUSY, APP_ERROR. */
enum app_rc	app_mfa_status(const struct call *, enum mfa_kind,
		    int64_t principal, struct mfa_status_out *out);

struct mfa_setup_out {
	const char	*secret;	/* base32, for the URI */
	const char	*grouped;	/* the same in groups of 4, to type */
	const char	*uri;		/* otpauth://totp/... for the QR code */
};
/*
 * Starts (or shows again) an enrolment: a new 20-byte secret, sealed and
 * stored not yet enabled, or the one waiting from an earlier visit (so a
 * page reloaded after scanning still matches the app). Writes
 * mfa.enrol_started for a new secret. APP_OK, APP_REFUSED (a factor is
 * already on), APP_BUSY, APP_ERROR.
 */
enum app_rc	app_mfa_enrol_start(const struct call *, enum mfa_kind,
		    int64_t principal, struct mfa_setup_out *out);

enum mfa_why {
	MFA_WHY_NONE,
	MFA_WHY_WRONG,		/* not a right code (or one already used) */
	MFA_WHY_THROTTLED,	/* too many wrong codes: wait seconds */
	MFA_WHY_NOT_ALLOWED,	/* the hospital requires the factor */
	MFA_WHY_NO_FACTOR	/* none to check (or no enrolment waiting) */
};

/* What a checked code gave. */
struct mfa_out {
	enum mfa_why	 why;		/* APP_REFUSED */
	long		 wait;		/* MFA_WHY_THROTTLED: seconds */
	int		 recovery;	/* a recovery code was taken */
	/* enrol_confirm, recovery_new: the new recovery codes ("xxxxx-xxxxx"),
	 * to be shown once and never again. */
	const char	*codes[MFA_RECOVERY_CODES];
	size_t		 ncodes;
};

/*
 * Confirms the enrolment with a code from the app: the factor is on, its
 * recovery codes made. Writes mfa.enabled, or mfa.failed /
 * mfa.throttled. APP_OK, APP_REFUSED (why), APP_BUSY, APP_ERROR.
 */
enum app_rc	app_mfa_enrol_confirm(const struct call *, enum mfa_kind,
		    int64_t principal, const char *code, struct mfa_out *out);
/*
 * The second step of a sign-in: a code from the app, or a recovery code
 * (used up; the owner is e-mailed that one was used). Writes mfa.ok or
 * mfa.recovery_used, or mfa.failed / mfa.throttled. APP_OK, APP_REFUSED
 * (why), APP_BUSY, APP_ERROR.
 */
enum app_rc	app_mfa_verify(const struct call *, enum mfa_kind,
		    int64_t principal, const char *code, struct mfa_out *out);
/*
 * Turns the factor off, with a current code (or a recovery code), if the
 * policy allows (policy_mfa); the owner is e-mailed. Writes mfa.disabled
 * (or a refusal's row). APP_OK, APP_REFUSED (why), APP_BUSY, APP_ERROR.
 */
enum app_rc	app_mfa_disable(const struct call *, enum mfa_kind,
		    int64_t principal, const char *code, struct mfa_out *out);
/*
 * New recovery codes, with a current code: the old ones stop working.
 * Writes mfa.recovery_regenerated. APP_OK (codes), APP_REFUSED (why),
 * APP_BUSY, APP_ERROR.
 */
enum app_rc	app_mfa_recovery_new(const struct call *, enum mfa_kind,
		    int64_t principal, const char *code, struct mfa_out *out);

#endif
