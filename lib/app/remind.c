/*
 * Reminders before the 18th birthday (remind.h). Moved here from
 * portalctl so that the application tests can run it as cron does, twice
 * and at once (issue 15.8).
 */
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "enrol.h"
#include "mail.h"
#include "policy_record.h"
#include "portal.h"
#include "remind.h"
#include "store_accounts.h"

/* The e-mail's words: the first name and the days left; never the date,
 * which would tell the date of birth (issue 15.5). */
static const char *
birthday_text(struct arena *a, const struct conf *cf,
    const struct guardian_hold *g, int left)
{
	const char	*name = g->given != NULL && *g->given != '\0' ?
	    g->given : NULL;

	return arena_printf(a, "%s turns 18 in %d day%s. Your access to %s "
	    "record on %s ends on that day.", name ? name : "A patient on "
	    "your account", left, left == 1 ? "" : "s", name ?
	    arena_printf(a, "%s's", name) : "their", cf->portal_name);
}

/* One reminder in its own transaction: 1 queued, 0 sent before, -1. */
static int
remind_one(const struct call *c, const struct guardian_hold *g, int day,
    int left)
{
	int	 rc;

	if (db_begin(c->p->db) == -1)
		return -1;
	if ((rc = store_reminder_once(c->p->db, g->account_id, g->patient_id,
	    day, c->now)) == 1 && (mail_queue(c->p->db, c->p->conf,
	    MAIL_BIRTHDAY, g->email, NULL, birthday_text(c->a, c->p->conf, g,
	    left), c->now) == -1 || audit_call(c, "reminder.birthday",
	    g->patient_id, arena_printf(c->a, "account %lld, reminder %d, %d "
	    "days", (long long)g->account_id, day, left)) == -1))
		rc = -1;
	if (rc == -1 || db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return -1;
	}
	return rc;
}

enum app_rc
app_birthday_remind(const struct call *c, long *sent)
{
	struct guardian_hold	*g;
	size_t			 n, i;
	int			 y, m, d, day, left, rc;

	*sent = 0;
	if (store_guardian_holds(c->p->db, c->a, &g, &n) == -1)
		return app_db_failed(c);
	enrol_today(c->now, &y, &m, &d);
	for (i = 0; i < n; i++) {
		if ((day = policy_reminder_due(c->p->rules, g[i].dob,
		    g[i].guardianship, y, m, d, &left)) <= 0)
			continue;
		if ((rc = remind_one(c, &g[i], day, left)) == -1)
			return app_db_failed(c);
		*sent += rc;
	}
	return APP_OK;
}
