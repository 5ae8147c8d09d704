/*
 * The contact form (issue 15.6): what a family member, a clinician or
 * anyone else writes to the portal's support team, queued in the mail
 * outbox to contact_to (or support_email). The message is what the person
 * typed, so the e-mail carries it; no log line or audit row does.
 * Throttled per client address and per sender (the account signed in, or
 * the e-mail address typed): THR_CONTACT_ADDRESS, THR_CONTACT_SENDER.
 */
#ifndef PORTAL_HELPDESK_H
#define PORTAL_HELPDESK_H

#include "app.h"

struct call;

struct helpdesk_in {
	const char	*name;		/* as typed, checked by the page */
	const char	*email;		/* valid_email */
	const char	*topic;		/* a label of the page's list */
	const char	*message;	/* multi-line */
};

struct helpdesk_out {
	long		 wait;		/* APP_REFUSED: seconds to wait */
};

/* Queues the message to the support team: APP_OK, APP_REFUSED (throttled:
 * out->wait), or a failure. */
enum app_rc	app_helpdesk_send(const struct call *, const struct helpdesk_in *,
		    struct helpdesk_out *);

#endif
