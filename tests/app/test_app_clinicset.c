/*
 * Clinic set-up (lib/app/clinicset.h, issue 13.2) without a web server:
 * the validation every caller shares (minutes, notice, copay, names),
 * local times in the hospital's zone (America/New_York: the spring gap
 * refused, the autumn overlap the first 01:30, a daily series keeping
 * 09:00 across the change), no past slot and no second slot of a type at
 * one start; who may (an admin of the clinic; not an admin of another
 * clinic, whose ids answer as missing ones; not the care team), a
 * document's new version retiring the old, and a taken slot that cannot
 * be withdrawn. Each change and refusal leaves its audit row.
 */
#include <inttypes.h>

#include "app_test.h"
#include "clinicset.h"
#include "conf.h"
#include "db.h"
#include "store_clinics.h"
#include "store_staff.h"

#define NOW	1767268800	/* 2026-01-01 12:00 UTC */

static struct portal	*P;
static int64_t		 admin, admin_other, carer, clinic, other;

/* Tests only: SQL stays in lib/store for the portal. */
enum { Q_AUDIT, Q_BOOK, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_AUDIT] = { "audit", "SELECT count(*) FROM audit WHERE action = ?" },
	[Q_BOOK] = { "book", "INSERT INTO visits (patient_id, clinic_id, "
	    "visit_type_id, type_name, start_at, minutes, source, slot_id, room, "
	    "created, updated) SELECT ?, s.clinic_id, s.visit_type_id, 'x', "
	    "s.start_at, s.minutes, 'portal', s.id, ?, 0, 0 FROM slots s "
	    "WHERE s.id = ?" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_clinicset", q);

static int64_t
audits(const char *action)
{
	int64_t	 n = -1;

	db_int(P->db, &q[Q_AUDIT], &n, "t", action);
	return n;
}

static int64_t
staff(const char *name, const char *role, int64_t in)
{
	int64_t	 id = store_staff_create(P->db, name, "x", name, NULL, NOW);

	T_OK(id > 0, "staff %s", name);
	T_INT(store_staff_role_add(P->db, id, role), 0, "role");
	if (in != 0)
		T_INT(store_clinic_add_staff(P->db, id, in), 0, "member");
	return id;
}

static void
setup(void)
{
	char	 err[256];

	P = t_portal();
	if (db_prepare(P->db, &test_sql, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	conf_apply_tz(P->conf);
	clinic = store_clinic_ensure(P->db, "Cardiology");
	other = store_clinic_ensure(P->db, "Neurology");
	admin = staff("ada", "admin", clinic);
	admin_other = staff("ned", "admin", other);
	carer = staff("cara", "clinic", clinic);
}

/* A call by a staff member (0: portalctl); every call's arena is freed
 * at the end (calls[]). */
static struct arena	*arenas[64];
static size_t		 narenas;

static struct call
as(int64_t who)
{
	struct call	 c = t_call(P, who == 0 ? ACTOR_CLI : ACTOR_STAFF, who,
			    NOW);

	if (narenas < sizeof(arenas) / sizeof(arenas[0]))
		arenas[narenas++] = c.a;
	return c;
}

static void
test_local_time(void)
{
	static const struct {
		const char	*in;
		int		 ok;
		time_t		 want;
	} rows[] = {
		{ "2027-01-15 09:30", 1, 1800023400 },	/* EST: 14:30 UTC */
		{ "2027-07-15 09:30", 1, 1815658200 },	/* EDT: 13:30 UTC */
		{ "2027-03-14 02:30", 0, 0 },		/* spring gap */
		{ "2027-03-14 01:59", 1, 1805007540 },
		{ "2027-03-14 03:00", 1, 1805007600 },	/* 07:00 UTC */
		{ "2027-11-07 01:30", 1, 1825565400 },	/* overlap: EDT's */
		{ "2027-11-07 02:30", 1, 1825572600 },	/* EST again */
		{ "2027-02-29 09:00", 0, 0 },
		{ "2027-01-15 24:00", 0, 0 },
		{ "2027-01-15 9:30", 0, 0 },
		{ "2027-01-15T09:30", 0, 0 },
		{ "2027-01-15 09:30 ", 0, 0 },
		{ "", 0, 0 },
		{ NULL, 0, 0 },
	};
	size_t	 i;
	time_t	 t;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		t = 0;
		T_INT(cs_local_time(rows[i].in, &t) == NULL, rows[i].ok,
		    rows[i].in ? rows[i].in : "(null)");
		if (rows[i].ok)
			T_INT(t, rows[i].want, rows[i].in);
	}
}

static void
test_copay(void)
{
	static const struct {
		const char	*in;
		long		 cents;	/* -1: refused */
	} rows[] = {
		{ "25", 2500 }, { "25.5", 2550 }, { "25.50", 2550 },
		{ "$40", 4000 }, { "0", 0 }, { "", 0 }, { "10000", 1000000 },
		{ "10000.01", -1 }, { "-5", -1 }, { "25.505", -1 }, { "2 5", -1 },
		{ "1e3", -1 }, { ".5", -1 }, { "25.", -1 }, { "100000", -1 },
	};
	size_t	 i;
	long	 c;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		c = -2;
		if (rows[i].cents < 0)
			T_OK(cs_copay(rows[i].in, &c) != NULL, "%s refused",
			    rows[i].in);
		else {
			T_OK(cs_copay(rows[i].in, &c) == NULL, "%s", rows[i].in);
			T_INT(c, rows[i].cents, rows[i].in);
		}
	}
}

static int64_t	 type1;

static void
test_types(void)
{
	static const struct {
		const char	*minutes, *notice, *copay, *field;
	} bad[] = {
		{ "4", "24", "0", "minutes" }, { "481", "24", "0", "minutes" },
		{ "30m", "24", "0", "minutes" }, { "30", "721", "0", "notice_hours" },
		{ "30", "-1", "0", "notice_hours" }, { "30", "24", "10001", "copay" },
	};
	struct cs_type_in	 in;
	struct cs_type		 t, *list;
	struct cs_clinic	*cl;
	struct cs_doc		*docs;
	struct cs_err		 e;
	struct call		 c = as(admin);
	enum cs_why		 why;
	int64_t			 id;
	size_t			 i, n;

	memset(&in, 0, sizeof(in));
	in.clinic = clinic;
	in.name = "Follow-up";
	in.minutes = "30";
	in.notice_hours = "48";
	in.copay = "25.50";
	in.video = 1;
	in.self_schedule = 1;
	in.active = 1;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cs_type_in b = in;

		b.minutes = bad[i].minutes;
		b.notice_hours = bad[i].notice;
		b.copay = bad[i].copay;
		T_INT(app_cs_type_save(&c, &b, &id, &e, &why), APP_INVALID,
		    bad[i].field);
		T_STR(e.field, bad[i].field, "the field named");
	}
	T_INT(app_cs_type_save(&c, &in, &type1, &e, &why), APP_OK, "add");
	T_INT(app_cs_type_save(&c, &in, &id, &e, &why), APP_INVALID, "name twice");
	T_STR(e.field, "name", "name taken");
	T_INT(app_cs_type_get(&c, type1, &t, &docs, &n, &why), APP_OK, "get");
	T_INT(t.copay_cents, 2550, "copay in cents");
	T_INT(t.notice_hours, 48, "notice");
	T_INT(t.video && t.self_schedule && t.active, 1, "flags");
	T_INT(audits("clinic.type.add"), 1, "audited");

	/* The care team does not set up; another clinic's admin is told
	 * the type does not exist, as for a missing one. */
	c = as(carer);
	T_INT(app_cs_types(&c, clinic, &list, &n, &why), APP_REFUSED, "carer");
	T_INT(why, CS_ROLE, "not an admin");
	c = as(admin_other);
	T_INT(app_cs_type_get(&c, type1, &t, &docs, &n, &why), APP_REFUSED,
	    "other clinic's admin");
	T_INT(why, CS_NONE, "as missing");
	T_INT(app_cs_type_get(&c, 999999, &t, &docs, &n, &why), APP_REFUSED,
	    "missing");
	T_INT(why, CS_NONE, "missing");
	in.id = type1;
	in.name = "Renamed";
	T_INT(app_cs_type_save(&c, &in, &id, &e, &why), APP_REFUSED,
	    "other clinic's admin changes");
	T_INT(audits("clinic.refused"), 3, "refusals audited");
	T_INT(audits("staff.refused"), 1, "role refusal audited");
	c = as(admin);
	in.copay = "0";
	T_INT(app_cs_type_save(&c, &in, &id, &e, &why), APP_OK, "change");
	T_INT(id, type1, "same type");
	T_INT(app_cs_types(&c, clinic, &list, &n, &why), APP_OK, "list");
	T_INT(n, 1, "one type");
	T_STR(list[0].name, "Renamed", "renamed");
	T_INT(list[0].copay_cents, 0, "no copay");
	T_INT(app_cs_clinics(&c, &cl, &n, &why), APP_OK, "own clinics");
	T_INT(n, 1, "only the admin's clinic");
}

static void
test_documents(void)
{
	struct cs_doc_in	 in;
	struct cs_doc		 d, *docs;
	struct cs_type		 t;
	struct cs_err		 e;
	struct call		 c = as(admin);
	enum cs_why		 why;
	int64_t			 d1, d2, d3;
	size_t			 n;

	memset(&in, 0, sizeof(in));
	in.type = type1;
	in.title = "Consent";
	in.body = "   \n";
	T_INT(app_cs_doc_add(&c, &in, &d1, &e, &why), APP_INVALID, "blank");
	T_STR(e.field, "body", "body");
	in.body = "I consent.\n\nSigned below.";
	T_INT(app_cs_doc_add(&c, &in, &d1, &e, &why), APP_OK, "add");
	in.replaces = d1;
	in.body = "I consent, version 2.";
	T_INT(app_cs_doc_add(&c, &in, &d2, &e, &why), APP_OK, "new version");
	T_INT(app_cs_doc_get(&c, d1, &d, &why), APP_OK, "old");
	T_INT(d.retired, 1, "old retired");
	T_STR(d.body, "I consent.\n\nSigned below.", "old text kept");
	T_INT(app_cs_doc_add(&c, &in, &d3, &e, &why), APP_REFUSED,
	    "replacing a retired one");
	T_INT(why, CS_DONE, "retired already");
	T_INT(app_cs_type_get(&c, type1, &t, &docs, &n, &why), APP_OK, "type");
	T_INT(n, 2, "two versions");
	T_INT(t.documents, 1, "one in force");
	T_INT(docs[0].retired, 0, "in force first");
	c = as(admin_other);
	T_INT(app_cs_doc_retire(&c, d2, &why), APP_REFUSED, "other admin");
	T_INT(why, CS_NONE, "as missing");
	c = as(admin);
	T_INT(app_cs_doc_retire(&c, d2, &why), APP_OK, "retire");
	T_INT(app_cs_doc_retire(&c, d2, &why), APP_REFUSED, "twice");
	T_INT(audits("clinic.document.add"), 2, "audited");
	T_INT(audits("clinic.document.retire"), 1, "audited");
}

static void
test_slots(void)
{
	struct cs_slots_in	 in;
	struct cs_slot		*s;
	struct cs_err		 e;
	struct call		 c = as(0);	/* portalctl */
	enum cs_why		 why;
	size_t			 n;
	int64_t			 pt;

	memset(&in, 0, sizeof(in));
	in.type = type1;
	in.start = "2025-12-31 09:00";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_INVALID, "past");
	T_STR(e.field, "start", "start");
	in.start = "2027-03-14 02:00";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_INVALID, "gap");
	T_OK(strstr(e.msg, "does not exist") != NULL, "gap: %s", e.msg);
	/* 01:30 every 30 minutes reaches 02:00, which does not exist:
	 * nothing is published. */
	in.start = "2027-03-14 01:30";
	in.count = "2";
	in.every = "30";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_INVALID, "into gap");
	in.start = "2027-03-13 09:00";
	in.count = "3";
	in.every = "1440";
	in.provider = "Dr Ada Park";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_OK, "series");
	T_INT(n, 3, "three");
	T_INT(app_cs_slots(&c, clinic, &s, &n, &why), APP_OK, "list");
	T_INT(n, 3, "listed");
	/* 09:00 EST, then 09:00 EDT twice: 23 hours across the change. */
	T_INT(s[1].start - s[0].start, 82800, "the short day");
	T_INT(s[2].start - s[1].start, 86400, "a whole day");
	in.count = "1";
	in.start = "2027-03-15 09:00";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_INVALID, "duplicate");
	T_OK(strstr(e.msg, "already") != NULL, "duplicate: %s", e.msg);
	in.count = "101";
	T_INT(app_cs_slots_add(&c, &in, &n, &e, &why), APP_INVALID, "too many");
	T_STR(e.field, "count", "count");

	/* A taken slot stays; an open one goes. */
	pt = t_patient(P, "MRN1", "Ann", "2015-01-01", NOW);
	T_INT(db_exec(P->db, &q[Q_BOOK], "iti", pt, "room-1", s[0].id), 0,
	    "booked");
	c = as(admin);
	T_INT(app_cs_slot_withdraw(&c, s[0].id, &why), APP_REFUSED, "taken");
	T_INT(why, CS_TAKEN, "taken");
	c = as(admin_other);
	T_INT(app_cs_slot_withdraw(&c, s[1].id, &why), APP_REFUSED, "other");
	T_INT(why, CS_NONE, "as missing");
	c = as(admin);
	T_INT(app_cs_slot_withdraw(&c, s[1].id, &why), APP_OK, "open one");
	T_INT(app_cs_slot_withdraw(&c, s[1].id, &why), APP_REFUSED, "twice");
	T_INT(why, CS_DONE, "withdrawn already");
	T_INT(audits("clinic.slots.add"), 1, "audited");
	T_INT(audits("clinic.slot.withdraw"), 1, "audited");
}

int
main(void)
{
	setup();
	test_local_time();
	test_copay();
	test_types();
	test_documents();
	test_slots();
	while (narenas > 0)
		arena_free(arenas[--narenas]);
	portal_close(P);
	t_portal_remove();
	return t_done("app_clinicset");
}
