/*
 * E-mailed pass codes of the provider portal (P-LOGIN 3; issue 11.3) as
 * operations (app.h): "reset a forgotten or expired password" and the
 * changes of a signed-in account that need one (security questions), and
 * the other changes of the account page (issue 11.7). A code is 8
 * digits, stored only hashed, single use, expiring after
 * pass_code_lifetime, void after pass_code_tries wrong tries; only the
 * latest of a purpose counts (policy_pass_code). Wrong codes and answers
 * are throttled per client address too, and never logged.
 */
#ifndef PORTAL_APP_PASSCODE_H
#define PORTAL_APP_PASSCODE_H

#include <stdint.h>

#include "app.h"
#include "plogin.h"
#include "policy_secret.h"

struct call;
struct provider_account;

/*
 * "Forgot your password?": e-mails a pass code (purpose 'reset') if the
 * address has an account in good standing, a few an hour at most; the
 * same answer whatever the address. Writes provider.pass_code when it
 * sends one. APP_OK; APP_REFUSED (*wait seconds) when this client address
 * asked too often; APP_BUSY, APP_ERROR.
 */
/* Sets a's password (pw_changed now), ends its sessions and sign-in
 * delays, e-mails the owner, inside the caller's transaction. 0 or -1. */
int		app_provider_password_set(const struct call *,
		    const struct provider_account *, const char *hash);
enum app_rc	app_provider_forgot(const struct call *, const char *email,
		    long *wait);

/*
 * Resets the password with the e-mailed code. Without password and
 * password2 (both NULL) it only checks the code and says which security
 * questions to ask (the next page); with them, the answers (when
 * security_questions is on and the account has answers) are checked
 * with the code: a wrong answer is a wrong try of the code. Then: the
 * new password (pw_changed now), every session of the account ends, its
 * sign-in counts are cleared, it is e-mailed that the password changed.
 * Writes provider.password_reset, or provider.reset_refused.
 */
struct preset_in {
	const char	*email;
	const char	*code;
	const char	*answer[APP_QUESTIONS];	/* NULL: not given */
	const char	*password, *password2;	/* NULL: the check only */
};
struct preset_out {
	enum secret_state state;	/* APP_REFUSED */
	const char	*message;	/* APP_REFUSED */
	long		 wait;		/* APP_REFUSED, throttled: seconds */
	const char	*question[APP_QUESTIONS]; /* to ask (APP_OK, APP_INVALID) */
	int		 nquestions;
	struct app_invalid bad;		/* APP_INVALID */
	int		 done;		/* APP_OK: the password was changed */
};
enum app_rc	app_provider_reset(const struct call *, const struct preset_in *,
		    struct preset_out *);

/* The signed-in account's own changes (the caller's c->who). */

/* Name and phone. Writes provider.contact_changed. APP_OK, APP_BUSY,
 * APP_ERROR. */
enum app_rc	app_provider_contact(const struct call *, const char *given,
		    const char *family, const char *phone);
/*
 * A new password, the current one required (counted as sign-in
 * attempts are). Every other session of the account ends (the caller
 * starts a new one); the account is e-mailed. Writes
 * provider.password_changed or provider.password_refused. APP_OK,
 * APP_REFUSED (bad: the current password is wrong, or wait), APP_INVALID
 * (bad), APP_BUSY, APP_ERROR.
 */
struct ppassword_in {
	const char	*current, *password, *password2;
};
enum app_rc	app_provider_password(const struct call *,
		    const struct ppassword_in *, struct app_invalid *bad);
/* E-mails the account a pass code to change its security questions
 * (purpose 'questions'). Writes provider.pass_code. APP_OK, APP_REFUSED
 * (too many asked this hour), APP_BUSY, APP_ERROR. */
enum app_rc	app_provider_questions_code(const struct call *);
/* New security questions with that code. Writes
 * provider.questions_changed or provider.questions_refused. APP_OK,
 * APP_REFUSED (out->state, message), APP_INVALID (out->bad), APP_BUSY,
 * APP_ERROR. */
enum app_rc	app_provider_questions(const struct call *, const char *code,
		    const struct questions_in *, struct preset_out *out);

#endif
