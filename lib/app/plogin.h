/*
 * The provider portal's sign-in (P-LOGIN 1-4; issue 11.3, 11.4) as
 * operations (app.h): e-mail and password, hospital single sign-on, and
 * the e-mailed single-use link with which a person chooses their first
 * password and security questions. The session is the web layer's
 * (sess.h); these check, count and audit. The account's standing is told
 * only after the right password: a wrong password reads the same for
 * every address, with or without an account.
 */
#ifndef PORTAL_APP_PLOGIN_H
#define PORTAL_APP_PLOGIN_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "policy_secret.h"

struct arena;
struct call;

enum plogin_why {
	PLOGIN_NONE,
	PLOGIN_THROTTLED,	/* wait seconds first */
	PLOGIN_WRONG,		/* no such account, no password yet, or wrong */
	PLOGIN_STANDING,	/* right password; the account may not sign in
				 * (message: policy_provider_standing_text) */
	PLOGIN_EXPIRED		/* right password, older than
				 * provider_password_days: reset it */
};

struct plogin_in {
	const char	*email;
	const char	*password;
	const char	*device;	/* sess_device(c, "provider:<email>") */
};
struct plogin_out {
	enum plogin_why	 why;		/* APP_REFUSED */
	long		 wait;		/* PLOGIN_THROTTLED: seconds */
	const char	*message;	/* PLOGIN_STANDING */
	int64_t		 id;		/* APP_OK: provider_accounts.id */
	int		 sponsored;	/* APP_OK: a sponsored user's account */
	int		 need;		/* APP_OK: enum mfa_need */
};

/*
 * Sign-in with e-mail and password, throttled as the family sign-in is
 * (the count is "provider:<email>"). Writes provider_login.ok (signed
 * in), provider_login.password (right password, the second factor to
 * come), provider_login.failed, .throttled, .refused (standing) or
 * .expired, each with the address. APP_OK, APP_REFUSED, APP_BUSY,
 * APP_ERROR.
 */
enum app_rc	app_provider_login(const struct call *, const struct plogin_in *,
		    struct plogin_out *);

/*
 * Hospital single sign-on: user is REMOTE_USER, set by the web server's
 * authentication module (never by the client). An account whose
 * sso_user it is and which stands signs in; no second factor (the
 * hospital's identity provider is the authority). Writes provider_sso.ok
 * or provider_sso.refused. APP_OK (id, sponsored), APP_REFUSED (why:
 * PLOGIN_WRONG for no such account, PLOGIN_STANDING with message),
 * APP_BUSY, APP_ERROR.
 */
enum app_rc	app_provider_sso(const struct call *, const char *user,
		    struct plogin_out *);

/* What the provider portal's home page shows of the signed-in account. */
struct phome {
	const char	*name;		/* "given family" */
	const char	*email;
	int		 sponsored;
	const char	*sponsor_name;	/* sponsored: the sponsor's name */
	int		 may_sponsor;	/* policy_provider_may_sponsor */
	int		 sso;		/* signs in with Children's ID */
};
/* APP_OK, APP_REFUSED (no such account), APP_BUSY, APP_ERROR. */
enum app_rc	app_provider_home(const struct call *, struct phome *out);

/* The security questions: three different ones from a shipped list. */
#define APP_QUESTIONS	3
/* The list (*n entries); a choice is its index + 1. */
const char *const *app_question_list(size_t *n);
/* An answer as compared: lower case, runs of white space as one space,
 * none at either end (arena). */
const char	*app_answer_fold(struct arena *, const char *answer);

/* Three chosen questions (numbers in app_question_list; 0 where none
 * was chosen or the form found it wrong) and their answers (NULL where
 * missing or wrong). */
struct questions_in {
	int64_t		 q[APP_QUESTIONS];
	const char	*a[APP_QUESTIONS];
};
struct app_invalid {
	const char	*field;		/* the form field, or NULL */
	const char	*message;
};
/* Checks in and hashes the answers into out (APP_QUESTIONS entries, in
 * the arena): APP_OK, or APP_INVALID with *bad. */
struct security_answer;
enum app_rc	app_questions_make(const struct call *, const struct questions_in *,
		    struct security_answer **out, struct app_invalid *bad);

/*
 * The e-mailed single-use link (purpose "setup"): the person chooses a
 * password and, when security_questions is on, three security questions.
 * No session is started: they sign in next. Writes provider.setup, or
 * provider.setup_refused. code NULL: the form found it missing.
 */
struct psetup_in {
	const char		*code;
	const char		*password, *password2;
	struct questions_in	 qs;
	int			 check;		/* only whether the link works
						 * (the page's check on arrival,
						 * issue 15.4): APP_OK, nothing
						 * changed */
};
struct psetup_out {
	enum secret_state	 state;		/* APP_REFUSED: the link's */
	const char		*message;	/* APP_REFUSED */
	struct app_invalid	 bad;		/* APP_INVALID */
	const char		*email;		/* APP_OK: the account's */
};
enum app_rc	app_provider_setup(const struct call *, const struct psetup_in *,
		    struct psetup_out *);

/*
 * E-mails account a single-use link to choose its password (and
 * security questions) at /provider/setup, valid setup_link_lifetime;
 * earlier unused links stop working. Writes provider.setup_link. Used by
 * `portalctl provider link` (IT: a new link after one expired) and on
 * approval. APP_OK, APP_REFUSED (no such account, or one not in good
 * standing), APP_BUSY, APP_ERROR.
 */
enum app_rc	app_provider_setup_send(const struct call *, int64_t account);

#endif
