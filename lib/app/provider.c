/*
 * A provider-portal account's standing: the store's facts, the policy's
 * verdict (provider.h).
 */
#include <string.h>

#include "audit.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "mail.h"
#include "provider.h"
#include "secret.h"

void
app_provider_standing_in(const struct provider_account *a,
    struct provider_standing_in *out)
{
	memset(out, 0, sizeof(*out));
	out->status = a->status;
	out->sponsored = a->kind != NULL && strcmp(a->kind, "sponsored") == 0;
	out->sponsor_status = a->sponsor_status;
	out->sponsor_granted = a->sponsor_privileges;
}

int
app_provider_standing(const struct call *c, int64_t id,
    struct provider_account *acct)
{
	struct provider_account	 mine;
	struct provider_standing_in in;

	if (acct == NULL)
		acct = &mine;
	switch (store_provider_by_id(c->p->db, c->a, id, acct)) {
	case 1:
		break;
	case 0:
		memset(acct, 0, sizeof(*acct));
		return PSTAND_REVOKED;
	default:
		return -1;
	}
	app_provider_standing_in(acct, &in);
	return policy_provider_standing(&in);
}

enum app_rc
app_provider_link_send(const struct call *c, int64_t account, const char *email,
    int kind, const char *reason, const char *action, const char *detail)
{
	struct link_secret	 ls;

	/* The slow hash before the write lock. */
	secret_link_make(c->a, c->p->conf, &ls);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if (secret_link_store(c->p->db, &ls, account, "setup", c->now,
	    c->p->conf->setup_link_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, (enum mail_kind)kind, email,
	    ls.text, reason, c->now) == -1 ||
	    audit_call(c, action, 0, detail) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}
