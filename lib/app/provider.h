/*
 * The provider portal's accounts as operations (app.h): an account's
 * standing, asked at sign-in and on every request (sess.c).
 */
#ifndef PORTAL_APP_PROVIDER_H
#define PORTAL_APP_PROVIDER_H

#include <stdint.h>

#include "app.h"
#include "policy_provider.h"
#include "store_provider.h"

struct call;

/* The policy's view of a stored account. */
void	app_provider_standing_in(const struct provider_account *,
	    struct provider_standing_in *out);
/*
 * Where account id stands now (policy_provider_standing); *acct, if not
 * NULL, is filled. A missing account stands as revoked. The standing, or
 * -1 if the store could not answer.
 */
int	app_provider_standing(const struct call *, int64_t id,
	    struct provider_account *acct);

/*
 * E-mails account a new single-use "setup" link to choose its password
 * (older ones stop working), as mail kind (MAIL_PROVIDER_SETUP,
 * MAIL_SPONSORED_SETUP; reason: the mail's {reason}), with the audit row
 * action/detail, in a transaction of its own. The caller has checked who
 * may. APP_OK, or a failure.
 */
enum app_rc	app_provider_link_send(const struct call *, int64_t account,
		    const char *email, int kind, const char *reason,
		    const char *action, const char *detail);

#endif
