/*
 * The family's sharing (lib/app/share.h, grant.h; issue 12.2, F-SHARE
 * 1-2, P-TOKEN) without a web server: who may share and with what scope
 * (a parent of a child under 13, a parent of a 15-year-old with the
 * clinical scope, the teen for their own record, an adult patient), the
 * directory search and its minimum, a share with a provider who has an
 * account, a token for one who has none, cancelling, and removing
 * access; another family, a stranger and ids not theirs are refused and
 * change nothing; each leaves its audit row.
 */
#include <ctype.h>
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "grant.h"
#include "invite.h"
#include "paccess.h"
#include "share.h"
#include "store_accounts.h"
#include "store_audit.h"
#include "store_patients.h"

#define NOW	1768478400	/* 2026-01-15 12:00 UTC */

static struct portal	*P;
static int64_t		 parent, teen_self, adult_self, stranger;
static int64_t		 child, teen, adult, other;
static int64_t		 doc_acct, doc_plain, doc_other;	/* directory */

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_ENTRY, Q_ENTRY_ID, Q_ACCOUNT, Q_GRANTS, Q_TOKENS, Q_MAILS, Q_DOC,
    Q_FOSTER, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_ENTRY] = { "entry", "INSERT INTO providers (npi, given, family, "
	    "credential, specialty, organization, city, family_key, email) "
	    "VALUES (?, ?, ?, 'MD', ?, 'Clinic', ?, ?, ?)" },
	[Q_ENTRY_ID] = { "entry_id", "SELECT id FROM providers WHERE npi = ?" },
	[Q_ACCOUNT] = { "account", "INSERT INTO provider_accounts (kind, "
	    "email, given, family, status, provider_id, created) VALUES "
	    "('provider', ?, 'Dee', 'Doc', 'approved', ?, 1)" },
	[Q_GRANTS] = { "grants", "SELECT COUNT(*) FROM patient_shares "
	    "WHERE patient_id = ? AND revoked IS NULL" },
	[Q_TOKENS] = { "tokens", "SELECT COUNT(*) FROM share_tokens "
	    "WHERE patient_id = ? AND revoked IS NULL" },
	[Q_MAILS] = { "mails", "SELECT COUNT(*) FROM outbox" },
	[Q_DOC] = { "doc", "SELECT id FROM provider_accounts WHERE email = ?" },
	[Q_FOSTER] = { "foster", "UPDATE patients SET foster = 1 WHERE id = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_share", q);

static int64_t
count(int k, int64_t patient)
{
	int64_t	 n = -1;

	if ((k == Q_MAILS ? db_int(P->db, &q[k], &n, "") :
	    db_int(P->db, &q[k], &n, "i", patient)) == -1)
		T_OK(0, "count");
	return n;
}

/* ---- The audit log ---- */

struct last {
	int64_t		 count;
	char		 actor[64], action[64], detail[600];
	int64_t		 patient;
};

static int
keep(const struct audit_row *r, void *arg)
{
	struct last	*l = arg;

	l->count++;
	snprintf(l->actor, sizeof(l->actor), "%s", r->actor ? r->actor : "");
	snprintf(l->action, sizeof(l->action), "%s", r->action ? r->action : "");
	snprintf(l->detail, sizeof(l->detail), "%s", r->detail ? r->detail : "");
	l->patient = r->patient_id;
	return 0;
}

static struct last
last_row(void)
{
	struct last	 l;
	struct arena	*a = arena_new();

	memset(&l, 0, sizeof(l));
	if (store_audit_each(P->db, a, keep, &l) != 0)
		T_OK(0, "read the audit log");
	arena_free(a);
	return l;
}

/* The newest row is action on patient, and it is new. */
static void
row_is(int64_t before, const char *action, int64_t patient, const char *what)
{
	struct last	 l = last_row();

	T_INT(l.count, before + 1, what);
	T_STR(l.action, action, what);
	T_INT(l.patient, patient, what);
}

/* ---- The data ---- */




static int64_t
entry(const char *npi, const char *family, const char *specialty,
    const char *city, const char *email)
{
	char	 key[64];
	int64_t	 id = 0;
	size_t	 i;

	for (i = 0; family[i] != '\0' && i < sizeof(key) - 1; i++)
		key[i] = (char)tolower((unsigned char)family[i]);
	key[i] = '\0';
	T_INT(db_exec(P->db, &q[Q_ENTRY], "ttttttt", npi, "Robin", family,
	    specialty, city, key, email), 0, "entry made");
	T_INT(db_int(P->db, &q[Q_ENTRY_ID], &id, "t", npi), 1, "entry id");
	return id;
}

static void
setup(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "test statements: %s\n", err);
		exit(1);
	}
	child = t_patient(P, "C1", "Ava", "2018-03-01", NOW - 86400);	/* 7 */
	teen = t_patient(P, "T1", "Tess", "2010-06-01", NOW - 86400);	/* 15 */
	adult = t_patient(P, "A1", "Ada", "1990-01-10", NOW - 86400);
	other = t_patient(P, "O1", "Olga", "2017-01-01", NOW - 86400);
	parent = t_account(P, "parent@example.org", "Paula", NOW - 86400);
	teen_self = t_account(P, "tess@example.org", "Tess", NOW - 86400);
	adult_self = t_account(P, "ada@example.org", "Ada", NOW - 86400);
	stranger = t_account(P, "stranger@example.org", "Sam", NOW - 86400);
	t_hold(P, parent, child, "parent", NOW - 86400);
	t_hold(P, parent, teen, "parent", NOW - 86400);
	t_hold(P, teen_self, teen, "self", NOW - 86400);
	t_hold(P, adult_self, adult, "self", NOW - 86400);
	t_hold(P, stranger, other, "parent", NOW - 86400);
	doc_acct = entry("1234567893", "Cardio%Heart", "Pediatric Cardiology",
	    "Hartford", NULL);
	doc_plain = entry("1245319599", "Plainfield", "Child Psychology",
	    "New Haven", "plain@example.org");
	doc_other = entry("1003000126", "Cardiff", "Pediatric Cardiology",
	    "Hartford", NULL);
	T_INT(db_exec(P->db, &q[Q_ACCOUNT], "ti", "dee@example.org", doc_acct),
	    0, "provider account");
}

static struct call
fam(int64_t acct)
{
	return t_call(P, ACTOR_FAMILY, acct, NOW);
}

static struct record_ask
ask(int64_t id)
{
	struct record_ask	 r;

	r.id = id;
	r.raw = id ? "1" : NULL;
	return r;
}

/* ---- Tests ---- */

static void
test_search(void)
{
	struct share_search_in	 in;
	struct share_search_out	 out;
	struct call		 c = fam(parent);

	memset(&in, 0, sizeof(in));
	in.family = "card";
	T_INT(app_share_search(&c, &in, &out), APP_OK, "search by name");
	T_INT(out.n, 2, "two Card... entries");
	T_INT(out.e[0].portal + out.e[1].portal, 1, "one uses the portal");
	in.family = "cardio%";
	T_INT(app_share_search(&c, &in, &out), APP_OK, "'%' is a letter");
	T_INT(out.n, 1, "only Cardio%Heart");
	in.family = "car_";
	T_INT(app_share_search(&c, &in, &out), APP_OK, "'_' is a letter");
	T_INT(out.n, 0, "nothing has car_");
	in.family = "c";
	T_INT(app_share_search(&c, &in, &out), APP_INVALID, "one letter");
	T_STR(out.field, "family", "the name field at fault");
	memset(&in, 0, sizeof(in));
	in.npi = "1245319599";
	T_INT(app_share_search(&c, &in, &out), APP_OK, "by NPI");
	T_INT(out.n, 1, "one by NPI");
	T_INT(out.e[0].id, doc_plain, "the NPI's entry");
	memset(&in, 0, sizeof(in));
	in.specialty = "CARDIO";
	T_INT(app_share_search(&c, &in, &out), APP_INVALID, "specialty alone");
	in.city = "hart";
	T_INT(app_share_search(&c, &in, &out), APP_OK, "specialty and town");
	T_INT(out.n, 2, "two cardiologists in Hartford");
	arena_free(c.a);
}

static void
test_page(void)
{
	struct share_page_in	 in;
	struct share_page_out	 out;
	struct call		 c = fam(parent);
	int64_t			 before;

	in.p = ask(0);
	before = last_row().count;
	T_INT(app_share_page(&c, &in, &out), APP_OK, "parent's first patient");
	T_INT(out.nchoices, 2, "child and teen");
	row_is(before, "share.view", out.h.patient.id, "share.view row");
	in.p = ask(other);
	before = last_row().count;
	T_INT(app_share_page(&c, &in, &out), APP_REFUSED, "another family's");
	T_INT(out.why, SHARE_NOT_SEEN, "not seen");
	row_is(before, "share.refused", 0, "refusal names no patient");
	arena_free(c.a);
	c = fam(t_account(P, "empty@example.org", "Em", NOW - 86400));
	in.p = ask(0);
	T_INT(app_share_page(&c, &in, &out), APP_REFUSED, "nobody on account");
	T_INT(out.why, SHARE_NO_PATIENT, "no patient");
	arena_free(c.a);
}

static void
test_invite(void)
{
	struct share_invite_in	 in;
	struct share_invite_out	 out;
	struct call		 c = fam(parent);
	int64_t			 before, mails;

	in.patient = child;
	in.entry = doc_acct;
	mails = count(Q_MAILS, 0);
	before = last_row().count;
	T_INT(app_share_invite(&c, &in, &out), APP_OK, "parent of a child");
	T_OK(out.grant > 0 && !out.already, "a grant");
	T_INT(count(Q_GRANTS, child), 1, "in force");
	T_INT(count(Q_MAILS, 0), mails + 1, "e-mailed");
	row_is(before, "share.invite", child, "share.invite row");
	T_INT(app_share_invite(&c, &in, &out), APP_OK, "again");
	T_OK(out.already, "already");
	T_INT(count(Q_GRANTS, child), 1, "nothing more");
	in.entry = doc_plain;
	T_INT(app_share_invite(&c, &in, &out), APP_REFUSED, "no account");
	T_INT(out.why, SHARE_NO_ACCOUNT, "needs a token");
	in.entry = 999999;
	T_INT(app_share_invite(&c, &in, &out), APP_REFUSED, "no entry");
	T_INT(out.why, SHARE_NO_ENTRY, "no such entry");
	in.patient = other;
	in.entry = doc_acct;
	before = last_row().count;
	T_INT(app_share_invite(&c, &in, &out), APP_REFUSED, "another family");
	T_INT(out.why, SHARE_NOT_SEEN, "not seen");
	row_is(before, "share.invite_refused", 0, "refusal row");
	T_INT(count(Q_GRANTS, other), 0, "nothing made");
	arena_free(c.a);
}

/* The scope a share of each holder carries, and what a parent sees. */
static void
test_scopes(void)
{
	struct share_invite_in	 in;
	struct share_invite_out	 out;
	struct share_page_in	 pin;
	struct share_page_out	 pout;
	struct grant_revoke_in	 rin;
	struct grant_revoke_out	 rout;
	struct call		 teen_c = fam(teen_self), par = fam(parent),
				 ad = fam(adult_self);
	int64_t			 own;

	in.patient = teen;
	in.entry = doc_acct;
	T_INT(app_share_invite(&teen_c, &in, &out), APP_OK, "teen shares own");
	own = out.grant;
	pin.p = ask(teen);
	T_INT(app_share_page(&teen_c, &pin, &pout), APP_OK, "teen's page");
	T_INT(pout.ngrants, 1, "teen sees own share");
	T_STR(pout.grants[0].scope, "patient", "patient scope");
	T_INT(app_share_page(&par, &pin, &pout), APP_OK, "parent's page");
	T_INT(pout.ngrants, 0, "parent does not see the teen's share");
	rin.patient = teen;
	rin.grant = own;
	T_INT(app_grant_revoke(&par, &rin, &rout), APP_REFUSED,
	    "parent cannot remove it");
	T_INT(count(Q_GRANTS, teen), 1, "still in force");
	T_INT(app_share_invite(&par, &in, &out), APP_OK, "parent shares too");
	T_INT(count(Q_GRANTS, teen), 2, "a clinical grant beside it");
	T_INT(app_share_page(&par, &pin, &pout), APP_OK, "parent's page");
	T_INT(pout.ngrants, 1, "parent sees own");
	T_STR(pout.grants[0].scope, "clinical", "clinical scope");
	in.patient = adult;
	T_INT(app_share_invite(&ad, &in, &out), APP_OK, "adult patient");
	T_INT(app_share_invite(&par, &in, &out), APP_REFUSED, "not their adult");
	T_INT(app_grant_revoke(&teen_c, &rin, &rout), APP_OK, "teen removes own");
	T_INT(count(Q_GRANTS, teen), 1, "removed");
	arena_free(teen_c.a);
	arena_free(par.a);
	arena_free(ad.a);
}

static void
test_tokens(void)
{
	struct share_token_in	 in;
	struct share_token_out	 out;
	struct share_cancel_in	 cin;
	struct share_cancel_out	 cout;
	struct share_page_in	 pin;
	struct share_page_out	 pout;
	struct call		 c = fam(parent), s = fam(stranger),
				 teen_c = fam(teen_self);
	int64_t			 before, mails, first;

	memset(&in, 0, sizeof(in));
	in.patient = child;
	in.entry = doc_plain;
	mails = count(Q_MAILS, 0);
	before = last_row().count;
	T_INT(app_share_token(&c, &in, &out), APP_OK, "token for an entry");
	T_OK(out.token != NULL && strlen(out.token) == 19 &&
	    out.token[4] == '-', "printed XXXX-XXXX-XXXX-XXXX");
	T_STR(out.email, "plain@example.org", "the directory's address");
	T_INT(count(Q_MAILS, 0), mails + 1, "e-mailed");
	T_OK(out.expires > NOW + 180 * 86400 - 7200 &&
	    out.expires < NOW + 182 * 86400, "six months");
	row_is(before, "share.token", child, "share.token row");
	first = out.id;
	in.entry = doc_acct;
	T_INT(app_share_token(&c, &in, &out), APP_REFUSED, "has an account");
	T_INT(out.why, SHARE_HAS_ACCOUNT, "share directly");
	in.entry = 0;
	in.invitee = NULL;
	T_INT(app_share_token(&c, &in, &out), APP_INVALID, "no name");
	in.invitee = "Terry Therapist";
	mails = count(Q_MAILS, 0);
	T_INT(app_share_token(&c, &in, &out), APP_OK, "someone else");
	T_INT(count(Q_MAILS, 0), mails, "no address: no e-mail");
	T_INT(count(Q_TOKENS, child), 2, "two pending");
	memset(&in, 0, sizeof(in));
	in.patient = child;
	in.replace = first;
	T_INT(app_share_token(&c, &in, &out), APP_OK, "cancel and reissue");
	T_INT(count(Q_TOKENS, child), 2, "still two pending");
	T_STR(out.email, "plain@example.org", "same address");
	pin.p = ask(child);
	T_INT(app_share_page(&c, &pin, &pout), APP_OK, "page");
	T_INT(pout.ninvites, 2, "two listed");
	/* The stranger: another family's token and patient. */
	cin.patient = child;
	cin.invite = out.id;
	before = last_row().count;
	T_INT(app_share_cancel(&s, &cin, &cout), APP_REFUSED, "stranger");
	row_is(before, "share.token_cancel_refused", 0, "refusal row");
	cin.patient = other;
	T_INT(app_share_cancel(&s, &cin, &cout), APP_REFUSED, "wrong patient");
	T_INT(cout.why, SHARE_NO_INVITE, "none such");
	T_INT(count(Q_TOKENS, child), 2, "nothing cancelled");
	memset(&in, 0, sizeof(in));
	in.patient = child;
	in.invitee = "Mal";
	T_INT(app_share_token(&s, &in, &out), APP_REFUSED, "stranger's token");
	/* A teen's own token is not the parent's to see or cancel. */
	in.patient = teen;
	in.invitee = "Dr Own";
	T_INT(app_share_token(&teen_c, &in, &out), APP_OK, "teen's token");
	pin.p = ask(teen);
	T_INT(app_share_page(&c, &pin, &pout), APP_OK, "parent's page");
	T_INT(pout.ninvites, 0, "parent does not see it");
	cin.patient = teen;
	cin.invite = out.id;
	T_INT(app_share_cancel(&c, &cin, &cout), APP_REFUSED, "parent cannot");
	before = last_row().count;
	T_INT(app_share_cancel(&teen_c, &cin, &cout), APP_OK, "teen cancels");
	row_is(before, "share.token_cancel", teen, "cancel row");
	T_INT(app_share_cancel(&teen_c, &cin, &cout), APP_REFUSED, "only once");
	arena_free(c.a);
	arena_free(s.a);
	arena_free(teen_c.a);
}

/* Calendar months, local time; the 31st becomes the month's last day. */
static void
test_expiry(void)
{
	static const struct {
		int	 y, m, d;
		long	 months;
		int	 wy, wm, wd;
	} t[] = {
		{ 2026, 1, 15, 6, 2026, 7, 15 },
		{ 2026, 1, 31, 1, 2026, 2, 28 },
		{ 2027, 8, 31, 6, 2028, 2, 29 },
		{ 2026, 10, 31, 6, 2027, 4, 30 },
		{ 2026, 12, 1, 1, 2027, 1, 1 },
	};
	struct tm	 tm;
	time_t		 at, exp;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = t[i].y - 1900;
		tm.tm_mon = t[i].m - 1;
		tm.tm_mday = t[i].d;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		at = mktime(&tm);
		exp = invite_expiry(at, t[i].months);
		localtime_r(&exp, &tm);
		T_INT(tm.tm_year + 1900, t[i].wy, "expiry year");
		T_INT(tm.tm_mon + 1, t[i].wm, "expiry month");
		T_INT(tm.tm_mday, t[i].wd, "expiry day");
		T_INT(tm.tm_hour, 12, "expiry hour");
	}
}

/* The provider's ground on patient, as the provider portal asks it. */
static enum provider_access
ground_of(int64_t patient)
{
	struct pviewer	 v;
	struct paccess	 pa;
	struct call	 c;
	int64_t		 id = 0;

	T_INT(db_int(P->db, &q[Q_DOC], &id, "t", "dee@example.org"), 1, "doc");
	c = t_call(P, ACTOR_PROVIDER, id, NOW);
	T_INT(paccess_viewer(&c, &v), 1, "viewer");
	T_OK(paccess_patient(&c, &v, patient, &pa) != -1, "paccess");
	arena_free(c.a);
	return pa.ground;
}

/* A grant is its giver's consent: it stops counting when the giver may
 * no longer give it (the child went into DCF custody), and whoever may
 * now gives it again, though an equal grant still stands in the table. */
static void
test_dormant(void)
{
	struct share_invite_in	 in;
	struct share_invite_out	 out;
	struct share_page_in	 pin;
	struct share_page_out	 pout;
	struct call		 pc, cw;
	int64_t			 kid, mom, worker, first;

	kid = t_patient(P, "F1", "Finn", "2016-05-05", NOW - 86400);
	mom = t_account(P, "mom@example.org", "Mona", NOW - 86400);
	worker = t_account(P, "worker@example.org", "Wes", NOW - 86400);
	t_hold(P, mom, kid, "parent", NOW - 86400);
	t_hold(P, worker, kid, "dcf_caseworker", NOW - 86400);
	pc = fam(mom);
	in.patient = kid;
	in.entry = doc_acct;
	T_INT(app_share_invite(&pc, &in, &out), APP_OK, "the mother shares");
	first = out.grant;
	T_OK(first > 0, "a grant");
	T_INT(ground_of(kid), PROVIDER_SHARE, "the provider sees the child");

	T_INT(db_exec(P->db, &q[Q_FOSTER], "i", kid), 0, "into DCF custody");
	T_INT(ground_of(kid), PROVIDER_NONE, "the mother's share no longer counts");
	cw = fam(worker);
	pin.p = ask(kid);
	T_INT(app_share_page(&cw, &pin, &pout), APP_OK, "the caseworker's page");
	T_INT(pout.ngrants, 0, "the mother's share is not shown as access");
	T_INT(app_share_invite(&cw, &in, &out), APP_OK, "the caseworker shares");
	T_OK(!out.already && out.grant > 0 && out.grant != first,
	    "a new grant, not 'already has access'");
	T_INT(count(Q_GRANTS, kid), 1, "one grant in force: the old one revoked");
	T_INT(ground_of(kid), PROVIDER_SHARE, "the provider sees the child again");
	T_INT(app_share_page(&cw, &pin, &pout), APP_OK, "the page again");
	T_INT(pout.ngrants, 1, "the caseworker's share is shown");
	arena_free(pc.a);
	arena_free(cw.a);
}

int
main(void)
{
	setup();
	test_search();
	test_page();
	test_invite();
	test_scopes();
	test_tokens();
	test_expiry();
	test_dormant();
	(void)doc_other;
	portal_close(P);
	t_portal_remove();
	return t_done("app_share");
}
