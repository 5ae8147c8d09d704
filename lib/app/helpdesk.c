/*
 * The contact form's message to the support team (helpdesk.h).
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "auth.h"
#include "call.h"
#include "conf.h"
#include "helpdesk.h"
#include "mail.h"
#include "portal.h"

/* Who the sender rule counts: the account signed in, else the address
 * typed (lower case, as accounts are found). */
static const char *
sender(const struct call *c, const char *email)
{
	char	*s;
	size_t	 i;

	if (c->who.kind != ACTOR_NOBODY)
		return actor_name(c->a, &c->who);
	s = arena_strdup(c->a, email);
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	return arena_printf(c->a, "contact:%s", s);
}

enum app_rc
app_helpdesk_send(const struct call *c, const struct helpdesk_in *in,
    struct helpdesk_out *out)
{
	const struct conf	*cf = c->p->conf;
	const char		*who, *to, *body, *account;
	long			 w;

	memset(out, 0, sizeof(*out));
	who = sender(c, in->email);
	out->wait = auth_wait(c, THR_CONTACT_ADDRESS, NULL);
	if ((w = auth_wait(c, THR_CONTACT_SENDER, who)) > out->wait)
		out->wait = w;
	if (out->wait > 0) {
		if (audit_call(c, "help.contact_throttled", 0, NULL) == -1)
			return app_db_failed(c);
		return APP_REFUSED;
	}
	if (auth_count(c, THR_CONTACT_ADDRESS, NULL) == -1 ||
	    auth_count(c, THR_CONTACT_SENDER, who) == -1)
		return app_db_failed(c);
	account = c->who.kind == ACTOR_NOBODY ? "not signed in" :
	    arena_printf(c->a, "signed in (%s)", actor_name(c->a, &c->who));
	body = arena_printf(c->a, "Name: %s\nE-mail: %s\nAccount: %s\n"
	    "Topic: %s\n\n%s", in->name, in->email, account, in->topic,
	    in->message);
	to = cf->contact_to != NULL && *cf->contact_to != '\0' ?
	    cf->contact_to : cf->support_email;
	if (mail_queue(c->p->db, cf, MAIL_CONTACT, to, NULL, body,
	    c->now) == -1)
		return app_db_failed(c);
	/* The row says that a message was sent, never what it says. */
	if (audit_call(c, "help.contact", 0, NULL) == -1)
		return app_db_failed(c);
	return APP_OK;
}
