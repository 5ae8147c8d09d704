/*
 * The contact form's message to support (lib/app/helpdesk.h, issue 15.6)
 * without a web server: queued to contact_to (else support_email) with
 * what was typed, the audit row naming no text; the per-address rule (5
 * an hour) and the per-sender rule (5 a day from one account, or one
 * typed address) refuse with a wait and queue nothing.
 */
#include <string.h>

#include "app_test.h"
#include "conf.h"
#include "db.h"
#include "helpdesk.h"

#define NOW	1768478400	/* 2026-01-15 12:00 UTC */

static struct portal	*P;

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_MAILS, Q_AUDIT_TEXT, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_MAILS] = { "mails", "SELECT COUNT(*) FROM outbox WHERE to_addr = ?" },
	[Q_AUDIT_TEXT] = { "audit_text", "SELECT COUNT(*) FROM audit WHERE "
	    "action = 'help.contact' AND (detail IS NULL OR detail = '')" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_helpdesk", q);

static int64_t
mails(const char *to)
{
	int64_t	 n = -1;

	if (db_int(P->db, &q[Q_MAILS], &n, "t", to) == -1)
		T_OK(0, "count mails");
	return n;
}

static enum app_rc
send(struct call *c, const char *email, const char *message, long *wait)
{
	struct helpdesk_in	 in;
	struct helpdesk_out	 out;
	enum app_rc		 rc;

	in.name = "Robin Example";
	in.email = email;
	in.topic = "A technical problem";
	in.message = message;
	rc = app_helpdesk_send(c, &in, &out);
	*wait = out.wait;
	return rc;
}

static void
test_sent_and_throttled(void)
{
	struct call	 c = t_call(P, ACTOR_NOBODY, 0, NOW);
	const char	*to = P->conf->support_email;
	const char	*msg = "Line one\nLine two, with \"quotes\" & <tags>";
	int64_t		 n = -1;
	long		 wait;
	int		 i;

	T_INT(send(&c, "Robin@Example.org", msg, &wait), APP_OK, "sent");
	T_INT(mails(to), 1, "queued to support_email (contact_to empty)");
	T_INT(db_int(P->db, &q[Q_AUDIT_TEXT], &n, ""), 1, "audit count");
	T_INT(n, 1, "one help.contact row, with no text");
	/* The same typed address, any case: the sender rule (5 a day). */
	for (i = 0; i < 4; i++)
		T_INT(send(&c, "robin@example.org", msg, &wait), APP_OK,
		    "sent again");
	T_INT(mails(to), 5, "five queued");
	T_INT(send(&c, "ROBIN@example.org", msg, &wait), APP_REFUSED,
	    "the sixth: refused");
	T_OK(wait > 0, "with a wait");
	T_INT(mails(to), 5, "nothing more queued");
	/* From the same address with another e-mail: the address rule
	 * (5 an hour) refuses too. */
	T_INT(send(&c, "someone.else@example.org", msg, &wait), APP_REFUSED,
	    "the address's sixth: refused");
	/* An hour later from another address, a new sender goes ahead. */
	c.now = NOW + 3601;
	c.who.addr = "192.0.2.8";
	T_INT(send(&c, "someone.else@example.org", msg, &wait), APP_OK,
	    "a new hour, another address");
	T_INT(send(&c, "robin@example.org", msg, &wait), APP_REFUSED,
	    "the typed address's day is not over");
	arena_free(c.a);
}

int
main(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "prepare: %s\n", err);
		return 1;
	}
	test_sent_and_throttled();
	portal_close(P);
	t_portal_remove();
	return t_done("app_helpdesk");
}
