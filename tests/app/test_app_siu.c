/*
 * Visits from scheduling messages (issue 13.1, 13.9), on both engines:
 * `portalctl visits import` run on the realistic messages of
 * tests/data/siu (several vendors' styles, CRLF and LF, an MLLP batch,
 * escapes, offsets, open slots) and on the hostile ones (refused with
 * the reason, nothing changed), the rows they leave, idempotency, and
 * `portalctl visits remind` (who gets an e-mail, once, without health
 * information).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_test.h"
#include "db.h"
#include "siuimport.h"
#include "store_clinics.h"
#include "store_siu.h"
#include "store_visits.h"

enum { Q_TYPE, Q_COUNT_V, Q_COUNT_S, Q_AUDIT, Q_OUTBOX, Q_BOOK, Q_UNBOOK,
    Q_BODIES, Q__MAX };
static const struct db_sql q[Q__MAX] = {
	[Q_TYPE] = { "type",
	    "INSERT INTO visit_types (clinic_id, name, code, minutes, video) "
	    "VALUES (?, ?, ?, ?, ?) RETURNING id" },
	[Q_COUNT_V] = { "count_v", "SELECT count(*) FROM visits" },
	[Q_COUNT_S] = { "count_s", "SELECT count(*) FROM slots" },
	[Q_AUDIT] = { "audit",
	    "SELECT count(*) FROM audit WHERE action = ?" },
	[Q_OUTBOX] = { "outbox",
	    "SELECT count(*) FROM outbox WHERE to_addr = ?" },
	/* A family's booking of the slot through the portal. */
	[Q_BOOK] = { "book",
	    "INSERT INTO visits (patient_id, clinic_id, visit_type_id, "
	    "type_name, start_at, minutes, status, source, slot_id, room, "
	    "created, updated) SELECT p.id, s.clinic_id, s.visit_type_id, "
	    "'Follow-up', s.start_at, s.minutes, 'booked', 'portal', s.id, "
	    "'room-of-the-test', 0, 0 FROM slots s, patients p "
	    "WHERE s.filler_id = ? AND p.mrn = 'T1001'" },
	[Q_BODIES] = { "bodies", "SELECT body FROM outbox WHERE to_addr = ?" },
	[Q_UNBOOK] = { "unbook", "UPDATE visits SET status = 'cancelled' "
	    "WHERE source = 'portal' AND room = 'room-of-the-test'" },
};
static const struct db_sqltab t_sql = DB_SQLTAB("test_siu", q);

static struct portal	*P;
static int64_t		 fu, tele, echo;

static int64_t
count(int which, const char *arg)
{
	int64_t	 n = -1;

	if (arg != NULL)
		db_int(P->db, &q[which], &n, "t", arg);
	else
		db_int(P->db, &q[which], &n, "");
	return n;
}

/* Runs portalctl visits ARGS; its exit status; its output in out. */
static int
ctl(const char *args, char *out, size_t outsz)
{
	char	 cmd[1024], path[300];
	FILE	*f;
	size_t	 n;
	int	 rc;

	snprintf(path, sizeof(path), "%s/ctl.out", t_dir);
	snprintf(cmd, sizeof(cmd), "bin/portalctl visits %s > %s 2>&1", args,
	    path);
	rc = system(cmd);
	out[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(out, 1, outsz - 1, f);
		out[n] = '\0';
		fclose(f);
	}
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int
has(const char *out, const char *what)
{
	return strstr(out, what) != NULL;
}

static struct visit
visit_of(struct arena *a, const char *filler)
{
	struct siu_visit	 sv;
	struct visit		 v;

	memset(&v, 0, sizeof(v));
	T_INT(store_siu_visit(P->db, a, filler, &sv), 1, filler);
	if (sv.id > 0)
		T_INT(store_visit_get(P->db, a, sv.id, &v), 1, filler);
	return v;
}

static void
setup(void)
{
	struct arena	*c_arena = arena_new();
	const char	*name;
	int64_t		 gp, card;
	long		 min;
	int		 video;
	time_t		 now = time(NULL);

	T_OK(t_patient(P, "T1001", "Lily", "2018-04-15", now) > 0, "T1001");
	T_OK(t_patient(P, "T1002", "Sam", "2011-03-02", now) > 0, "T1002");
	T_OK(t_patient(P, "T1003", "Noor", "2014-09-09", now) > 0, "T1003");
	gp = store_clinic_ensure(P->db, "General Pediatrics");
	card = store_clinic_ensure(P->db, "Cardiology");
	T_OK(gp > 0 && card > 0 &&
	    store_clinic_ensure(P->db, "Adolescent Medicine") > 0, "clinics");
	fu = db_insert(P->db, &q[Q_TYPE], "ittii", gp, "Follow-up", "FU",
	    (int64_t)20, (int64_t)0);
	echo = db_insert(P->db, &q[Q_TYPE], "ittii", card, "Echocardiogram",
	    "ECHO", (int64_t)60, (int64_t)0);
	/* As hospital IT sets one up. */
	T_INT(system("bin/portalctl clinic type add --clinic 'General Pediatrics' "
	    "--name 'Video follow-up' --code TELE --minutes 20 --video "
	    "--self-schedule > /dev/null"), 0, "portalctl clinic type");
	T_INT(system("bin/portalctl clinic type add --clinic 'General Pediatrics' "
	    "--name 'Video check' --code TELE2 --minutes 3 2> /dev/null") != 0,
	    1, "portalctl clinic type: 3 minutes refused");
	T_INT(store_siu_type(P->db, c_arena, gp, "TELE", &tele, &name, &min,
	    &video), 1, "the type made");
	T_INT(min * 10 + video, 201, "20 minutes, video");
	T_OK(fu > 0 && tele > 0 && echo > 0, "visit types");
	arena_free(c_arena);
}

/* The realistic set: every message taken, and the rows it leaves. */
static void
realistic(struct arena *a)
{
	char		 out[16384];
	struct visit	 v, w;
	struct siu_slot	 sl;

	T_INT(ctl("import tests/data/siu", out, sizeof(out)), 0, "import exit");
	T_OK(has(out, "12 messages") && has(out, "12 taken (5 new, 2 updated, "
	    "1 cancelled, 1 no-show, 3 slots, 0 unchanged), 0 refused"),
	    "summary: %s", out);

	v = visit_of(a, "EPIC^APT1001");	/* S12, S13, S14 */
	T_INT(v.start, 1797435000, "APT1001 rescheduled to 12-16 10:30 -0500");
	T_STR(v.provider, "Dr. Minh Nguyen, MD", "APT1001 provider modified");
	T_STR(v.status, "booked", "APT1001 booked");
	T_INT(v.type_id, fu, "APT1001 type by AIS-3 code");
	T_STR(v.type_name, "Follow-up", "APT1001 type name");
	T_STR(v.clinic, "General Pediatrics", "APT1001 clinic by AIL-3.9");
	/* AIL-3.9 names the clinic, not a place: the place is building and
	 * floor (the calendar file names no clinic). */
	T_STR(v.location, "Main, floor 2", "APT1001 place by AIL-3.7-8");
	T_STR(v.source, "siu", "source");
	T_INT(v.minutes, 20, "APT1001 minutes");
	T_INT(v.video + v.confidential, 0, "in person, not confidential");
	T_INT(v.room != NULL ? strlen(v.room) : 0, 22, "a room of 16 random "
	    "bytes");

	w = visit_of(a, "CERNERSCHED^88231");	/* CRLF, AIG, local time */
	T_STR(w.status, "cancelled", "88231 cancelled by S15");
	T_STR(w.cancelled_by, "siu", "cancelled by siu");
	T_STR(w.provider, "Dr. Siobhan O'Brien", "\\X27\\ decoded");
	T_INT(w.start, 1797620400, "14:00 New York time without an offset");
	T_INT(w.minutes, 60, "1 H");
	T_STR(w.clinic, "Cardiology", "clinic");
	T_OK(v.room != NULL && w.room != NULL && strcmp(v.room, w.room) != 0,
	    "rooms differ");

	v = visit_of(a, "EPIC^APT2001");	/* MLLP batch */
	T_STR(v.status, "noshow", "S26 no-show");
	v = visit_of(a, "EPIC^APT2002");
	T_INT(v.video, 1, "a video visit (TELE, AIL-4 VIDEO)");
	T_INT(v.confidential, 1, "PD1-12 Y: confidential");
	T_INT(v.minutes, 30, "TQ M30");
	T_INT(v.start, 1797955200, "TQ start with +0000");
	v = visit_of(a, "MEDITECH^AM-77");	/* LF, v2.3 */
	T_INT(v.confidential, 1, "Adolescent Medicine: confidential by conf");
	T_INT(v.type_id, 0, "a code the clinic does not have");
	T_STR(v.type_name, "Adolescent visit", "its text kept");

	T_INT(store_siu_slot(P->db, a, "EPIC^SLOT3001", &sl), 1, "slot 1");
	T_INT(sl.withdrawn, 0, "slot 1 open");
	T_INT(sl.type_id, fu, "slot's type");
	T_INT(store_siu_slot(P->db, a, "EPIC^SLOT3002", &sl), 1, "slot 2");
	T_INT(sl.withdrawn, 1, "slot 2 withdrawn by S15");
	T_INT(count(Q_AUDIT, "visit.import"), 9, "an audit row per visit "
	    "message");
	T_INT(count(Q_AUDIT, "slot.import"), 3, "and per slot message");
}

/* The same again: the same message twice changes nothing. */
static void
again(struct arena *a)
{
	char		 out[16384];
	struct visit	 v0, v1;
	struct siu_slot	 sl;

	v0 = visit_of(a, "EPIC^APT1001");
	T_INT(ctl("import tests/data/siu/04-s14-modify.hl7", out, sizeof(out)),
	    0, "again exit");
	T_OK(has(out, "1 taken (0 new, 0 updated, 0 cancelled, 0 no-show, 0 "
	    "slots, 1 unchanged)"), "04 again: %s", out);
	T_INT(ctl("import - < tests/data/siu/06-mllp-batch.hl7", out,
	    sizeof(out)), 0, "stdin exit");
	T_OK(has(out, "3 messages") && has(out, "3 unchanged"),
	    "MLLP on standard input, again: %s", out);
	v1 = visit_of(a, "EPIC^APT1001");
	T_INT(v1.updated, v0.updated, "not touched");
	/* The open slots' S12s sent again (a replay by the interface
	 * engine): the slot S15 withdrew stays withdrawn, never offered to
	 * families again. */
	T_INT(ctl("import tests/data/siu/07-open-slots.hl7", out, sizeof(out)),
	    0, "07 again exit");
	T_OK(has(out, "2 unchanged"), "07 again: %s", out);
	T_INT(store_siu_slot(P->db, a, "EPIC^SLOT3002", &sl), 1, "slot 2 again");
	T_INT(sl.withdrawn, 1, "slot 2 still withdrawn after a replayed S12");
	T_INT(count(Q_COUNT_V, NULL), 5, "five visits");
	T_INT(count(Q_COUNT_S, NULL), 2, "two slots");
}

/* An open slot a family booked in the portal: the scheduling system's
 * S14 (another time) or S15 of it is refused with the reason, the slot
 * and the family's visit unchanged, never a visit at a time the slot no
 * longer has. */
static void
booked_slot(struct arena *a)
{
	char		 out[16384], path[300];
	struct siu_slot	 sl0, sl1;
	FILE		*f;

	T_INT(db_exec(P->db, &q[Q_BOOK], "t", "EPIC^SLOT3001"), 0, "booked");
	T_INT(store_siu_slot(P->db, a, "EPIC^SLOT3001", &sl0), 1, "slot 1");
	snprintf(path, sizeof(path), "%s/slot-move.hl7", t_dir);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs("MSH|^~\\&|EPIC|CH|MYCHILDRENS|CH|20261201||SIU^S14|MOVE1|P|"
	    "2.5.1\r"
	    "SCH||SLOT3001^EPIC||||||FU^Follow-up^LOCAL|20|MIN|"
	    "^^20^20261222090000-0500||||||||||||||Open\r"
	    "AIS|1||FU^Follow-up visit^LOCAL\r"
	    "AIL|1||GPED^^^CH^^^Main^2^General Pediatrics\r"
	    "MSH|^~\\&|EPIC|CH|MYCHILDRENS|CH|20261201||SIU^S15|MOVE2|P|"
	    "2.5.1\r"
	    "SCH||SLOT3001^EPIC||||||FU^Follow-up^LOCAL|20|MIN|"
	    "^^20^20261221090000-0500||||||||||||||Cancelled\r"
	    "AIL|1||GPED^^^CH^^^Main^2^General Pediatrics\r"
	    "MSH|^~\\&|EPIC|CH|MYCHILDRENS|CH|20261201||SIU^S12|MOVE3|P|"
	    "2.5.1\r"
	    "SCH||SLOT3001^EPIC||||||FU^Follow-up^LOCAL|20|MIN|"
	    "^^20^20261221090000-0500||||||||||||||Booked\r"
	    "PID|1||T1001^^^CH^MR||Test^Patient\r"
	    "AIS|1||FU^Follow-up visit^LOCAL\r"
	    "AIL|1||GPED^^^CH^^^Main^2^General Pediatrics\r", f);
	fclose(f);
	T_INT(ctl(arena_printf(a, "import %s", path), out, sizeof(out)), 1,
	    "move exit");
	T_OK(has(out, "3 refused") && has(out, "booked in the portal") &&
	    has(strstr(out, "booked in the portal") + 1,
	    "booked in the portal") && has(strstr(strstr(out,
	    "booked in the portal") + 1, "booked in the portal") + 1,
	    "booked in the portal"),
	    "a booked slot's S14, S15 and an appointment on it: %s", out);
	T_INT(store_siu_slot(P->db, a, "EPIC^SLOT3001", &sl1), 1, "slot 1");
	T_INT(sl1.start, sl0.start, "the booked slot's time unchanged");
	T_INT(sl1.withdrawn, sl0.withdrawn, "and not withdrawn");
	T_INT(db_exec(P->db, &q[Q_UNBOOK], ""), 0, "unbooked");
}

static void
big(const char *name, size_t field)
{
	char	 path[300];
	FILE	*f;
	size_t	 i;

	snprintf(path, sizeof(path), "%s/%s", t_dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs("MSH|^~\\&|EPIC|CH|MYCHILDRENS|CH|20261201||SIU^S12|BIG|P|2.5.1\r"
	    "SCH||APT9100^EPIC||||||FU|20|MIN|^^20^20261215093000-0500\r"
	    "PID|1||T1001^^^CH^MR||", f);
	for (i = 0; i < field; i++)
		fputc('A', f);
	fputs("\rAIL|1||^^^^^^^^General Pediatrics\r", f);
	fclose(f);
}

static void
hostile(struct arena *a)
{
	char		 out[16384], args[600];
	struct visit	 v0, v1;
	int64_t		 nv = count(Q_COUNT_V, NULL), ns = count(Q_COUNT_S, NULL);
	int64_t		 refused = count(Q_AUDIT, "visit.import.refused");
	static const char *const reasons[] = {
		"h01-not-siu.hl7#1 (control id CTLH01): not a scheduling message",
		"h02-no-msh.hl7#1: text that is not an HL7 message",
		"h03-truncated-mllp.hl7#1: an MLLP frame not ended",
		"h04-bad-escape.hl7#1: AIP-3: an escape",
		"h05-other-patients-filler.hl7#1 (control id CTLH05): the filler "
		    "id is another patient's visit",
		"h06-unknown-mrn.hl7#1 (control id CTLH06): no patient with that MRN",
		"h07-other-authority.hl7#1 (control id CTLH07): no MRN of the "
		    "hospital's assigning authority",
		"h08-unknown-clinic.hl7#1 (control id CTLH08): no clinic",
		"h09-bad-time.hl7#1 (control id CTLH09): a start that is not",
		"h10-segment-name.hl7#1: segment 2: not a segment name",
		"h11-unknown-event.hl7#1 (control id CTLH11): event S17",
		"h12-no-filler.hl7#1 (control id CTLH12): no filler appointment id",
		"h13-cancel-unknown.hl7#1 (control id CTLH13): cancels an "
		    "appointment not on file",
		"h14-far-future.hl7#1 (control id CTLH14): a start more than ten",
		"h15-nul-byte.hl7#1: a NUL",
		"big10m.hl7#1: larger than 1 MiB",
		"big70k.hl7#1: PID-5: longer than 65536 bytes",
	};
	size_t		 i;

	v0 = visit_of(a, "EPIC^APT1001");
	big("big10m.hl7", 10 * 1024 * 1024);
	big("big70k.hl7", 70 * 1024);
	snprintf(args, sizeof(args), "import tests/data/siu/hostile %s/big10m.hl7 "
	    "%s/big70k.hl7", t_dir, t_dir);
	T_INT(ctl(args, out, sizeof(out)), 1, "hostile: exit 1");
	T_OK(has(out, "17 messages") && has(out, "0 taken") &&
	    has(out, "17 refused"), "hostile summary: %s", out);
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		T_OK(has(out, reasons[i]), "reason: %s", reasons[i]);
	T_OK(!has(out, "T1001") && !has(out, "T1003") && !has(out, "Okafor"),
	    "no MRN or name in the report");
	T_INT(count(Q_COUNT_V, NULL), nv, "no visit added");
	T_INT(count(Q_COUNT_S, NULL), ns, "no slot added");
	v1 = visit_of(a, "EPIC^APT1001");
	T_INT(v1.patient_id, v0.patient_id, "APT1001 still its patient's");
	T_INT(v1.start, v0.start, "APT1001 not moved");
	T_INT(v1.updated, v0.updated, "APT1001 not touched");
	/* Framing refusals too. */
	T_INT(count(Q_AUDIT, "visit.import.refused") - refused, 17,
	    "each refused message audited");
}

/* A message for a visit starting at start (UTC), made here. */
static void
relative(const char *name, const char *filler, const char *mrn,
    const char *clinic, time_t start)
{
	char		 path[300], ts[32];
	struct tm	 tm;
	FILE		*f;

	gmtime_r(&start, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d%H%M%S+0000", &tm);
	snprintf(path, sizeof(path), "%s/%s", t_dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fprintf(f, "MSH|^~\\&|EPIC|CH|MYCHILDRENS|CH|20261201||SIU^S12|R|P|2.5.1\r"
	    "SCH||%s^EPIC||||||FU|20|MIN|^^20^%s\rPID|1||%s^^^CH^MR\r"
	    "AIL|1||^^^^^^^^%s\r", filler, ts, mrn, clinic);
	fclose(f);
}

static void
body_fill(struct db_stmt *st, struct arena *a, void *row)
{
	*(const char **)row = db_col_text(a, st, 0);
}

/* The outbox's e-mails to addr whose body has want. */
static long
named(struct arena *a, const char *addr, const char *want)
{
	const char	**b;
	size_t		  n, i;
	long		  k = 0;

	if (db_rows(P->db, a, &q[Q_BODIES], body_fill, sizeof(*b),
	    (void **)&b, &n, "t", addr) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (b[i] != NULL && strstr(b[i], want) != NULL)
			k++;
	return k;
}

static void
reminders(struct arena *a)
{
	char		 out[4096], args[600];
	struct patient	 lily, sam;
	int64_t		 mom, dad, sams_mom, samself;
	time_t		 now = time(NULL);
	struct call	 c;
	long		 visits, sent;

	T_INT(store_patient_by_mrn(P->db, a, "T1001", &lily), 1, "lily");
	T_INT(store_patient_by_mrn(P->db, a, "T1002", &sam), 1, "sam");
	mom = t_account(P, "mom@example.org", "Mom", now);
	dad = t_account(P, "dad@example.org", "Dad", now);
	sams_mom = t_account(P, "samsmom@example.org", "Ann", now);
	samself = t_account(P, "sam@example.org", "Sam", now);
	t_hold(P, mom, lily.id, "parent", now);
	t_hold(P, dad, lily.id, "parent", now);
	t_hold(P, sams_mom, sam.id, "parent", now);
	t_hold(P, samself, sam.id, "self", now);
	/* Lily in 3 days (in person), Sam tomorrow at Adolescent Medicine
	 * (confidential), Lily in 20 days (no reminder yet). */
	relative("r1.hl7", "R1", "T1001", "General Pediatrics", now + 3 * 86400);
	relative("r2.hl7", "R2", "T1002", "Adolescent Medicine", now + 86400);
	relative("r3.hl7", "R3", "T1001", "General Pediatrics", now + 20 * 86400);
	snprintf(args, sizeof(args), "import %s/r1.hl7 %s/r2.hl7 %s/r3.hl7",
	    t_dir, t_dir, t_dir);
	T_INT(ctl(args, out, sizeof(out)), 0, "relative visits");

	c = t_call(P, ACTOR_CLI, 0, now);
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "remind");
	T_INT(visits, 2, "two visits reminded");
	T_INT(sent, 3, "both of Lily's parents and Sam, not Sam's parent");
	T_INT(count(Q_OUTBOX, "mom@example.org"), 1, "mom");
	T_INT(count(Q_OUTBOX, "dad@example.org"), 1, "dad");
	T_INT(count(Q_OUTBOX, "sam@example.org"), 1, "the teen");
	T_INT(count(Q_OUTBOX, "samsmom@example.org"), 0,
	    "no reminder of a confidential visit to a teen's parent");
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "remind again");
	T_INT(visits + sent, 0, "nothing twice");
	arena_free(c.a);
	T_INT(ctl("remind", out, sizeof(out)), 0, "portalctl visits remind");
	T_OK(has(out, "0 visits, 0 e-mails"), "remind output: %s", out);

	/* Issue 15.8: runs that skip days. Lily's visit in 20 days: the
	 * 3-day day missed, the run 2 days before sends the 3-day reminder,
	 * once; the 1-day day missed too, a run an hour before the visit
	 * sends the 1-day one; none after the visit. */
	c = t_call(P, ACTOR_CLI, 0, now + 18 * 86400);
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "2 days before");
	T_INT(count(Q_OUTBOX, "mom@example.org"), 2, "2 days before: mom");
	T_INT(count(Q_OUTBOX, "dad@example.org"), 2, "2 days before: dad");
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "again");
	T_INT(sent, 0, "again: nothing");
	c.now = now + 20 * 86400 - 3600;
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "the day itself");
	T_INT(count(Q_OUTBOX, "mom@example.org"), 3,
	    "an hour before: the 1-day reminder");
	c.now = now + 20 * 86400 + 3600;
	T_INT(app_visit_remind(&c, &visits, &sent), APP_OK, "after the visit");
	T_INT(count(Q_OUTBOX, "mom@example.org"), 3, "after the visit: nothing");
	T_INT(named(a, "mom@example.org", "for Lily, a patient"), 3,
	    "each names Lily by first name (issue 15.5)");
	T_INT(named(a, "sam@example.org", "for Sam, a patient"),
	    count(Q_OUTBOX, "sam@example.org"), "the teen's name Sam");
	T_INT(named(a, "mom@example.org", "Test"), 0, "never the last name");
	arena_free(c.a);
}

int
main(void)
{
	struct arena	*a;
	char		 err[256];

	P = t_portal();
	T_INT(db_prepare(P->db, &t_sql, err, sizeof(err)), 0, "test statements");
	a = arena_new();
	setup();
	realistic(a);
	again(a);
	booked_slot(a);
	hostile(a);
	reminders(a);
	arena_free(a);
	portal_close(P);
	t_portal_remove();
	return t_done("test_app_siu");
}
