/*
 * Pre-check-in and the profile (lib/app/checkin.h, profile.h; issue
 * 13.7, 14.1) without a web server: each step separately (contact
 * confirmed or edited by the profile's rules, insurance confirmed or a
 * change with card photos checked by content, stored pending, documents
 * signed with the exact text and its SHA-256, the first signature
 * standing), and the refusals: another patient's visit, 31 days out,
 * cancelled, a teen's parent on a confidential visit (each audited,
 * nothing written); the profile's rules, an e-mail change asked (the
 * link stored as a hash), an address of another account answered alike,
 * a bad link refused. Runs on both engines (make check).
 */
#include <inttypes.h>

#include "app_test.h"
#include "auth.h"
#include "checkin.h"
#include "conf.h"
#include "crypto.h"
#include "db.h"
#include "profile.h"
#include "store_accounts.h"
#include "store_audit.h"

#define NOW	1772636400	/* Wednesday 2026-03-04 15:00 UTC */
#define DAY	86400
#define BODY	"I consent to the examination and treatment of my child."

static struct portal	*P;
static int64_t		 parent, other_acct, child, teen, other;
static int64_t		 clinic1, type, doc, v_ok, v_other, v_far, v_gone, v_conf;

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_CLINIC, Q_TYPE, Q_DOC, Q_VISIT, Q_COUNT_CHECKINS, Q_COUNT_CHANGES,
    Q_COUNT_SIGS, Q_COUNT_EMAIL, Q_COUNT_AUDIT, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_CLINIC] = { "clinic", "INSERT INTO clinics (name) VALUES ('Clinic') "
	    "RETURNING id" },
	[Q_TYPE] = { "type", "INSERT INTO visit_types (clinic_id, name, "
	    "minutes, copay_cents) VALUES (?, 'Check-up', 30, 2500) "
	    "RETURNING id" },
	[Q_DOC] = { "doc", "INSERT INTO visit_documents (visit_type_id, title, "
	    "body, created) VALUES (?, 'Consent', ?, ?) RETURNING id" },
	[Q_VISIT] = { "visit", "INSERT INTO visits (patient_id, clinic_id, "
	    "visit_type_id, type_name, start_at, minutes, status, confidential, "
	    "source, room, created, updated) VALUES (?, ?, ?, 'Check-up', ?, "
	    "30, ?, ?, 'siu', ?, ?, ?) RETURNING id" },
	[Q_COUNT_CHECKINS] = { "n_checkins", "SELECT count(*) FROM "
	    "visit_checkins WHERE visit_id = ?" },
	[Q_COUNT_CHANGES] = { "n_changes", "SELECT count(*) FROM "
	    "insurance_changes WHERE visit_id = ? AND status = 'pending'" },
	[Q_COUNT_SIGS] = { "n_sigs", "SELECT count(*) FROM visit_signatures "
	    "WHERE visit_id = ? AND sha256 = ? AND body = ?" },
	[Q_COUNT_EMAIL] = { "n_email", "SELECT count(*) FROM email_changes "
	    "WHERE account_id = ? AND email = ? AND used IS NULL" },
	[Q_COUNT_AUDIT] = { "n_audit", "SELECT count(*) FROM audit "
	    "WHERE action = ? AND detail = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_checkin", q);

static int64_t
n_of(int k, const char *fmt, int64_t i, const char *t1, const char *t2)
{
	int64_t	 n = -1;

	if (strcmp(fmt, "i") == 0)
		T_OK(db_int(P->db, &q[k], &n, "i", i) == 1, "count");
	else if (strcmp(fmt, "itt") == 0)
		T_OK(db_int(P->db, &q[k], &n, "itt", i, t1, t2) == 1, "count");
	else if (strcmp(fmt, "it") == 0)
		T_OK(db_int(P->db, &q[k], &n, "it", i, t1) == 1, "count");
	else
		T_OK(db_int(P->db, &q[k], &n, "tt", t1, t2) == 1, "count");
	return n;
}

static int64_t
visit(int64_t patient, int64_t clinic, time_t start, const char *status,
    int confidential, const char *room)
{
	int64_t	 id = db_insert(P->db, &q[Q_VISIT], "iiiitit" "ii", patient,
	    clinic, type, (int64_t)start, status, (int64_t)confidential, room,
	    (int64_t)NOW, (int64_t)NOW);

	T_OK(id > 0, "visit %s", room);
	return id;
}

static void
setup(void)
{
	char	 err[256];
	int64_t	 clinic;

	P = t_portal();
	/* Online payment offered: the copay is a step (test_app_pay has
	 * the hospital without it). */
	free(P->conf->payment_url);
	P->conf->payment_url = strdup("https://pay.test/pay");
	/* ... which needs a usable secret too (conf_pay_online). */
	free(P->conf->payment_secret);
	P->conf->payment_secret = strdup("checkin-test-secret-0123456789abcdef");
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "test statements: %s\n", err);
		exit(1);
	}
	child = t_patient(P, "C1", "Ava", "2018-03-01", NOW - DAY);
	teen = t_patient(P, "T1", "Tess", "2010-06-01", NOW - DAY);
	other = t_patient(P, "O1", "Olga", "2017-01-01", NOW - DAY);
	parent = t_account(P, "parent@example.org", "Paula", NOW - DAY);
	other_acct = t_account(P, "other@example.org", "Otto", NOW - DAY);
	t_hold(P, parent, child, "parent", NOW - DAY);
	t_hold(P, parent, teen, "parent", NOW - DAY);
	t_hold(P, other_acct, other, "parent", NOW - DAY);
	clinic = db_insert(P->db, &q[Q_CLINIC], "");
	type = db_insert(P->db, &q[Q_TYPE], "i", clinic);
	doc = db_insert(P->db, &q[Q_DOC], "iti", type, BODY, (int64_t)NOW);
	T_OK(clinic > 0 && type > 0 && doc > 0, "clinic, type, document");
	clinic1 = clinic;
	v_ok = visit(child, clinic, NOW + 5 * DAY, "booked", 0, "r1");
	v_other = visit(other, clinic, NOW + 5 * DAY, "booked", 0, "r2");
	v_far = visit(child, clinic, NOW + 31 * DAY, "booked", 0, "r3");
	v_gone = visit(child, clinic, NOW + 5 * DAY, "cancelled", 0, "r4");
	v_conf = visit(teen, clinic, NOW + 5 * DAY, "booked", 1, "r5");
}

static void
test_view_and_refusals(void)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct checkin_out	 o;
	struct checkin_step_in	 in;
	struct checkin_step_out	 out;
	const struct {
		int64_t			*v;
		enum visit_verdict	 want;
		const char		*what;
	} no[] = {
		{ &v_other, VISIT_NOT_SEEN, "another patient's visit" },
		{ &v_far, VISIT_TOO_FAR, "31 days out" },
		{ &v_gone, VISIT_NOT_UPCOMING, "cancelled" },
		{ &v_conf, VISIT_NOT_SEEN, "a teen's confidential visit" },
	};
	size_t			 i;
	char			 detail[64];

	T_INT(app_checkin_view(&c, v_ok, &o), APP_OK, "view");
	T_INT(o.s.needed, STEP_CONTACT | STEP_INSURANCE | STEP_COPAY |
	    STEP_DOCUMENTS, "steps needed");
	T_INT(o.s.done, 0, "none done");
	T_INT(o.ndocs, 1, "one document");
	T_STR(o.docs[0].body, BODY, "shown in full");
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		T_INT(app_checkin_view(&c, *no[i].v, &o), APP_REFUSED, no[i].what);
		T_INT(o.verdict, no[i].want, no[i].what);
		memset(&in, 0, sizeof(in));
		in.visit = *no[i].v;
		in.step = STEP_CONTACT;
		in.what = CHECKIN_CONFIRM;
		T_INT(app_checkin_step(&c, &in, &out), APP_REFUSED, no[i].what);
		T_INT(n_of(Q_COUNT_CHECKINS, "i", *no[i].v, NULL, NULL), 0,
		    no[i].what);
	}
	snprintf(detail, sizeof(detail), "asked v=%" PRId64 " verdict=not_seen",
	    v_other);
	T_INT(n_of(Q_COUNT_AUDIT, "tt", 0, "checkin.refused", detail), 2,
	    "another patient's visit: audited, view and step");
	arena_free(c.a);
}

static void
test_steps(void)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct checkin_step_in	 in;
	struct checkin_step_out	 out;
	struct visit_seen	 s;
	static const unsigned char html[] = "<html><body>card</body></html>";
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2,
		0, 0, 0, 0x90, 0x77, 0x53, 0xde,
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	const char		*hash = checkin_text_hash(c.a, BODY);

	/* Contact: an edit by the profile's rules. */
	memset(&in, 0, sizeof(in));
	in.visit = v_ok;
	in.step = STEP_CONTACT;
	in.what = CHECKIN_EDIT;
	in.c.address1 = "1 Main St";
	in.c.city = "Boston";
	in.c.state = "ZZ";
	in.c.postal = "02115";
	in.c.preferred = "email";
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "bad state");
	T_STR(out.field, "state", "bad state: field");
	in.c.state = "MA";
	in.c.preferred = "text";
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "text, no mobile");
	T_STR(out.field, "phone_mobile", "text needs a mobile");
	T_INT(n_of(Q_COUNT_CHECKINS, "i", v_ok, NULL, NULL), 0, "nothing done");
	in.c.phone_mobile = "617-555-0199";
	T_INT(app_checkin_step(&c, &in, &out), APP_OK, "contact edited");
	T_INT(visit_load(&c, v_ok, &s), 1, "load");
	T_INT(s.done, STEP_CONTACT, "contact done");

	/* Insurance: "This is correct" needs a coverage on file. */
	memset(&in, 0, sizeof(in));
	in.visit = v_ok;
	in.step = STEP_INSURANCE;
	in.what = CHECKIN_CONFIRM;
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "no coverage");
	in.what = CHECKIN_EDIT;
	in.ins.payer = "Harbor Health";
	in.ins.member_id = "HH-1";
	in.ins.subscriber = "Paula Test";
	in.ins.relationship = "parent";
	in.ins.front = html;
	in.ins.front_len = sizeof(html) - 1;
	in.ins.back = png;
	in.ins.back_len = sizeof(png);
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "html card");
	T_STR(out.field, "front", "html card: field");
	in.ins.front = png;
	in.ins.front_len = sizeof(png);
	in.ins.relationship = "cousin";
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "relationship");
	in.ins.relationship = "parent";
	T_INT(n_of(Q_COUNT_CHANGES, "i", v_ok, NULL, NULL), 0, "no change yet");
	T_INT(app_checkin_step(&c, &in, &out), APP_OK, "change submitted");
	T_INT(n_of(Q_COUNT_CHANGES, "i", v_ok, NULL, NULL), 1, "pending change");

	/* Documents. */
	memset(&in, 0, sizeof(in));
	in.visit = v_ok;
	in.step = STEP_DOCUMENTS;
	in.what = CHECKIN_SIGN;
	in.document = doc;
	in.signer = "Paula Test";
	in.shown = hash;
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "not ticked");
	T_STR(out.field, "agree", "not ticked: field");
	in.agree = 1;
	in.signer = "";
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "no name");
	in.signer = "Paula Test";
	in.shown = "00";
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "another text");
	in.shown = hash;
	T_INT(app_checkin_step(&c, &in, &out), APP_OK, "signed");
	T_INT(out.already, 0, "first signature");
	T_INT(n_of(Q_COUNT_SIGS, "itt", v_ok, hash, BODY), 1, "text and hash");
	in.signer = "Somebody Else";
	T_INT(app_checkin_step(&c, &in, &out), APP_OK, "signed again");
	T_INT(out.already, 1, "the first stands");
	T_INT(visit_load(&c, v_ok, &s), 1, "load");
	T_INT(s.done, STEP_CONTACT | STEP_INSURANCE | STEP_DOCUMENTS,
	    "three done; the copay is the payment's");

	/* The copay is not done here. */
	memset(&in, 0, sizeof(in));
	in.visit = v_ok;
	in.step = STEP_COPAY;
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "copay");
	arena_free(c.a);

	/* The signed document, for printing; another family's: refused. */
	{
		struct call		 o = t_call(P, ACTOR_FAMILY, other_acct,
		    NOW);
		struct signature	 sig;
		enum visit_verdict	 v;

		c = t_call(P, ACTOR_FAMILY, parent, NOW);
		T_INT(app_checkin_signed(&c, v_ok, doc, &sig, &v), APP_OK,
		    "printable");
		T_STR(sig.signer, "Paula Test", "signer");
		T_INT(app_checkin_signed(&o, v_ok, doc, &sig, &v), APP_REFUSED,
		    "another family");
		T_INT(v, VISIT_NOT_SEEN, "one answer");
		arena_free(o.a);
		arena_free(c.a);
	}
}

static void
test_profile(void)
{
	struct call			 c = t_call(P, ACTOR_FAMILY, parent, NOW);
	struct profile_save_in		 in;
	struct profile_save_out		 out;
	struct email_confirm_out	 e;

	memset(&in, 0, sizeof(in));
	in.c.postal = "1234";
	T_INT(app_profile_save(&c, &in, &out), APP_INVALID, "bad ZIP");
	T_STR(out.field, "postal", "bad ZIP: field");
	in.c.postal = "";
	in.c.preferred = "home";
	T_INT(app_profile_save(&c, &in, &out), APP_INVALID, "home, no number");
	T_STR(out.field, "phone_home", "home: field");
	in.c.preferred = "email";
	in.c.city = "Boston";
	T_INT(app_profile_save(&c, &in, &out), APP_INVALID, "half an address");
	in.c.city = "";
	/* A new address needs the account's password (review, session 16). */
	T_INT(store_account_set_password(P->db, parent, auth_hash(c.a, P->conf,
	    "Harbor7Lantern"), NOW), 0, "a password set");
	in.c.email = "new.parent@example.org";
	T_INT(app_profile_save(&c, &in, &out), APP_INVALID, "no password");
	T_STR(out.field, "password", "no password: field");
	in.password = "Harbor7Lanterns";
	T_INT(app_profile_save(&c, &in, &out), APP_INVALID, "wrong password");
	T_STR(out.field, "password", "wrong password: field");
	T_INT(n_of(Q_COUNT_EMAIL, "it", parent, "new.parent@example.org", NULL),
	    0, "nothing asked without it");
	in.password = "Harbor7Lantern";
	T_INT(app_profile_save(&c, &in, &out), APP_OK, "e-mail change asked");
	T_INT(out.email_sent, 1, "a link sent");
	T_INT(n_of(Q_COUNT_EMAIL, "it", parent, "new.parent@example.org", NULL),
	    1, "the change waits");
	/* An address of another account: the same answer, no change row. */
	in.c.email = "OTHER@example.org";
	T_INT(app_profile_save(&c, &in, &out), APP_OK, "taken address");
	T_INT(out.email_sent, 1, "the same answer");
	T_INT(n_of(Q_COUNT_EMAIL, "it", parent, "OTHER@example.org", NULL), 0,
	    "nothing waits for it");
	/* Retired as by any newer request: the holder cannot tell. */
	T_INT(n_of(Q_COUNT_EMAIL, "it", parent, "new.parent@example.org", NULL),
	    0, "the earlier change retired");
	/* Links: malformed, unknown. */
	T_INT(app_profile_email_confirm(&c, "short", &e), APP_REFUSED, "short");
	T_INT(e.why, EMAIL_BAD, "short: bad");
	T_INT(app_profile_email_confirm(&c,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &e), APP_REFUSED,
	    "unknown");
	T_INT(e.why, EMAIL_BAD, "unknown: bad");
	arena_free(c.a);
}

/* Who reports a change is the summary's rule (policy_insurance): a
 * teen's own account confirms but does not report; the parent does. */
static void
test_teen_insurance(void)
{
	int64_t			 teen_acct, v_teen;
	struct call		 c;
	struct checkin_out	 o;
	struct checkin_step_in	 in;
	struct checkin_step_out	 out;
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2,
		0, 0, 0, 0x90, 0x77, 0x53, 0xde,
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };

	teen_acct = t_account(P, "tess@example.org", "Tess", NOW - DAY);
	t_hold(P, teen_acct, teen, "self", NOW - DAY);
	v_teen = visit(teen, clinic1, NOW + 5 * DAY,
	    "booked", 0, "r-teen");
	memset(&in, 0, sizeof(in));
	in.visit = v_teen;
	in.step = STEP_INSURANCE;
	in.what = CHECKIN_EDIT;
	in.ins.payer = "Harbor Health";
	in.ins.member_id = "HH-2";
	in.ins.subscriber = "Wei Test";
	in.ins.relationship = "parent";
	in.ins.front = in.ins.back = png;
	in.ins.front_len = in.ins.back_len = sizeof(png);

	c = t_call(P, ACTOR_FAMILY, teen_acct, NOW);
	T_INT(app_checkin_view(&c, v_teen, &o), APP_OK, "the teen's view");
	T_INT(o.ins_may_report, 0, "the teen does not report");
	T_INT(app_checkin_step(&c, &in, &out), APP_INVALID, "the teen's change");
	T_STR(out.msg, INSURANCE_NOT_YOURS, "who reports");
	T_INT(n_of(Q_COUNT_CHANGES, "i", v_teen, NULL, NULL), 0, "none stored");
	arena_free(c.a);
	c = t_call(P, ACTOR_FAMILY, parent, NOW);
	T_INT(app_checkin_view(&c, v_teen, &o), APP_OK, "the parent's view");
	T_INT(o.ins_may_report, 1, "the parent reports");
	T_INT(app_checkin_step(&c, &in, &out), APP_OK, "the parent's change");
	T_INT(n_of(Q_COUNT_CHANGES, "i", v_teen, NULL, NULL), 1, "stored");
	arena_free(c.a);
}

int
main(void)
{
	setup();
	test_view_and_refusals();
	test_steps();
	test_profile();
	test_teen_insurance();
	portal_close(P);
	t_portal_remove();
	return t_done("app_checkin");
}
