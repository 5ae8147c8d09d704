/*
 * The family's home page as an operation (lib/app/home.h; issue 15.1),
 * on SQLite and PostgreSQL: the first patient without ?p=, the cards of
 * the one asked for (upcoming visits soonest first, results of the last
 * 30 days newest first, unread conversations), a teen's confidential
 * visit and result left out for the parent and counted for the teen,
 * "access ends on" for a guardian of a 17-year-old only, and another
 * family's, a missing and a malformed patient refused alike with their
 * row home.refused; each view leaves its row home.view.
 */
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "home.h"

#define NOW	1768478400	/* 2026-01-15 12:00 UTC */
#define DAY	86400

static struct portal	*P;
static int64_t		 parent, teen_acct, stranger;
static int64_t		 teen, young, other, clinic;

enum { Q_CLINIC, Q_VISIT, Q_RESULT, Q_THREAD, Q_AUDIT, Q_AUDIT_ALL, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_CLINIC] = { "clinic", "INSERT INTO clinics (name) VALUES "
	    "('Adolescent Medicine') RETURNING id" },
	[Q_VISIT] = { "visit", "INSERT INTO visits (patient_id, clinic_id, "
	    "type_name, start_at, minutes, status, confidential, source, room, "
	    "created, updated) VALUES (?, ?, ?, ?, 30, 'booked', ?, 'siu', ?, "
	    "1, 1) RETURNING id" },
	[Q_RESULT] = { "result", "INSERT INTO results (patient_id, kind, "
	    "name, resulted, confidential) VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_THREAD] = { "thread", "INSERT INTO threads (patient_id, clinic_id, "
	    "account_id, by_patient, topic, subject, status, unread_family, "
	    "created, updated) VALUES (?, ?, ?, 0, 'general', 'A question', "
	    "'answered', ?, 1, 1) RETURNING id" },
	[Q_AUDIT] = { "audit", "SELECT count(*) FROM audit WHERE action = ? "
	    "AND patient_id = ?" },
	[Q_AUDIT_ALL] = { "audit_all", "SELECT count(*) FROM audit WHERE "
	    "action = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_home", q);

static int	 nroom;

static int64_t
visit(int64_t patient, const char *name, time_t start, int confidential)
{
	char	 room[32];

	snprintf(room, sizeof(room), "room-%d", ++nroom);
	return db_insert(P->db, &q[Q_VISIT], "iitiit", patient, clinic, name,
	    (int64_t)start, (int64_t)confidential, room);
}

static int64_t
result(int64_t patient, const char *kind, const char *name, time_t at,
    int confidential)
{
	return db_insert(P->db, &q[Q_RESULT], "ittii", patient, kind, name,
	    (int64_t)at, (int64_t)confidential);
}

static int64_t
audits(const char *action, int64_t patient)
{
	int64_t	 n = -1;

	if ((patient > 0 ? db_int(P->db, &q[Q_AUDIT], &n, "ti", action,
	    patient) : db_int(P->db, &q[Q_AUDIT_ALL], &n, "t", action)) == -1)
		T_OK(0, "audit count");
	return n;
}

/* app_home as who, for p (raw NULL: no ?p=). */
static enum app_rc
home(int64_t who, int64_t p, const char *raw, struct home_out *out,
    struct call *c)
{
	struct home_in	 in;

	*c = t_call(P, ACTOR_FAMILY, who, NOW);
	in.p.id = p;
	in.p.raw = raw;
	return app_home(c, &in, out);
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
	/* 17 on 2026-01-15: 18 on 2026-06-15. */
	teen = t_patient(P, "T1", "Ana", "2008-06-15", NOW - DAY);
	young = t_patient(P, "Y1", "Ben", "2013-06-15", NOW - DAY);
	other = t_patient(P, "O1", "Olga", "2012-01-01", NOW - DAY);
	parent = t_account(P, "parent@example.org", "Paula", NOW - DAY);
	teen_acct = t_account(P, "ana@example.org", "Ana", NOW - DAY);
	stranger = t_account(P, "other@example.org", "Oona", NOW - DAY);
	t_hold(P, parent, teen, "parent", NOW - DAY);
	t_hold(P, parent, young, "parent", NOW - DAY);
	t_hold(P, teen_acct, teen, "self", NOW - DAY);
	t_hold(P, stranger, other, "parent", NOW - DAY);
	clinic = db_insert(P->db, &q[Q_CLINIC], "");
}

int
main(void)
{
	struct home_out	 out;
	struct call	 c;
	int64_t		 plain, later, secret, lab_new, lab_secret, xray;
	int64_t		 views, refused;

	setup();
	later = visit(teen, "Later visit", NOW + 9 * DAY, 0);
	plain = visit(teen, "Sports physical", NOW + 3 * DAY, 0);
	secret = visit(teen, "Private visit", NOW + 2 * DAY, 1);
	visit(teen, "Past visit", NOW - 2 * DAY, 0);
	visit(young, "Ben's visit", NOW + DAY, 0);
	lab_new = result(teen, "lab", "Hemoglobin", NOW - 2 * DAY, 0);
	lab_secret = result(teen, "lab", "Secret lab", NOW - DAY, 1);
	xray = result(teen, "radiology", "Chest X-ray", NOW - 20 * DAY, 0);
	result(teen, "lab", "Old lab", NOW - 31 * DAY, 0);
	result(young, "lab", "Ben's lab", NOW - DAY, 0);
	T_OK(db_insert(P->db, &q[Q_THREAD], "iiii", teen, clinic, parent,
	    (int64_t)1) > 0, "parent's thread");
	T_OK(db_insert(P->db, &q[Q_THREAD], "iiii", teen, clinic, teen_acct,
	    (int64_t)1) > 0, "teen's thread");
	T_OK(db_insert(P->db, &q[Q_THREAD], "iiii", teen, clinic, parent,
	    (int64_t)0) > 0, "a read thread");

	/* The parent, about the 17-year-old. */
	views = audits("home.view", teen);
	T_INT(home(parent, teen, "1", &out, &c), APP_OK, "parent: Ana");
	T_INT(out.why, RECORD_OK, "parent: seen");
	T_INT(out.rv.patient.id, teen, "parent: Ana shown");
	T_INT(out.nchoices, 2, "parent: two to switch between");
	T_STR(out.ends, "2026-06-15", "parent: access ends on the 18th birthday");
	T_INT(out.unread, 1, "parent: one unread, not the teen's");
	T_INT(out.nupcoming, 2, "parent: two upcoming, not the confidential one");
	if (out.nupcoming == 2) {
		T_INT(out.upcoming[0].s.v.id, plain, "parent: soonest first");
		T_INT(out.upcoming[1].s.v.id, later, "parent: then the later");
	}
	T_INT(out.nresults, 2, "parent: two new results, not the secret one");
	if (out.nresults == 2) {
		T_INT(out.results[0].row.id, lab_new, "parent: newest first");
		T_INT(out.results[1].row.id, xray, "parent: then the X-ray");
		T_INT(out.results[1].s, REC_RADIOLOGY, "parent: radiology");
	}
	T_INT(out.mfa_off, 1, "parent: two-step sign-in off");
	T_STR(out.given, "Paula", "parent: the holder's name");
	T_INT(audits("home.view", teen), views + 1, "parent: home.view row");
	arena_free(c.a);

	/* Without ?p=: the first the account sees (by name: Ana). */
	T_INT(home(parent, 0, NULL, &out, &c), APP_OK, "parent: no p");
	T_INT(out.rv.patient.id, teen, "parent: the first");
	arena_free(c.a);

	/* The 12-year-old: no notice, only his cards. */
	T_INT(home(parent, young, "1", &out, &c), APP_OK, "parent: Ben");
	T_OK(out.ends == NULL, "parent: no end for a 12-year-old");
	T_INT(out.nupcoming, 1, "parent: Ben's visit");
	T_INT(out.nresults, 1, "parent: Ben's lab");
	T_INT(out.unread, 0, "parent: no thread about Ben");
	arena_free(c.a);

	/* The teen's own account: the confidential ones, no end. */
	T_INT(home(teen_acct, 0, NULL, &out, &c), APP_OK, "teen");
	T_OK(out.ends == NULL, "teen: no end on the own account");
	T_INT(out.nupcoming, 3, "teen: the confidential visit too");
	if (out.nupcoming > 0)
		T_INT(out.upcoming[0].s.v.id, secret, "teen: soonest first");
	T_INT(out.nresults, 3, "teen: the secret lab too");
	if (out.nresults > 0)
		T_INT(out.results[0].row.id, lab_secret, "teen: newest first");
	T_INT(out.unread, 1, "teen: the own thread only");
	arena_free(c.a);

	/* Another family's, a missing and a malformed patient: one answer. */
	refused = audits("home.refused", other);
	T_INT(home(parent, other, "1", &out, &c), APP_REFUSED, "other family's");
	T_INT(out.why, RECORD_NOT_SEEN, "other family's: not seen");
	T_INT(audits("home.refused", other), refused + 1, "its row");
	arena_free(c.a);
	T_INT(home(parent, 424242, "424242", &out, &c), APP_REFUSED, "missing");
	T_INT(out.why, RECORD_NOT_SEEN, "missing: not seen");
	arena_free(c.a);
	refused = audits("home.refused", 0);
	T_INT(home(parent, 0, "x1", &out, &c), APP_REFUSED, "malformed");
	T_INT(out.why, RECORD_NOT_SEEN, "malformed: not seen");
	T_INT(audits("home.refused", 0), refused + 1, "malformed: its row");
	arena_free(c.a);

	/* An account with nobody: its own cards, no patient. */
	T_INT(home(t_account(P, "none@example.org", "Nia", NOW), 0, NULL, &out,
	    &c), APP_OK, "nobody on the account");
	T_INT(out.why, RECORD_NO_PATIENT, "nobody: no patient");
	arena_free(c.a);

	portal_close(P);
	t_portal_remove();
	return t_done("app_home");
}
