/*
 * Sponsored staff (sponsor.h): the sponsor's standing from the store,
 * the decisions from policy_provider and policy_sponsor, each change in
 * one transaction with its audit row.
 */
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "call.h"
#include "conf.h"
#include "db.h"
#include "mail.h"
#include "portal.h"
#include "provider.h"
#include "secret.h"
#include "sponsor.h"
#include "store_provider.h"
#include "store_sess.h"

/* The caller's own account if it may sponsor: 1; 0 if not; -1 on error. */
static int
sponsor_get(const struct call *c, struct provider_account *me)
{
	struct provider_standing_in in;
	int			 rc;

	if (c->who.kind != ACTOR_PROVIDER)
		return 0;
	if ((rc = store_provider_by_id(c->p->db, c->a, c->who.id, me)) != 1)
		return rc;
	app_provider_standing_in(me, &in);
	return policy_provider_may_sponsor(&in, me->sponsor_granted);
}

int
app_sponsor_may(const struct call *c)
{
	struct provider_account	 me;

	return sponsor_get(c, &me);
}

/* Checks the caller: 1 if a sponsor; else 0 with the refusal audited
 * (what names what was asked), or -1. */
static int
sponsor_check(const struct call *c, struct provider_account *me,
    const char *what)
{
	int	 rc;

	if ((rc = sponsor_get(c, me)) == 0 &&
	    audit_call(c, "sponsor.refused", 0, what) == -1)
		return -1;
	return rc;
}

static const char *
user_ref(const struct call *c, int64_t id)
{
	return arena_printf(c->a, "provider:%" PRId64, id);
}

/* The sponsor as their users' e-mail names them: "Ann Smith, MD". */
static const char *
sponsor_name(const struct call *c, const struct provider_account *me)
{
	return arena_printf(c->a, "%s %s%s%s", me->given, me->family,
	    me->credential != NULL ? ", " : "", me->credential != NULL ?
	    me->credential : "");
}

enum app_rc
app_sponsor_list(const struct call *c, struct sponsor_list_out *out,
    enum sponsor_why *why)
{
	struct provider_account	 me;
	int			 rc;

	memset(out, 0, sizeof(*out));
	*why = SPONSOR_OK;
	if ((rc = sponsor_check(c, &me, "list")) != 1) {
		*why = SPONSOR_NOT_SPONSOR;
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	if (store_sponsor_users(c->p->db, c->a, me.id, &out->users,
	    &out->n) == -1)
		return app_db_failed(c);
	return APP_OK;
}

static enum app_rc
add_invalid(struct sponsor_add_out *out, const char *field, const char *msg)
{
	out->why = SPONSOR_INPUT;
	out->field = field;
	out->problem = msg;
	return APP_INVALID;
}

enum app_rc
app_sponsor_add(const struct call *c, const struct sponsor_add_in *in,
    struct sponsor_add_out *out)
{
	struct provider_account	 me, n, old;
	struct link_secret	 ls;
	enum sponsor_kind	 k;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sponsor_check(c, &me, "add")) != 1) {
		out->why = SPONSOR_NOT_SPONSOR;
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	}
	if (in->given == NULL || in->family == NULL || in->email == NULL)
		return add_invalid(out, NULL, "Fill in every field.");
	/* Only the policy's kinds: nothing posted becomes a role. */
	if (policy_sponsor_kind(in->kind, &k) == -1)
		return add_invalid(out, "role", "Choose the person's role from "
		    "the list.");
	secret_link_make(c->a, c->p->conf, &ls);	/* the slow hash, unlocked */
	memset(&n, 0, sizeof(n));
	n.kind = "sponsored";
	n.status = "approved";
	n.given = in->given;
	n.family = in->family;
	n.email = in->email;
	n.sponsor_id = me.id;		/* the caller, never the form */
	n.staff_kind = policy_sponsor_kind_name(k);
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	if ((rc = store_provider_by_email(c->p->db, c->a, in->email, &old)) != 0) {
		db_rollback(c->p->db);
		if (rc == -1)
			return app_db_failed(c);
		if (audit_call(c, "sponsor.create_refused", 0,
		    "address already on file") == -1)
			return APP_ERROR;
		return add_invalid(out, "email", "This e-mail address already "
		    "has a provider portal account, so no account was made. "
		    "Each person needs an address of their own; if this person "
		    "already has an account, call the provider portal's support "
		    "line.");
	}
	if ((out->id = store_provider_create(c->p->db, &n, c->now)) == -1 ||
	    secret_link_store(c->p->db, &ls, out->id, "setup", c->now,
	    c->p->conf->setup_link_lifetime) == -1 ||
	    mail_queue(c->p->db, c->p->conf, MAIL_SPONSORED_SETUP, n.email,
	    ls.text, sponsor_name(c, &me), c->now) == -1 ||
	    audit_call(c, "sponsor.create", 0, arena_printf(c->a, "%s %s",
	    user_ref(c, out->id), n.staff_kind)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

/* The caller's user in->id: 1 and *u; 0 with out->why set and the
 * refusal audited (not a sponsor, or not their user); -1 on error. */
static int
user_get(const struct call *c, const struct sponsor_user_in *in,
    const char *what, struct provider_account *me, struct sponsored_user *u,
    struct sponsor_user_out *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sponsor_check(c, me, arena_printf(c->a, "%s %s", what,
	    user_ref(c, in->id)))) != 1) {
		out->why = SPONSOR_NOT_SPONSOR;
		return rc;
	}
	if ((rc = store_sponsor_user(c->p->db, c->a, me->id, in->id, u)) == 0) {
		out->why = SPONSOR_NO_SUCH;
		return audit_call(c, "sponsor.refused", 0, arena_printf(c->a,
		    "%s %s: not the sponsor's", what, user_ref(c, in->id))) ==
		    -1 ? -1 : 0;
	}
	if (rc == 1)
		out->name = arena_printf(c->a, "%s %s", u->given, u->family);
	return rc;
}

/* What the sponsor is told when the user's status does not allow act. */
static const char *
not_now(const struct call *c, const struct sponsored_user *u,
    const char *name, enum status_act act)
{
	if (strcmp(u->status, "revoked") == 0)
		return arena_printf(c->a, "%s's access was revoked, which is "
		    "final. To give them access again, add them as a new staff "
		    "member with another e-mail address.", name);
	if (act == SACT_SUSPEND)
		return arena_printf(c->a, "%s is not active, so there is nothing "
		    "to suspend.", name);
	return arena_printf(c->a, "%s is not suspended, so there is nothing "
	    "to reinstate.", name);
}

enum app_rc
app_sponsor_status(const struct call *c, const struct sponsor_user_in *in,
    struct sponsor_user_out *out)
{
	static const char *const actions[SACT__MAX] = {
		[SACT_SUSPEND] = "sponsor.suspend",
		[SACT_REINSTATE] = "sponsor.reinstate",
		[SACT_REVOKE] = "sponsor.revoke",
	};
	struct provider_account	 me;
	struct sponsored_user	 u;
	const char		*to;
	int			 rc;

	if ((unsigned)in->act >= SACT__MAX)
		return APP_ERROR;
	if ((rc = user_get(c, in, policy_status_act_name(in->act), &me, &u,
	    out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if ((to = policy_status_after(u.status, in->act)) == NULL) {
		out->why = SPONSOR_NOT_NOW;
		out->problem = not_now(c, &u, out->name, in->act);
		return APP_INVALID;
	}
	if (db_begin(c->p->db) == -1)
		return app_db_failed(c);
	/* Changed only if still what was read: a second click or another
	 * window in between changes nothing twice. */
	if ((rc = store_sponsor_set_status(c->p->db, me.id, u.id, u.status,
	    to)) != 1) {
		db_rollback(c->p->db);
		if (rc == -1)
			return app_db_failed(c);
		out->why = SPONSOR_NOT_NOW;
		out->problem = arena_printf(c->a, "%s's access changed while "
		    "you were looking; here is how it stands now.", out->name);
		return APP_INVALID;
	}
	/* Taking access away: the standing refuses the user's next request,
	 * which ends the session and says why (sess.c). Giving it back: no
	 * session from before the suspension comes back. */
	if ((!policy_status_ends_access(in->act) &&
	    store_sess_delete_principal(c->p->db, SESS_SPONSORED, u.id) == -1) ||
	    audit_call(c, actions[in->act], 0, arena_printf(c->a, "%s %s -> %s",
	    user_ref(c, u.id), u.status, to)) == -1 ||
	    db_commit(c->p->db) == -1) {
		db_rollback(c->p->db);
		return app_db_failed(c);
	}
	return APP_OK;
}

enum app_rc
app_sponsor_user(const struct call *c, const struct sponsor_user_in *in,
    struct sponsor_user_out *out)
{
	struct provider_account	 me;
	struct sponsored_user	 u;
	int			 rc;

	if ((rc = user_get(c, in, "view", &me, &u, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	return APP_OK;
}

enum app_rc
app_sponsor_resend(const struct call *c, const struct sponsor_user_in *in,
    struct sponsor_user_out *out)
{
	struct provider_account	 me;
	struct sponsored_user	 u;
	int			 rc;

	if ((rc = user_get(c, in, "link", &me, &u, out)) != 1)
		return rc == 0 ? APP_REFUSED : app_db_failed(c);
	if (!policy_sponsor_may_resend(u.status, u.has_password)) {
		out->why = SPONSOR_NOT_NOW;
		out->problem = u.has_password ? arena_printf(c->a, "%s has "
		    "already chosen a password. If they forgot it, they can "
		    "reset it on the sign-in page.", out->name) :
		    arena_printf(c->a, "%s's access is not active, so no link "
		    "was sent.", out->name);
		return APP_INVALID;
	}
	return app_provider_link_send(c, u.id, u.email, MAIL_SPONSORED_SETUP,
	    sponsor_name(c, &me), "sponsor.link_resent", user_ref(c, u.id));
}

const char *
app_sponsor_kind_label(const char *kind)
{
	enum sponsor_kind	 k;

	return policy_sponsor_kind(kind, &k) == 0 ?
	    policy_sponsor_kind_label(k) : "";
}
