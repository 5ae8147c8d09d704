/*
 * Sponsored staff as operations (lib/app/sponsor.h, issue 11.5) and the
 * hospital's side (lib/app/provider_status.h): a sponsor adds a nurse
 * (an approved sponsored account of theirs, a working set-password link
 * in the e-mail), suspends, reinstates and revokes them (sessions end,
 * revoked is final), sends a new link; another sponsor, a clinician
 * without privileges and a sponsored user are refused and change
 * nothing; IT takes a sponsor's privileges back or suspends the sponsor,
 * and the users' sessions and standing end with it. Every change and
 * refusal leaves its audit row.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "app_test.h"
#include "audit.h"
#include "crypto.h"
#include "db.h"
#include "provider.h"
#include "provider_status.h"
#include "secret.h"
#include "sponsor.h"
#include "store_audit.h"
#include "store_outbox.h"
#include "store_provider.h"
#include "store_sess.h"
#include "store_staff.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */

static struct portal	*P;
static int64_t		 ann, bob, carl;	/* sponsors Ann and Bob; Carl
						 * without privileges */
static int64_t		 vera, pia;		/* staff: a verifier, provisioning */

/* ---- The audit log ---- */

static struct {
	size_t	 n;
	char	 actor[64], action[64], detail[256];
} last;

static int
keep(const struct audit_row *r, void *arg)
{
	(void)arg;
	last.n++;
	snprintf(last.actor, sizeof(last.actor), "%s", r->actor);
	snprintf(last.action, sizeof(last.action), "%s", r->action);
	snprintf(last.detail, sizeof(last.detail), "%s", r->detail ?
	    r->detail : "(none)");
	return 0;
}

static size_t
rows(void)
{
	struct arena	*a = arena_new();

	memset(&last, 0, sizeof(last));
	if (store_audit_each(P->db, a, keep, NULL) == -1)
		T_OK(0, "read the audit log");
	arena_free(a);
	return last.n;
}

/* The newest row is action with detail, by actor, and the only one since
 * before. */
static void
row_is(size_t before, const char *actor, const char *action,
    const char *detail, const char *what)
{
	T_INT(rows(), before + 1, what);
	T_STR(last.actor, actor, what);
	T_STR(last.action, action, what);
	T_STR(last.detail, detail, what);
}

/* ---- The scratch hospital ---- */

static void
ctl(const char *fmt, ...)
{
	char	 args[400], cmd[600];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "bin/portalctl %s >> %s/ctl.out 2>&1", args,
	    t_dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "portalctl %s failed (see %s/ctl.out)\n", args,
		    t_dir);
		exit(1);
	}
}

static int64_t
account_id(const char *email)
{
	struct arena		*a = arena_new();
	struct provider_account	 acct;
	int64_t			 id = 0;

	if (store_provider_by_email(P->db, a, email, &acct) == 1)
		id = acct.id;
	arena_free(a);
	return id;
}

static int64_t
staff_id(const char *user)
{
	struct arena	*a = arena_new();
	struct staff	 s;
	int64_t		 id = 0;

	if (store_staff_by_username(P->db, a, user, &s) == 1)
		id = s.id;
	arena_free(a);
	return id;
}

static void
hospital(void)
{
	char	 pw[300];
	FILE	*f;

	snprintf(pw, sizeof(pw), "%s/pw", t_dir);
	if ((f = fopen(pw, "w")) == NULL) {
		perror(pw);
		exit(1);
	}
	fputs("Answer4Tests!\n", f);
	fclose(f);
	ctl("provider add --email ann@example.org --given Ann --family Smith "
	    "--credential MD --sponsor < %s", pw);
	ctl("provider add --email bob@example.org --given Bob --family Jones "
	    "--sponsor < %s", pw);
	ctl("provider add --email carl@example.org --given Carl --family Ray "
	    "< %s", pw);
	ctl("staff add --username vera --name 'Vera Verifier' --role verifier "
	    "< %s", pw);
	ctl("staff add --username pia --name 'Pia Provisioning' --role "
	    "provisioning < %s", pw);
	ann = account_id("ann@example.org");
	bob = account_id("bob@example.org");
	carl = account_id("carl@example.org");
	vera = staff_id("vera");
	pia = staff_id("pia");
}

/* ---- Helpers ---- */

static struct call	 C;

static struct call *
as(enum actor_kind kind, int64_t id)
{
	if (C.a != NULL)
		arena_free(C.a);
	C = t_call(P, kind, id, NOW);
	return &C;
}

/* A live session of kind for principal; its id. */
static int64_t
session(enum sess_kind kind, int64_t principal)
{
	unsigned char	 tok[32], hash[32];

	crypto_random(tok, sizeof(tok));
	crypto_sha256(tok, sizeof(tok), hash);
	return store_sess_create(P->db, kind, SESS_IN, principal, hash, NOW,
	    "192.0.2.7");
}

/* Sessions of one kind and principal. Tests only: SQL stays in
 * lib/store for the portal. */
enum { Q_SESSIONS, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_SESSIONS] = { "sessions", "SELECT COUNT(*) FROM sessions "
	    "WHERE kind = ? AND principal = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_sponsor", q);

/* 1 if a session of kind for principal is still stored. */
static int
has_session(enum sess_kind kind, int64_t principal)
{
	static const char *const kinds[] = { "family", "staff", "provider",
	    "sponsored" };
	int64_t		 n = 0;

	if (db_int(P->db, &q[Q_SESSIONS], &n, "ti", kinds[kind], principal) == -1)
		T_OK(0, "count sessions");
	return n > 0;
}

/* The newest e-mail to addr (every other one claimed on the way): its
 * link code, or NULL. */
static const char *
setup_code(struct arena *a, const char *addr)
{
	struct outmail	 m;
	const char	*code = NULL, *p;

	while (store_outbox_claim(P->db, a, NOW, &m) == 1) {
		store_outbox_sent(P->db, m.id, NOW);
		if (strcmp(m.to, addr) != 0 ||
		    (p = strstr(m.body, "/provider/setup#t=")) == NULL)
			continue;
		p += strlen("/provider/setup#t=");
		code = arena_strndup(a, p, strcspn(p, "\n"));
		T_OK(strstr(m.body, "Ann Smith, MD has given you") != NULL ||
		    strstr(m.body, "Bob Jones has given you") != NULL,
		    "the e-mail names the sponsor:\n%s", m.body);
	}
	return code;
}

/* The link code's account, or 0 if the code does not work. */
static int64_t
link_owner(const char *code)
{
	struct arena		*a = arena_new();
	struct secret_row	 row;
	int64_t			 id = 0;

	if (code != NULL && secret_link_check(P->db, a, code, "setup", NOW,
	    &row) == SECRET_OK)
		id = row.owner;
	arena_free(a);
	return id;
}

static int
standing(int64_t id)
{
	return app_provider_standing(as(ACTOR_CLI, 0), id, NULL);
}

static const char *
status_of(int64_t id)
{
	static char		 buf[32];
	struct provider_account	 acct;

	if (store_provider_by_id(P->db, C.a, id, &acct) != 1)
		return "(none)";
	snprintf(buf, sizeof(buf), "%s", acct.status);
	return buf;
}

static enum app_rc
add(int64_t sponsor, enum actor_kind kind, const char *given,
    const char *email, const char *role, struct sponsor_add_out *out)
{
	struct sponsor_add_in	 in = { given, "Lane", email, role };

	return app_sponsor_add(as(kind, sponsor), &in, out);
}

static enum app_rc
change(int64_t sponsor, int64_t user, enum status_act act,
    struct sponsor_user_out *out)
{
	struct sponsor_user_in	 in = { user, act };

	return app_sponsor_status(as(ACTOR_PROVIDER, sponsor), &in, out);
}

static size_t
users_of(int64_t sponsor)
{
	struct sponsor_list_out	 out;
	enum sponsor_why	 why;

	if (app_sponsor_list(as(ACTOR_PROVIDER, sponsor), &out, &why) != APP_OK)
		return (size_t)-1;
	return out.n;
}

/* ---- The sponsor's side ---- */

static int64_t	 nora;		/* Ann's nurse */

static void
test_who_sponsors(void)
{
	static const struct {
		enum actor_kind	 kind;
		int64_t		*id;
		const char	*what;
	} refused[] = {
		{ ACTOR_PROVIDER, &carl, "a clinician without privileges" },
		{ ACTOR_SPONSORED, &ann, "a sponsored session of Ann's id" },
		{ ACTOR_STAFF, &ann, "staff" },
		{ ACTOR_FAMILY, &ann, "a family account" },
		{ ACTOR_NOBODY, NULL, "nobody" },
		{ ACTOR_CLI, NULL, "portalctl" },
	};
	struct sponsor_list_out	 out;
	struct sponsor_add_out	 aout;
	enum sponsor_why	 why;
	size_t			 i, n;

	T_INT(app_sponsor_may(as(ACTOR_PROVIDER, ann)), 1, "Ann may sponsor");
	T_INT(users_of(ann), 0, "Ann: no users yet");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		int64_t id = refused[i].id != NULL ? *refused[i].id : 0;

		T_INT(app_sponsor_may(as(refused[i].kind, id)), 0, refused[i].what);
		n = rows();
		T_INT(app_sponsor_list(as(refused[i].kind, id), &out, &why),
		    APP_REFUSED, refused[i].what);
		T_INT(why, SPONSOR_NOT_SPONSOR, refused[i].what);
		row_is(n, actor_name(C.a, &C.who), "sponsor.refused", "list",
		    refused[i].what);
		T_INT(add(id, refused[i].kind, "Ivy", "ivy@example.org",
		    "nurse", &aout), APP_REFUSED, refused[i].what);
		T_INT(aout.why, SPONSOR_NOT_SPONSOR, refused[i].what);
		T_INT(account_id("ivy@example.org"), 0, "nothing made");
	}
}

static void
test_add(void)
{
	struct arena		*a = arena_new();
	struct sponsor_add_out	 out;
	struct sponsor_list_out	 list;
	struct provider_account	 acct;
	enum sponsor_why	 why;
	const char		*code;
	size_t			 n;

	n = rows();
	T_INT(add(ann, ACTOR_PROVIDER, "Nora", "nora@example.org", "nurse",
	    &out), APP_OK, "Ann adds Nora");
	nora = out.id;
	T_OK(nora > 0 && nora == account_id("nora@example.org"), "Nora's id");
	row_is(n, arena_printf(a, "provider:%" PRId64, ann), "sponsor.create",
	    arena_printf(a, "provider:%" PRId64 " nurse", nora), "create row");
	T_INT(store_provider_by_id(P->db, a, nora, &acct), 1, "Nora on file");
	T_STR(acct.kind, "sponsored", "kind");
	T_STR(acct.status, "approved", "status");
	T_INT(acct.sponsor_id, ann, "sponsored by Ann");
	T_STR(acct.staff_kind, "nurse", "staff kind");
	T_OK(acct.pw_hash == NULL, "no password yet");
	T_INT(acct.sponsor_granted, 0, "no privileges of her own");
	code = setup_code(a, "nora@example.org");
	T_OK(code != NULL, "Nora's e-mail holds the link");
	T_INT(link_owner(code), nora, "the link is Nora's, purpose setup");
	T_INT(standing(nora), PSTAND_OK, "Nora stands");

	T_INT(app_sponsor_list(as(ACTOR_PROVIDER, ann), &list, &why), APP_OK,
	    "Ann's list");
	T_INT(list.n, 1, "one user");
	if (list.n == 1) {
		T_STR(list.users[0].given, "Nora", "given");
		T_STR(list.users[0].staff_kind, "nurse", "kind");
		T_STR(app_sponsor_kind_label(list.users[0].staff_kind),
		    "Registered nurse", "label");
		T_INT(list.users[0].has_password, 0, "no password yet");
	}
	T_INT(users_of(bob), 0, "Bob does not see Nora");

	/* The same address, in other letters: nothing made. */
	n = rows();
	T_INT(add(ann, ACTOR_PROVIDER, "Nora", "NORA@example.org", "nurse",
	    &out), APP_INVALID, "the address again");
	T_STR(out.field, "email", "the e-mail field");
	T_OK(out.problem != NULL && strstr(out.problem, "already") != NULL,
	    "says so: %s", out.problem);
	row_is(n, arena_printf(a, "provider:%" PRId64, ann),
	    "sponsor.create_refused", "address already on file", "refusal row");
	T_INT(add(bob, ACTOR_PROVIDER, "Nora", "nora@example.org", "office",
	    &out), APP_INVALID, "another sponsor, the same address");
	T_INT(add(ann, ACTOR_PROVIDER, "Ann", "ann@example.org", "other",
	    &out), APP_INVALID, "a clinician's address");
	T_INT(users_of(ann), 1, "still one user");
	T_INT(users_of(bob), 0, "Bob: none");

	/* Only the policy's kinds. */
	T_INT(add(ann, ACTOR_PROVIDER, "Max", "max@example.org", "admin",
	    &out), APP_INVALID, "role admin");
	T_STR(out.field, "role", "the role field");
	T_INT(add(ann, ACTOR_PROVIDER, "Max", "max@example.org", "provider",
	    &out), APP_INVALID, "role provider");
	T_INT(add(ann, ACTOR_PROVIDER, "Max", "max@example.org", NULL,
	    &out), APP_INVALID, "no role");
	T_INT(account_id("max@example.org"), 0, "nothing made");

	/* A sponsored user never sponsors, whoever's id the call carries. */
	T_INT(add(nora, ACTOR_SPONSORED, "Max", "max@example.org", "nurse",
	    &out), APP_REFUSED, "Nora adds");
	T_INT(add(nora, ACTOR_PROVIDER, "Max", "max@example.org", "nurse",
	    &out), APP_REFUSED, "Nora's id as a provider");
	T_INT(account_id("max@example.org"), 0, "nothing made by Nora");
	arena_free(a);
}

static void
test_status(void)
{
	struct arena		*a = arena_new();
	struct sponsor_user_out	 out;
	struct sponsor_user_in	 in;
	const char		*code, *code2;
	size_t			 n;

	/* Another sponsor: no such user, nothing changed. */
	n = rows();
	T_INT(change(bob, nora, SACT_SUSPEND, &out), APP_REFUSED, "Bob suspends");
	T_INT(out.why, SPONSOR_NO_SUCH, "no such user of Bob's");
	row_is(n, arena_printf(a, "provider:%" PRId64, bob), "sponsor.refused",
	    arena_printf(a, "suspend provider:%" PRId64 ": not the sponsor's",
	    nora), "refusal row");
	T_STR(status_of(nora), "approved", "Nora untouched");
	T_INT(change(bob, nora, SACT_REVOKE, &out), APP_REFUSED, "Bob revokes");
	T_INT(change(ann, ann, SACT_SUSPEND, &out), APP_REFUSED, "Ann herself");
	T_INT(change(ann, bob, SACT_REVOKE, &out), APP_REFUSED, "Ann, Bob");
	T_INT(change(ann, 999999, SACT_REVOKE, &out), APP_REFUSED, "no account");
	T_INT(change(nora, nora, SACT_REVOKE, &out), APP_REFUSED, "Nora, as a "
	    "provider");
	in.id = nora;
	T_INT(app_sponsor_resend(as(ACTOR_PROVIDER, bob), &in, &out),
	    APP_REFUSED, "Bob resends");
	n = rows();
	T_INT(app_sponsor_user(as(ACTOR_PROVIDER, bob), &in, &out),
	    APP_REFUSED, "Bob looks Nora up");
	T_OK(out.name == NULL, "no name for Bob");
	row_is(n, arena_printf(a, "provider:%" PRId64, bob), "sponsor.refused",
	    arena_printf(a, "view provider:%" PRId64 ": not the sponsor's",
	    nora), "view refusal row");
	T_INT(app_sponsor_user(as(ACTOR_PROVIDER, ann), &in, &out), APP_OK,
	    "Ann looks Nora up");
	T_STR(out.name, "Nora Lane", "her name");
	T_OK(setup_code(a, "nora@example.org") == NULL, "no e-mail");
	T_STR(status_of(nora), "approved", "Nora still untouched");

	/* Suspend: her standing refuses her next request (which ends the
	 * session and says why, sess.c); reinstating ends the sessions from
	 * before, so that none resumes. */
	session(SESS_SPONSORED, nora);
	session(SESS_PROVIDER, ann);
	n = rows();
	T_INT(change(ann, nora, SACT_SUSPEND, &out), APP_OK, "Ann suspends");
	T_STR(out.name, "Nora Lane", "the user's name");
	row_is(n, arena_printf(a, "provider:%" PRId64, ann), "sponsor.suspend",
	    arena_printf(a, "provider:%" PRId64 " approved -> suspended", nora),
	    "suspend row");
	T_STR(status_of(nora), "suspended", "suspended");
	T_INT(standing(nora), PSTAND_SUSPENDED, "Nora's standing refuses her");
	T_INT(has_session(SESS_PROVIDER, ann), 1, "Ann's stays");
	T_INT(change(ann, nora, SACT_SUSPEND, &out), APP_INVALID, "again");
	T_INT(out.why, SPONSOR_NOT_NOW, "not now");
	in.id = nora;
	T_INT(app_sponsor_resend(as(ACTOR_PROVIDER, ann), &in, &out),
	    APP_INVALID, "no link for a suspended user");

	n = rows();
	T_INT(change(ann, nora, SACT_REINSTATE, &out), APP_OK, "reinstate");
	row_is(n, arena_printf(a, "provider:%" PRId64, ann), "sponsor.reinstate",
	    arena_printf(a, "provider:%" PRId64 " suspended -> approved", nora),
	    "reinstate row");
	T_INT(standing(nora), PSTAND_OK, "Nora stands again");
	T_INT(has_session(SESS_SPONSORED, nora), 0, "her old session ended");
	T_INT(has_session(SESS_PROVIDER, ann), 1, "Ann's stays");
	T_INT(change(ann, nora, SACT_REINSTATE, &out), APP_INVALID, "again");

	/* A new link: the old one stops working. */
	code = setup_code(a, "nora@example.org");
	T_OK(code == NULL, "no e-mail waiting");
	if (app_sponsor_add(as(ACTOR_PROVIDER, ann), &(struct sponsor_add_in){
	    "Olga", "Odom", "olga@example.org", "office" },
	    &(struct sponsor_add_out){ 0 }) != APP_OK)
		T_OK(0, "Olga added");
	code = setup_code(a, "olga@example.org");
	in.id = account_id("olga@example.org");
	n = rows();
	T_INT(app_sponsor_resend(as(ACTOR_PROVIDER, ann), &in, &out), APP_OK,
	    "Ann resends Olga's link");
	row_is(n, arena_printf(a, "provider:%" PRId64, ann),
	    "sponsor.link_resent", arena_printf(a, "provider:%" PRId64, in.id),
	    "resend row");
	code2 = setup_code(a, "olga@example.org");
	T_INT(link_owner(code2), in.id, "the new link works");
	T_INT(link_owner(code), 0, "the old one does not");
	if (store_provider_set_password(P->db, in.id, "x", NOW) == -1)
		T_OK(0, "Olga's password");
	T_INT(app_sponsor_resend(as(ACTOR_PROVIDER, ann), &in, &out),
	    APP_INVALID, "no link once she has a password");
	T_OK(out.problem != NULL && strstr(out.problem, "already chosen") !=
	    NULL, "says why: %s", out.problem);

	/* Revoke: final. */
	session(SESS_SPONSORED, nora);
	n = rows();
	T_INT(change(ann, nora, SACT_REVOKE, &out), APP_OK, "revoke");
	row_is(n, arena_printf(a, "provider:%" PRId64, ann), "sponsor.revoke",
	    arena_printf(a, "provider:%" PRId64 " approved -> revoked", nora),
	    "revoke row");
	T_INT(standing(nora), PSTAND_REVOKED, "revoked: her session refused");
	T_INT(change(ann, nora, SACT_REINSTATE, &out), APP_INVALID,
	    "no reinstating");
	T_OK(out.problem != NULL && strstr(out.problem, "final") != NULL,
	    "says it is final: %s", out.problem);
	T_INT(change(ann, nora, SACT_SUSPEND, &out), APP_INVALID, "no suspending");
	T_INT(change(ann, nora, SACT_REVOKE, &out), APP_INVALID, "no revoking");
	T_STR(status_of(nora), "revoked", "still revoked");
	in.id = nora;
	T_INT(app_sponsor_resend(as(ACTOR_PROVIDER, ann), &in, &out),
	    APP_INVALID, "no link for a revoked user");
	{
		struct sponsor_list_out	 l;
		enum sponsor_why	 why;

		T_INT(app_sponsor_list(as(ACTOR_PROVIDER, ann), &l, &why), APP_OK,
		    "list");
		T_INT(l.n, 2, "Olga and Nora");
		if (l.n == 2) {
			T_STR(l.users[0].given, "Olga", "the active one first");
			T_INT(l.users[0].has_password, 1, "Olga has a password");
			T_STR(l.users[1].status, "revoked", "revoked last");
		}
	}
	arena_free(a);
}

/* ---- The hospital's side ---- */

static void
test_hospital(void)
{
	struct arena		*a = arena_new();
	struct pstatus_out	 out;
	struct sponsor_add_out	 aout;
	int64_t			 pat, olga = account_id("olga@example.org");
	size_t			 n;

	T_INT(add(ann, ACTOR_PROVIDER, "Pat", "pat@example.org", "referral",
	    &aout), APP_OK, "Ann adds Pat");
	pat = aout.id;
	setup_code(a, "pat@example.org");

	/* Privileges off: the users' standing refuses them; Ann stays a
	 * provider but no longer sponsors. On again: the users' sessions
	 * from before are ended. */
	session(SESS_SPONSORED, pat);
	session(SESS_SPONSORED, olga);
	session(SESS_PROVIDER, ann);
	session(SESS_SPONSORED, nora + 1000);	/* nobody's */
	n = rows();
	T_INT(app_provider_sponsor_set(as(ACTOR_CLI, 0), ann, 0, &out), APP_OK,
	    "privileges off");
	row_is(n, "cli", "provider.sponsor_off", arena_printf(a, "provider:%"
	    PRId64 " on -> off", ann), "sponsor_off row");
	T_INT(standing(pat), PSTAND_SPONSOR, "Pat: the sponsor's privileges");
	T_INT(standing(olga), PSTAND_SPONSOR, "Olga too");
	T_INT(standing(ann), PSTAND_OK, "Ann still stands");
	T_INT(app_sponsor_may(as(ACTOR_PROVIDER, ann)), 0, "Ann no longer "
	    "sponsors");
	T_INT(users_of(ann), (size_t)-1, "Ann's list refused");
	T_STR(status_of(pat), "approved", "Pat's own status unchanged");
	T_INT(app_provider_sponsor_set(as(ACTOR_CLI, 0), ann, 1, &out), APP_OK,
	    "privileges on");
	T_INT(standing(pat), PSTAND_OK, "Pat stands again");
	T_INT(has_session(SESS_SPONSORED, pat), 0, "Pat's old session ended");
	T_INT(has_session(SESS_SPONSORED, olga), 0, "Olga's too");
	T_INT(has_session(SESS_SPONSORED, nora + 1000), 1, "no other's");
	T_INT(has_session(SESS_PROVIDER, ann), 1, "Ann's stays");

	/* A sponsored user never gets privileges. */
	T_INT(app_provider_sponsor_set(as(ACTOR_CLI, 0), pat, 1, &out),
	    APP_INVALID, "privileges for Pat");
	T_INT(standing(pat), PSTAND_OK, "nothing changed");
	T_INT(app_provider_sponsor_set(as(ACTOR_CLI, 0), 999999, 1, &out),
	    APP_REFUSED, "no such account");

	/* The sponsor suspended: they and their users are refused;
	 * reinstated: every older session of theirs and their users' ends. */
	session(SESS_SPONSORED, pat);
	n = rows();
	T_INT(app_provider_status_set(as(ACTOR_CLI, 0), ann, SACT_SUSPEND, &out),
	    APP_OK, "IT suspends Ann");
	row_is(n, "cli", "provider.suspend", arena_printf(a, "provider:%" PRId64
	    " approved -> suspended", ann), "provider.suspend row");
	T_INT(standing(ann), PSTAND_SUSPENDED, "Ann suspended");
	T_INT(standing(pat), PSTAND_SPONSOR, "Pat through Ann");
	T_INT(app_provider_status_set(as(ACTOR_CLI, 0), ann, SACT_REINSTATE,
	    &out), APP_OK, "IT reinstates Ann");
	T_INT(standing(pat), PSTAND_OK, "Pat again");
	T_INT(has_session(SESS_PROVIDER, ann), 0, "Ann's old session ended");
	T_INT(has_session(SESS_SPONSORED, pat), 0, "Pat's too");

	/* Who may: IT, provisioning staff; not a verifier, not a provider. */
	n = rows();
	T_INT(app_provider_status_set(as(ACTOR_STAFF, vera), pat, SACT_SUSPEND,
	    &out), APP_REFUSED, "a verifier");
	row_is(n, arena_printf(a, "staff:%" PRId64, vera), "provider.refused", arena_printf(a, "provider:%"
	    PRId64, pat), "refusal row");
	T_INT(app_provider_status_set(as(ACTOR_PROVIDER, ann), pat, SACT_SUSPEND,
	    &out), APP_REFUSED, "a provider");
	T_STR(status_of(pat), "approved", "Pat untouched");
	T_INT(app_provider_status_set(as(ACTOR_STAFF, pia), pat, SACT_SUSPEND,
	    &out), APP_OK, "provisioning staff");
	session(SESS_SPONSORED, pat);
	T_INT(app_provider_status_set(as(ACTOR_CLI, 0), pat, SACT_REVOKE, &out),
	    APP_OK, "IT revokes Pat");
	T_INT(standing(pat), PSTAND_REVOKED, "Pat's session refused");
	T_INT(app_provider_status_set(as(ACTOR_CLI, 0), pat, SACT_REINSTATE,
	    &out), APP_INVALID, "revoked is final for IT too");
	T_INT(app_provider_status_set(as(ACTOR_CLI, 0), 999999, SACT_REVOKE,
	    &out), APP_REFUSED, "no such account");
	arena_free(a);
}

int
main(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "test_app_sponsor: %s\n", err);
		return 1;
	}
	hospital();
	test_who_sponsors();
	test_add();
	test_status();
	test_hospital();
	if (C.a != NULL)
		arena_free(C.a);
	portal_close(P);
	t_portal_remove();
	return t_done("app_sponsor");
}
