/*
 * The family's Visits operations (lib/app/visits.h; issue 13.3-13.6)
 * without a web server, on SQLite and PostgreSQL: confirm within 30 days
 * (once), cancel with a reason and never inside the type's notice (one
 * second either side), the slot open again after a cancel, booking
 * (seen in the clinic, a self-schedulable type, an hour ahead), the race
 * on one slot decided by the partial unique index (two inserts: the
 * second inserts nothing), and another family's visit as a missing one;
 * each leaves its audit row and refusals change nothing.
 */
#include <inttypes.h>

#include "app_test.h"
#include "db.h"
#include "store_vfamily.h"
#include "visits.h"

#define NOW	1768478400	/* 2026-01-15 12:00 UTC */
#define HOUR	3600
#define DAY	86400

static struct portal	*P;
static int64_t		 parent, stranger, child, other;
static int64_t		 clinic, never, type_self, type_not, type_never;

enum { Q_CLINIC, Q_TYPE, Q_SLOT, Q_VISIT, Q_STATUS, Q_AUDIT, Q_BOOKED,
    Q_ENCOUNTER, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_CLINIC] = { "clinic", "INSERT INTO clinics (name, phone) VALUES "
	    "(?, '617-555-0140') RETURNING id" },
	[Q_TYPE] = { "type", "INSERT INTO visit_types (clinic_id, name, "
	    "minutes, self_schedule, notice_hours) VALUES (?, ?, 30, ?, 24) "
	    "RETURNING id" },
	[Q_SLOT] = { "slot", "INSERT INTO slots (clinic_id, visit_type_id, "
	    "provider, start_at, minutes, created) VALUES (?, ?, 'Dr Park', ?, "
	    "30, 1) RETURNING id" },
	[Q_VISIT] = { "visit", "INSERT INTO visits (patient_id, clinic_id, "
	    "visit_type_id, type_name, start_at, minutes, status, source, room, "
	    "created, updated) VALUES (?, ?, ?, 'Follow-up', ?, 30, ?, 'siu', "
	    "?, 1, 1) RETURNING id" },
	[Q_STATUS] = { "status", "SELECT CASE status WHEN 'booked' THEN 1 "
	    "WHEN 'cancelled' THEN 2 ELSE 3 END + "
	    "CASE WHEN confirmed IS NULL THEN 0 ELSE 10 END FROM visits "
	    "WHERE id = ?" },
	[Q_AUDIT] = { "audit", "SELECT count(*) FROM audit WHERE action = ?" },
	[Q_BOOKED] = { "booked", "SELECT count(*) FROM visits WHERE "
	    "slot_id = ? AND status = 'booked'" },
	[Q_ENCOUNTER] = { "encounter", "INSERT INTO encounters (patient_id, "
	    "date, department) VALUES (?, '2025-06-01', ?) RETURNING id" },
};
static const struct db_sqltab test_sql = DB_SQLTAB("test_visits", q);

static int	 nroom;

static int64_t
visit(int64_t patient, int64_t type, time_t start, const char *status)
{
	char	 room[32];

	snprintf(room, sizeof(room), "room-%d", ++nroom);
	return db_insert(P->db, &q[Q_VISIT], "iiiitt", patient, clinic, type,
	    (int64_t)start, status, room);
}

static int64_t
one(int k, const char *text, int64_t id)
{
	int64_t	 n = -1;

	if ((text != NULL ? db_int(P->db, &q[k], &n, "t", text) :
	    db_int(P->db, &q[k], &n, "i", id)) == -1)
		T_OK(0, "count");
	return n;
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
	child = t_patient(P, "C1", "Ava", "2018-03-01", NOW - DAY);
	other = t_patient(P, "O1", "Olga", "2017-01-01", NOW - DAY);
	parent = t_account(P, "parent@example.org", "Paula", NOW - DAY);
	stranger = t_account(P, "other@example.org", "Oona", NOW - DAY);
	t_hold(P, parent, child, "parent", NOW - DAY);
	t_hold(P, stranger, other, "parent", NOW - DAY);
	clinic = db_insert(P->db, &q[Q_CLINIC], "t", "Allergy");
	never = db_insert(P->db, &q[Q_CLINIC], "t", "Cardiology");
	type_self = db_insert(P->db, &q[Q_TYPE], "iti", clinic, "New", 1);
	type_not = db_insert(P->db, &q[Q_TYPE], "iti", clinic, "Long", 0);
	type_never = db_insert(P->db, &q[Q_TYPE], "iti", never, "Echo", 1);
	/* both patients were seen in Allergy last month */
	visit(child, type_self, NOW - 30 * DAY, "completed");
	visit(other, type_self, NOW - 30 * DAY, "completed");
}

static enum app_rc
act(int64_t who, int cancel, int64_t v, const char *reason,
    struct visits_one_out *out)
{
	struct call		 c = t_call(P, ACTOR_FAMILY, who, NOW);
	struct visits_one_in	 in;
	enum app_rc		 rc;

	memset(&in, 0, sizeof(in));
	in.v.id = v;
	in.v.raw = "1";
	in.reason = reason;
	rc = cancel ? app_visits_cancel(&c, &in, out) :
	    app_visits_confirm(&c, &in, out);
	arena_free(c.a);
	return rc;
}

static void
test_confirm(void)
{
	struct visits_one_out	 out;
	int64_t			 near, far, edge, theirs;
	int64_t			 refused = one(Q_AUDIT, "visit.confirm_refused", 0);

	near = visit(child, type_self, NOW + 3 * DAY, "booked");
	/* day 30 in the hospital's zone, late in the evening: in */
	edge = visit(child, type_self, NOW + 30 * DAY + 10 * HOUR, "booked");
	far = visit(child, type_self, NOW + 31 * DAY + 10 * HOUR, "booked");
	theirs = visit(other, type_self, NOW + 3 * DAY, "booked");
	T_INT(act(parent, 0, near, NULL, &out), APP_OK, "confirm near");
	T_INT(one(Q_STATUS, NULL, near), 11, "confirmed");
	T_INT(act(parent, 0, near, NULL, &out), APP_REFUSED, "confirm twice");
	T_INT(out.verdict, VISIT_ALREADY, "already");
	T_INT(act(parent, 0, edge, NULL, &out), APP_OK, "confirm on day 30");
	T_INT(act(parent, 0, far, NULL, &out), APP_REFUSED, "confirm on day 31");
	T_INT(out.verdict, VISIT_TOO_FAR, "too far");
	T_INT(one(Q_STATUS, NULL, far), 1, "far unchanged");
	T_INT(act(parent, 0, theirs, NULL, &out), APP_REFUSED, "another's");
	T_INT(out.why, VW_NOT_SEEN, "another's: missing");
	T_INT(act(parent, 0, 999999, NULL, &out), APP_REFUSED, "none");
	T_INT(out.why, VW_NOT_SEEN, "none: missing");
	T_INT(one(Q_STATUS, NULL, theirs), 1, "theirs unchanged");
	T_INT(one(Q_AUDIT, "visit.confirm_refused", 0), refused + 4,
	    "refusals audited");
}

static void
test_cancel(void)
{
	struct visits_one_out	 out;
	int64_t			 inside, outside;

	/* notice 24 h: one second either side */
	inside = visit(child, type_self, NOW + 24 * HOUR - 1, "booked");
	outside = visit(child, type_self, NOW + 24 * HOUR + 1, "booked");
	T_INT(act(parent, 1, outside, "", &out), APP_INVALID, "no reason");
	T_STR(out.field, "reason", "the reason's field");
	T_INT(one(Q_STATUS, NULL, outside), 1, "not cancelled");
	T_INT(act(parent, 1, inside, "Ill", &out), APP_REFUSED, "inside notice");
	T_INT(out.verdict, VISIT_INSIDE_NOTICE, "inside notice verdict");
	T_INT(one(Q_STATUS, NULL, inside), 1, "inside: not cancelled");
	T_INT(act(parent, 1, outside, "Ill", &out), APP_OK, "outside notice");
	T_INT(one(Q_STATUS, NULL, outside), 2, "cancelled");
	T_INT(act(parent, 1, outside, "Ill", &out), APP_REFUSED, "twice");
	T_INT(out.verdict, VISIT_NOT_UPCOMING, "no longer upcoming");
	T_INT(act(stranger, 1, inside, "Ill", &out), APP_REFUSED, "another's");
	T_INT(out.why, VW_NOT_SEEN, "another's: missing");
}

static enum app_rc
book(int64_t who, int64_t patient, int64_t slot,
    struct visits_schedule_out *out)
{
	struct call			 c = t_call(P, ACTOR_FAMILY, who, NOW);
	struct visits_schedule_in	 in;
	enum app_rc			 rc;

	memset(&in, 0, sizeof(in));
	in.p.id = patient;
	in.p.raw = "1";
	in.slot = slot;
	rc = app_visits_book(&c, &in, out);
	arena_free(c.a);
	return rc;
}

static void
test_book(void)
{
	struct visits_schedule_out	 out;
	struct visits_one_out		 oout;
	struct vf_slot			 s;
	struct vf_type			 t;
	struct arena			*a = arena_new();
	int64_t				 ok, past, soon, notself, neverseen;
	int64_t				 race, id1, id2, v;

	ok = db_insert(P->db, &q[Q_SLOT], "iii", clinic, type_self,
	    (int64_t)(NOW + 2 * DAY));
	past = db_insert(P->db, &q[Q_SLOT], "iii", clinic, type_self,
	    (int64_t)(NOW - HOUR));
	soon = db_insert(P->db, &q[Q_SLOT], "iii", clinic, type_self,
	    (int64_t)(NOW + HOUR - 1));
	notself = db_insert(P->db, &q[Q_SLOT], "iii", clinic, type_not,
	    (int64_t)(NOW + 2 * DAY));
	neverseen = db_insert(P->db, &q[Q_SLOT], "iii", never, type_never,
	    (int64_t)(NOW + 2 * DAY));
	T_INT(book(parent, child, past, &out), APP_REFUSED, "past slot");
	T_INT(out.book, BOOK_GONE, "past: gone");
	T_INT(book(parent, child, soon, &out), APP_REFUSED, "inside an hour");
	T_INT(out.book, BOOK_GONE, "soon: gone");
	T_INT(book(parent, child, notself, &out), APP_REFUSED, "not self");
	T_INT(out.book, BOOK_NOT_SELF, "not self verdict");
	T_INT(book(parent, child, neverseen, &out), APP_REFUSED, "never seen");
	T_INT(out.book, BOOK_NOT_SEEN_HERE, "never seen verdict");
	T_INT(book(parent, other, ok, &out), APP_REFUSED, "another's patient");
	T_INT(out.why, VW_NOT_SEEN, "another's patient: missing");
	T_INT(one(Q_BOOKED, NULL, ok), 0, "nothing booked");
	T_INT(book(parent, child, ok, &out), APP_OK, "book");
	v = out.visit;
	T_INT(one(Q_BOOKED, NULL, ok), 1, "booked");
	T_INT(book(stranger, other, ok, &out), APP_REFUSED, "taken");
	T_INT(out.why, VW_TAKEN, "taken: told");
	T_INT(one(Q_AUDIT, "visit.book_taken", 0), 1, "taken audited");
	/* cancelled: the slot is open again */
	T_INT(act(parent, 1, v, "Better", &oout), APP_OK, "cancel booked");
	T_INT(book(stranger, other, ok, &out), APP_OK, "booked again");

	/* The race, as two inserts: the index decides. */
	race = db_insert(P->db, &q[Q_SLOT], "iii", clinic, type_self,
	    (int64_t)(NOW + 3 * DAY));
	T_INT(store_vf_slot(P->db, a, race, &s), 1, "slot read");
	T_INT(store_vf_type(P->db, a, type_self, child, NOW, 1, &t), 1, "type read");
	id1 = store_vf_book(P->db, &s, child, &t, parent, "race-room-1", 0, NOW);
	id2 = store_vf_book(P->db, &s, other, &t, stranger, "race-room-2", 0, NOW);
	T_OK(id1 > 0, "first insert books");
	T_INT(id2, 0, "second insert: nothing (not an error)");
	T_INT(one(Q_BOOKED, NULL, race), 1, "one booking");
	arena_free(a);
}

/* Seen in a clinic by the record alone: a C-CDA encounter whose
 * department is the clinic's name, case aside. */
static void
test_seen_by_encounter(void)
{
	struct visits_schedule_out	 out;
	int64_t				 slot, pat, acct;

	pat = t_patient(P, "E1", "Eve", "2016-01-01", NOW - DAY);
	acct = t_account(P, "eve.parent@example.org", "Erin", NOW - DAY);
	t_hold(P, acct, pat, "parent", NOW - DAY);
	slot = db_insert(P->db, &q[Q_SLOT], "iii", never, type_never,
	    (int64_t)(NOW + 4 * DAY));
	T_INT(book(acct, pat, slot, &out), APP_REFUSED, "not seen yet");
	T_INT(out.book, BOOK_NOT_SEEN_HERE, "not seen here");
	T_OK(db_insert(P->db, &q[Q_ENCOUNTER], "it", pat, "CARDIOLOGY") > 0,
	    "encounter");
	T_INT(book(acct, pat, slot, &out), APP_OK, "seen by the record");
}

int
main(void)
{
	setup();
	test_confirm();
	test_cancel();
	test_book();
	test_seen_by_encounter();
	portal_close(P);
	t_portal_remove();
	return t_done("app_visits");
}
