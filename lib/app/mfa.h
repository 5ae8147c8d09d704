/*
 * Second factors (TOTP, RFC 6238; P-LOGIN 5), as operations (app.h).
 * A password sign-in asks app_mfa_need which stage its session starts at
 * (sess_start): signed in, a code to ask for, or an enrolment first.
 */
#ifndef PORTAL_APP_MFA_H
#define PORTAL_APP_MFA_H

#include <stdint.h>

#include "app.h"

struct call;

enum mfa_kind { MFA_FAMILY, MFA_PROVIDER };

enum mfa_need {
	MFA_NONE,	/* no second factor: signed in */
	MFA_CODE,	/* a confirmed factor: ask for a code */
	MFA_ENROL	/* none, and the hospital requires one: set it up */
};

/* The store's word for kind ("family", "provider"). */
const char	*app_mfa_kind_name(enum mfa_kind);
/* After a right password: what the sign-in still needs. MFA_ENROL only
 * for provider-portal accounts with provider_mfa_required on. The need,
 * or -1 if the store could not answer. */
int		 app_mfa_need(const struct call *, enum mfa_kind, int64_t principal);

#endif
