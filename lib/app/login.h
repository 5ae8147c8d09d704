/*
 * Signing in and recovering a password (F-LOGIN, F-SIGNUP 6, S-2), as
 * operations (app.h). The session itself is the web layer's (sess.h):
 * these check, count and audit; the page starts or ends the session.
 * No answer tells whether an address has an account.
 */
#ifndef PORTAL_LOGIN_H
#define PORTAL_LOGIN_H

#include <stdint.h>

#include "app.h"
#include "policy_secret.h"

struct call;

enum login_why {
	LOGIN_NONE,
	LOGIN_THROTTLED,	/* wait seconds first */
	LOGIN_WRONG,		/* no such account, wrong password, disabled */
	LOGIN_UNVERIFIED	/* right password, address not confirmed: a
				 * new link was e-mailed */
};

struct login_in {
	const char	*who;		/* family: e-mail; staff: user name */
	const char	*password;
	const char	*device;	/* the browser's id for who (sess_device),
					 * or NULL */
};
struct login_out {
	enum login_why	 why;		/* APP_REFUSED */
	long		 wait;		/* LOGIN_THROTTLED: seconds */
	int64_t		 id;		/* APP_OK: accounts.id or staff.id */
};

/*
 * Family sign-in. Writes login.ok, login.failed, login.throttled or
 * login.unverified (detail: the address); raises an old password hash to
 * the configured parameters. APP_OK, APP_REFUSED, APP_ERROR.
 */
enum app_rc	app_login(const struct call *, const struct login_in *,
		    struct login_out *);
/* Staff sign-in: the same with staff_login.* rows (detail: the user
 * name); the throttle counts "staff:<name>". */
enum app_rc	app_staff_login(const struct call *, const struct login_in *,
		    struct login_out *);

/*
 * "Forgot your password?": e-mails a reset link if the address has an
 * enabled account, a few an hour at most; writes
 * password.reset_requested when it does. APP_OK whatever the address,
 * APP_BUSY, APP_ERROR.
 */
struct forgot_in {
	const char	*email;
};
enum app_rc	app_password_forgot(const struct call *, const struct forgot_in *);

/*
 * Sets a new password with the code of the e-mailed link: the address
 * counts as confirmed, the sign-in delays and every session of the
 * account end, the owner is e-mailed. password or password2 NULL: the
 * form found them wrong (APP_INVALID, field NULL, once the code is
 * checked). Writes password.reset, or password.reset_refused. APP_OK,
 * APP_REFUSED (state, message), APP_INVALID (field, message), APP_BUSY,
 * APP_ERROR.
 */
struct reset_in {
	const char	*code;
	const char	*password, *password2;
	int		 check;		/* only whether the link works (the
					 * page's check on arrival, issue
					 * 15.4): APP_OK, nothing changed */
};
struct reset_out {
	enum secret_state state;
	const char	*field;		/* APP_INVALID, or NULL */
	const char	*message;
	int64_t		 account;
};
enum app_rc	app_password_reset(const struct call *, const struct reset_in *,
		    struct reset_out *);

#endif
